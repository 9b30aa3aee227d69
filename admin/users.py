"""Accounts (role admin): list, create, change role, deactivate/activate, reset password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from admin import audit
from admin.accounts import (
    AccountError,
    PasswordPolicyError,
    change_role,
    create_account,
    list_accounts,
    reset_password,
    set_active,
    sign_in,
)
from admin.blueprint import blueprint, db_session
from admin.forms import AccountCreateForm, PasswordResetForm, RoleForm
from admin.permissions import ROLE_LABELS, require


def _render(create_form: AccountCreateForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    with db_session() as session:
        accounts = list_accounts(session)
    return (
        render_template(
            "admin/users.html",
            accounts=accounts,
            create_form=create_form or AccountCreateForm(formdata=None),
            role_labels=ROLE_LABELS,
        ),
        status,
    )


def _form_errors(form: PasswordResetForm) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]


@blueprint.get("/users/")
@require("manage_accounts")
def users():  # type: ignore[no-untyped-def]
    return _render()


@blueprint.post("/users/")
@require("manage_accounts")
def user_create():  # type: ignore[no-untyped-def]
    form = AccountCreateForm()
    if not form.validate():
        return _render(form, 400)
    username = (form.username.data or "").strip()
    try:
        with db_session() as session:
            user = create_account(session, username, form.password.data or "", form.role.data or "")
            audit.record(session, "account_create", target=username, detail={"role": user.role})
    except (AccountError, PasswordPolicyError) as error:
        flash(str(error), "error")
        return _render(form, 400)
    flash(f"สร้างบัญชี {username} แล้ว", "success")
    return redirect(url_for("admin.users"))


@blueprint.post("/users/<int:user_id>/role")
@require("manage_accounts")
def user_role(user_id: int):  # type: ignore[no-untyped-def]
    form = RoleForm()
    if not form.validate():
        flash("กรุณาเลือกบทบาทที่ถูกต้อง", "error")
        return _render(status=400)
    try:
        with db_session() as session:
            user = change_role(session, user_id, form.role.data or "")
            audit.record(session, "account_role", target=user.username, detail={"role": user.role})
    except AccountError as error:
        flash(str(error), "error")
        return _render(status=400)
    flash(f"เปลี่ยนบทบาทของ {user.username} เป็น {ROLE_LABELS[user.role]} แล้ว", "success")
    if user.id == current_user.id and user.role != "admin":
        return redirect(url_for("admin.index"))
    return redirect(url_for("admin.users"))


@blueprint.post("/users/<int:user_id>/active")
@require("manage_accounts")
def user_active(user_id: int):  # type: ignore[no-untyped-def]
    active = request.form.get("active") == "1"
    try:
        with db_session() as session:
            user = set_active(session, user_id, active, current_user.id)
            action = "account_activate" if active else "account_deactivate"
            audit.record(session, action, target=user.username)
    except AccountError as error:
        flash(str(error), "error")
        return _render(status=400)
    state = "เปิดการใช้งาน" if active else "ปิดการใช้งาน"
    flash(f"{state}บัญชี {user.username} แล้ว", "success")
    return redirect(url_for("admin.users"))


@blueprint.post("/users/<int:user_id>/password")
@require("manage_accounts")
def user_password(user_id: int):  # type: ignore[no-untyped-def]
    form = PasswordResetForm()
    if not form.validate():
        for error in _form_errors(form):
            flash(error, "error")
        return _render(status=400)
    try:
        with db_session() as session:
            user = reset_password(session, user_id, form.password.data or "")
            audit.record(session, "account_password", target=user.username)
            # The new password ends every session of the account; this one goes on anew.
            renewed = None
            if user.id == current_user.id:
                renewed = sign_in(session, user, request.remote_addr)
    except (AccountError, PasswordPolicyError) as error:
        flash(str(error), "error")
        return _render(status=400)
    if renewed is not None:
        login_user(renewed)
    flash(f"ตั้งรหัสผ่านใหม่ให้ {user.username} แล้ว การเข้าสู่ระบบเดิมของบัญชีนี้สิ้นสุดลง", "success")
    return redirect(url_for("admin.users"))
