"""Refusals and error pages of the web view, in Thai. A refused page shows the reason and
how to get a new link, and never any assessment data."""

from __future__ import annotations

import logging

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from bot.web.blueprint import blueprint

log = logging.getLogger("dgr.web")

ASK_AGAIN = 'ขอลิงก์ใหม่ได้ในแชต LINE โดยพิมพ์ "ดู/แก้ไขคำตอบ"'
PAGES: dict[str, tuple[int, str, str]] = {
    "invalid": (403, "ลิงก์ไม่ถูกต้อง", f"ลิงก์นี้ไม่สมบูรณ์หรือถูกแก้ไข จึงเปิดข้อมูลไม่ได้ {ASK_AGAIN}"),
    "expired": (410, "ลิงก์หมดอายุแล้ว", f"ลิงก์ใช้ได้ 7 วันนับจากที่ได้รับ {ASK_AGAIN}"),
    "revoked": (410, "ลิงก์นี้ถูกยกเลิกแล้ว", f"ลิงก์นี้ถูกยกเลิกแล้ว จึงเปิดข้อมูลไม่ได้ {ASK_AGAIN}"),
    "share_gone": (
        410,
        "ลิงก์รายงานนี้ใช้ไม่ได้แล้ว",
        "ผู้ส่งยกเลิกการแชร์รายงานนี้แล้ว หรือลิงก์หมดอายุ หากต้องการดูรายงาน กรุณาขอลิงก์ใหม่จากผู้ส่ง",
    ),
    "signed_out": (
        401,
        "กรุณาเปิดจากลิงก์ในแชต",
        f"หน้านี้เปิดได้จากลิงก์ที่ได้รับในแชต LINE เท่านั้น หรือการเข้าใช้ครั้งก่อนสิ้นสุดแล้ว {ASK_AGAIN}",
    ),
    "not_found": (404, "ไม่พบแบบประเมิน", "ไม่พบแบบประเมินนี้ในข้อมูลของท่าน อาจถูกยกเลิกหรือลบไปแล้ว"),
    "liff": (
        401,
        "ยืนยันบัญชี LINE ไม่สำเร็จ",
        "ระบบยืนยันบัญชี LINE ของท่านไม่ได้ กรุณาปิดหน้านี้แล้วเปิดใหม่จากแชต LINE",
    ),
    "no_data": (
        404,
        "ยังไม่มีข้อมูลการประเมิน",
        'ยังไม่พบแบบประเมินของท่าน เริ่มประเมินได้ในแชต LINE โดยพิมพ์ "เริ่มประเมิน"',
    ),
    "csrf": (
        400,
        "แบบฟอร์มหมดอายุ",
        "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าเว็บของระบบ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
    ),
}
GENERIC = {
    400: ("คำขอไม่ถูกต้อง", "ระบบไม่เข้าใจคำขอนี้ กรุณากลับไปหน้าก่อนแล้วลองใหม่อีกครั้ง"),
    404: ("ไม่พบหน้าที่ต้องการ", f"ขออภัย ไม่พบหน้านี้ ที่อยู่อาจไม่ถูกต้อง {ASK_AGAIN}"),
    405: ("ใช้งานแบบนี้ไม่ได้", "การทำรายการนี้ต้องกดปุ่มในหน้าเว็บ ไม่สามารถเปิดจากลิงก์โดยตรงได้"),
    413: ("ข้อมูลใหญ่เกินไป", "ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด"),
    500: ("ระบบขัดข้อง", "ขออภัย ระบบเกิดข้อผิดพลาด กรุณาลองใหม่อีกครั้ง"),
}


class Refused(Exception):
    """A page that must not open; ``reason`` is a key of ``PAGES``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def page(code: int, title: str, message: str):  # type: ignore[no-untyped-def]
    return render_template("web/error.html", title=title, message=message), code


@blueprint.errorhandler(Refused)
def refused(error: Refused):  # type: ignore[no-untyped-def]
    code, title, message = PAGES[error.reason]
    log.info("web: refused (%s)", error.reason)
    return page(code, title, message)


@blueprint.errorhandler(CSRFError)
def csrf_failed(error: CSRFError):  # type: ignore[no-untyped-def]
    return page(*PAGES["csrf"])


@blueprint.errorhandler(HTTPException)
def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    code = error.code or 500
    title, message = GENERIC.get(code, GENERIC[500] if code >= 500 else GENERIC[400])
    return page(code, title, message)


# Flask looks for a handler of the code before one of the class, the app's included: the
# admin's app-wide handlers of these codes would otherwise answer the web view's errors.
for _code in GENERIC:
    blueprint.register_error_handler(_code, http_error)


# Routing finds no page for a mistyped /web address before any handler of this blueprint
# runs, so Flask would answer in English: every /web address opened that no view takes
# comes here (forms are posted only from the pages).
@blueprint.get("/", defaults={"unknown": ""})
@blueprint.get("/<path:unknown>")
def unknown_page(unknown: str):  # type: ignore[no-untyped-def]
    return page(404, *GENERIC[404])
