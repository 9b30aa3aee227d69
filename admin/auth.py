"""Sign in (throttled per account and per address, with the one-time code of two-factor
accounts) and sign out (the server-side session ends, so its cookie is refused after)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from admin import audit, sessions, throttle, two_factor
from admin.accounts import (
    Credentials,
    LoginUser,
    checked_account,
    credentials,
    password_matches,
    sign_in,
)
from admin.blueprint import blueprint, db_session
from admin.forms import CodeForm, LoginForm
from storage.models import AdminUser, utcnow

# Between a right password and the code of a two-factor account.
PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 300


def client_address() -> str:
    return (request.remote_addr or "unknown")[:64]


def _safe_next(target: str | None) -> str:
    # Only local admin paths: never redirect a signed-in admin to another site.
    if target and target.isprintable() and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/admin"):
            return target
    return url_for("admin.index")


def _begin_attempt(username: str) -> throttle.Attempt | throttle.Lockout:
    """Counts the attempt (committed before the code is checked)."""
    with db_session() as db:
        outcome = throttle.begin(db, username, client_address(), utcnow())
        if isinstance(outcome, throttle.Lockout):
            audit.record(db, "login_blocked", target=username, actor=username or "(ว่าง)")
    return outcome


def _begin_password_attempt(
    username: str,
) -> tuple[throttle.Attempt | throttle.Lockout, Credentials | None]:
    """Counts the attempt and reads the account in one short transaction; the slow hash is
    then computed with none open (on SQLite a transaction holds the database's write lock)."""
    with db_session() as db:
        outcome = throttle.begin(db, username, client_address(), utcnow())
        if isinstance(outcome, throttle.Lockout):
            audit.record(db, "login_blocked", target=username, actor=username or "(ว่าง)")
            return outcome, None
        return outcome, credentials(db, username)


def _locked_out(form: Any, lockout: throttle.Lockout):  # type: ignore[no-untyped-def]
    flash(
        "มีการเข้าสู่ระบบไม่สำเร็จหลายครั้ง ระบบจึงระงับชั่วคราว "
        f"กรุณารอประมาณ {lockout.minutes} นาทีแล้วลองใหม่",
        "error",
    )
    return render_template("admin/login.html", form=form), 429


def _enter(user: LoginUser, next_page: str):  # type: ignore[no-untyped-def]
    session.clear()
    login_user(user)
    return redirect(next_page)


@blueprint.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("admin/login.html", form=form), 400 if form.errors else 200
    username, password = (form.username.data or "").strip(), form.password.data or ""
    attempt, stored = _begin_password_attempt(username)
    if isinstance(attempt, throttle.Lockout):
        return _locked_out(form, attempt)
    next_page = _safe_next(request.args.get("next"))
    signed_in: LoginUser | None = None
    right = password_matches(stored, password)
    with db_session() as db:
        user = checked_account(db, stored, password) if right and stored else None
        needs_code = user is not None and bool(user.totp_secret)
        # A right password alone is no sign-in for a two-factor account: it counts like a
        # failure until the code is right, so the password buys no extra code guesses.
        throttle.finish(db, attempt, succeeded=user is not None and not needs_code)
        if user is None:
            audit.record(db, "login_failed", target=username, actor=username or "(ว่าง)")
        elif not needs_code:
            signed_in = sign_in(db, user, client_address())
            audit.record(db, "login", target=username, actor=username)
    if user is None:
        flash("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "error")
        return render_template("admin/login.html", form=form), 200
    if signed_in is not None:
        return _enter(signed_in, next_page)
    session.clear()
    session[PENDING_KEY] = {
        "user_id": user.id,
        "username": user.username,
        "until": time.time() + PENDING_SECONDS,
        "next": next_page,
    }
    return redirect(url_for("admin.login_code"))


@dataclass(frozen=True)
class _Pending:
    user_id: int
    username: str
    next_page: str


def _pending() -> _Pending | None:
    data = session.get(PENDING_KEY)
    if not isinstance(data, dict) or float(data.get("until", 0)) < time.time():
        return None
    return _Pending(int(data["user_id"]), str(data["username"]), str(data["next"]))


@blueprint.route("/login/code", methods=["GET", "POST"])
def login_code():  # type: ignore[no-untyped-def]
    pending = _pending()
    if pending is None:
        session.pop(PENDING_KEY, None)
        flash("หมดเวลายืนยันตัวตน กรุณาเข้าสู่ระบบใหม่อีกครั้ง", "warning")
        return redirect(url_for("admin.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("admin/login_code.html", form=form), 400 if form.errors else 200
    attempt = _begin_attempt(pending.username)
    if isinstance(attempt, throttle.Lockout):
        session.pop(PENDING_KEY, None)
        return _locked_out(LoginForm(formdata=None), attempt)
    signed_in: LoginUser | None = None
    with db_session() as db:
        # Locked: the same code sent twice at once is accepted once.
        user = db.get(AdminUser, pending.user_id, with_for_update=True)
        code = form.code.data or ""
        right = bool(user and user.is_active and two_factor.verify_and_use(user, code))
        throttle.finish(db, attempt, succeeded=right)
        if user is not None and right:
            signed_in = sign_in(db, user, client_address())
            audit.record(db, "login", target=user.username, actor=user.username,
                         detail={"two_factor": True})
        else:
            audit.record(db, "login_code_failed", target=pending.username, actor=pending.username)
    if signed_in is None:
        flash("รหัสยืนยันไม่ถูกต้องหรือใช้ไปแล้ว กรุณากรอกรหัสล่าสุดจากแอปยืนยันตัวตน", "error")
        return render_template("admin/login_code.html", form=CodeForm(formdata=None)), 200
    return _enter(signed_in, pending.next_page)


@blueprint.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    with db_session() as db:
        sessions.end(db, current_user.session_token)
        audit.record(db, "logout")
    logout_user()
    session.clear()
    flash("ออกจากระบบแล้ว", "info")
    return redirect(url_for("admin.login"))


# The two-factor enrolment pages belong to signing in; importing attaches their routes.
from admin import two_factor_views  # noqa: E402, F401
