"""Error pages in Thai for /admin; other paths (the webhook, /healthz) keep Flask's answers."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, InternalServerError

from admin.input_guard import check_admin_request

log = logging.getLogger("dgr.admin")

MESSAGES = {
    400: ("คำขอไม่ถูกต้อง", "ระบบไม่เข้าใจคำขอนี้ กรุณากลับไปหน้าก่อนแล้วลองใหม่อีกครั้ง"),
    403: ("ไม่มีสิทธิ์เข้าถึง", "บัญชีของคุณไม่มีสิทธิ์ใช้หน้านี้ หากต้องการสิทธิ์ กรุณาติดต่อผู้ดูแลระบบ"),
    404: ("ไม่พบหน้าที่ต้องการ", "ขออภัย ไม่พบหน้าหรือข้อมูลนี้ อาจถูกลบไปแล้วหรือที่อยู่ไม่ถูกต้อง"),
    405: ("ใช้งานแบบนี้ไม่ได้", "การทำรายการนี้ต้องกดปุ่มในหน้าเว็บ ไม่สามารถเปิดจากลิงก์โดยตรงได้"),
    413: ("ข้อมูลใหญ่เกินไป", "ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด กรุณาลดขนาดแล้วลองใหม่"),
    429: ("ทำรายการถี่เกินไป", "กรุณารอสักครู่แล้วลองใหม่อีกครั้ง"),
    500: ("ระบบขัดข้อง", "ขออภัย ระบบเกิดข้อผิดพลาด กรุณาลองใหม่อีกครั้ง หากยังพบปัญหา กรุณาแจ้งผู้ดูแลระบบ"),
}
CSRF_MESSAGE = (
    "แบบฟอร์มหมดอายุ",
    "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าเว็บของระบบ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
)


def _is_admin_path() -> bool:
    return request.path == "/admin" or request.path.startswith("/admin/")


def _page(code: int, title: str, message: str):  # type: ignore[no-untyped-def]
    return render_template("admin/error.html", code=code, title=title, message=message), code


def register_error_pages(app: Flask) -> None:
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        if not _is_admin_path() or code not in MESSAGES:
            return error
        return _page(code, *MESSAGES[code])

    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        if not _is_admin_path():
            return error
        log.warning("admin: CSRF check failed on %s %s", request.method, request.path)
        return _page(400, *CSRF_MESSAGE)

    def server_error(error: InternalServerError):  # type: ignore[no-untyped-def]
        if not _is_admin_path():
            return error
        try:
            return _page(500, *MESSAGES[500])
        except Exception:  # e.g. the database is down and the page needs the signed-in user
            log.exception("admin: could not render the error page")
            title, message = MESSAGES[500]
            return f"{title}: {message}", 500, {"Content-Type": "text/plain; charset=utf-8"}

    def out_of_range(error: Exception):  # type: ignore[no-untyped-def]
        # A value the checks let through but the database or the calendar cannot hold
        # (an id past int32, a date before year 1): the request is bad, not the server.
        if not _is_admin_path():
            raise error
        log.warning(
            "admin: refused %s %s: %s", request.method, request.path, type(error).__name__
        )
        return _page(400, *MESSAGES[400])

    app.before_request(check_admin_request)
    app.register_error_handler(DataError, out_of_range)
    app.register_error_handler(OverflowError, out_of_range)
    app.register_error_handler(CSRFError, csrf_error)
    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, http_error)
    app.register_error_handler(500, server_error)
