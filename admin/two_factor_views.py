"""Two-factor sign-in, page by page: every signed-in admin can turn it on for their own
account (scan a QR code, confirm with a code) and off again (with a code). An admin who
lost their phone is reset with ``dgr reset-two-factor``."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from admin import audit, two_factor
from admin.blueprint import blueprint, db_session
from admin.forms import CodeForm
from storage.models import AdminUser

# The secret being enrolled lives in the signed session cookie until a code confirms it.
ENROL_KEY = "two_factor_enrolment"


def _account(db, for_update: bool = True) -> AdminUser:  # type: ignore[no-untyped-def]
    # Locked for changes: a code sent twice at once is used once.
    user = db.get(AdminUser, current_user.id, with_for_update=for_update)
    assert user is not None  # signed in: the session row refers to it
    return user


def _page(form: CodeForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    with db_session() as db:
        enabled = bool(_account(db, for_update=False).totp_secret)
    secret = None if enabled else session.get(ENROL_KEY)
    enrolment = None
    if secret:
        uri = two_factor.provisioning_uri(secret, current_user.username)
        enrolment = {"qr": two_factor.qr_code_data_uri(uri), "secret": two_factor.grouped(secret)}
    page = render_template(
        "admin/two_factor.html",
        enabled=enabled,
        enrolment=enrolment,
        form=form or CodeForm(formdata=None),
    )
    return page, status


@blueprint.get("/account/two-factor")
@login_required
def two_factor_settings():  # type: ignore[no-untyped-def]
    return _page()


@blueprint.post("/account/two-factor/start")
@login_required
def two_factor_start():  # type: ignore[no-untyped-def]
    session[ENROL_KEY] = two_factor.new_secret()
    return redirect(url_for("admin.two_factor_settings"))


@blueprint.post("/account/two-factor/enable")
@login_required
def two_factor_enable():  # type: ignore[no-untyped-def]
    form = CodeForm()
    secret = session.get(ENROL_KEY)
    if not secret:
        flash("กรุณาเริ่มตั้งค่าใหม่อีกครั้ง", "warning")
        return redirect(url_for("admin.two_factor_settings"))
    if not form.validate():
        return _page(form, 400)
    with db_session() as db:
        enabled = two_factor.enable(_account(db), secret, form.code.data or "")
        if enabled:
            audit.record(db, "two_factor_enable", target=current_user.username)
    if not enabled:
        flash("รหัสยืนยันไม่ถูกต้อง กรุณากรอกรหัส 6 หลักล่าสุดที่แอปแสดง", "error")
        return _page(status=400)
    session.pop(ENROL_KEY, None)
    flash("เปิดการยืนยันตัวตนสองขั้นตอนแล้ว ครั้งต่อไปที่เข้าสู่ระบบจะต้องกรอกรหัสจากแอปด้วย", "success")
    return redirect(url_for("admin.two_factor_settings"))


@blueprint.post("/account/two-factor/disable")
@login_required
def two_factor_disable():  # type: ignore[no-untyped-def]
    form = CodeForm()
    if not form.validate():
        return _page(form, 400)
    with db_session() as db:
        user = _account(db)
        right = two_factor.verify_and_use(user, form.code.data or "")
        if right:
            two_factor.disable(user)
            audit.record(db, "two_factor_disable", target=current_user.username)
    if not right:
        flash("รหัสยืนยันไม่ถูกต้องหรือใช้ไปแล้ว จึงยังไม่ได้ปิดการยืนยันตัวตนสองขั้นตอน", "error")
        return _page(status=400)
    flash("ปิดการยืนยันตัวตนสองขั้นตอนแล้ว", "success")
    return redirect(url_for("admin.two_factor_settings"))
