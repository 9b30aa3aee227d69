"""Sign in (throttled per account and per address) and sign out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from admin import audit, throttle
from admin.accounts import LoginUser, authenticate
from admin.blueprint import blueprint, db_session
from admin.forms import LoginForm
from storage.models import utcnow


def client_address() -> str:
    return (request.remote_addr or "unknown")[:64]


def _safe_next(target: str | None) -> str:
    # Only local paths: never redirect a signed-in admin to another site.
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.index")


@blueprint.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("admin/login.html", form=form), 400 if form.errors else 200
    username = (form.username.data or "").strip()
    address, now = client_address(), utcnow()
    user: LoginUser | None = None
    with db_session() as db:
        lockout = throttle.check(db, username, address, now)
        if lockout is None:
            user = authenticate(db, username, form.password.data or "")
            throttle.record(db, username, address, user is not None, now)
        action = "login_blocked" if lockout else "login" if user else "login_failed"
        audit.record(db, action, target=username, actor=username or "(ว่าง)")
    if lockout is not None:
        flash(
            "มีการเข้าสู่ระบบไม่สำเร็จหลายครั้ง ระบบจึงระงับชั่วคราว "
            f"กรุณารอประมาณ {lockout.minutes} นาทีแล้วลองใหม่",
            "error",
        )
        return render_template("admin/login.html", form=form), 429
    if user is None:
        flash("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "error")
        return render_template("admin/login.html", form=form), 200
    next_page = _safe_next(request.args.get("next"))
    session.clear()
    login_user(user)
    return redirect(next_page)


@blueprint.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    with db_session() as db:
        audit.record(db, "logout")
    logout_user()
    session.clear()
    flash("ออกจากระบบแล้ว", "info")
    return redirect(url_for("admin.login"))
