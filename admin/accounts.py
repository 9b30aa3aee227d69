"""Admin accounts: argon2 password hashes, roles, login checks and account management."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin import sessions
from admin.password_policy import (
    MIN_PASSWORD_LENGTH,
    PasswordPolicyError,
    check_password_policy,
)
from admin.permissions import role_can
from storage.models import AdminUser

__all__ = ["MIN_PASSWORD_LENGTH", "PasswordPolicyError", "check_password_policy"]

ROLES = ("admin", "editor", "viewer")
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._-]{3,80}$")

_hasher = PasswordHasher()
# Each argon2 check takes 64 MiB and a core for tens of milliseconds: a burst of sign-ins
# queues here instead of starving the process (and SQLite's lock holder) of memory and CPU.
_HASHING_SLOTS = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both cases take the same time
    (made on the first sign-in, not when every process imports this module)."""
    return _hasher.hash("not-a-real-password")


class AccountError(ValueError):
    """An account change that is not allowed; the message is for the admin, in Thai."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def by_username(session: Session, username: str) -> AdminUser | None:
    """The account of this name, whatever its letters' case ("Boss" is "boss"): two accounts
    told apart only by case would be one person to the audit log."""
    exact = session.scalar(select(AdminUser).where(AdminUser.username == username))
    if exact is not None:
        return exact
    same = select(AdminUser).where(func.lower(AdminUser.username) == username.lower())
    return session.scalar(same.order_by(AdminUser.id))


def upsert_account(session: Session, username: str, password: str, role: str) -> str | None:
    """Create the account, or set a new password and role (``dgr create-admin``). Returns
    the account's previous role, None when it was created. A new password ends the
    account's sessions."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if not USERNAME_PATTERN.match(username):
        raise AccountError("ชื่อผู้ใช้ต้องยาว 3–80 ตัวอักษร ใช้ได้เฉพาะ a–z, A–Z, 0–9 และเครื่องหมาย . _ -")
    check_password_policy(password, username)
    user = by_username(session, username)
    previous_role = None if user is None else user.role
    if user is None:
        user = AdminUser(username=username)
        session.add(user)
    else:
        sessions.end_all(session, user.id)
    user.password_hash = hash_password(password)
    user.role = role
    user.is_active = True
    return previous_role


@dataclass(frozen=True)
class LoginUser:
    """What Flask-Login keeps about the signed-in admin; the id is the session's token."""

    id: int
    username: str
    role: str
    session_token: str

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return self.session_token

    def can(self, permission: str) -> bool:
        return role_can(self.role, permission)


def as_login_user(user: AdminUser, session_token: str) -> LoginUser:
    return LoginUser(user.id, user.username, user.role, session_token)


@dataclass(frozen=True)
class Credentials:
    """What checking a password needs, read in a short transaction: the slow hash is then
    computed with no transaction open (on SQLite every transaction holds the write lock)."""

    user_id: int
    password_hash: str
    is_active: bool


def credentials(session: Session, username: str) -> Credentials | None:
    user = by_username(session, username)
    return None if user is None else Credentials(user.id, user.password_hash, user.is_active)


def password_matches(stored: Credentials | None, password: str) -> bool:
    """True for the right password of an active account; same time for unknown accounts."""
    try:
        with _HASHING_SLOTS:
            _hasher.verify(stored.password_hash if stored else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None and stored.is_active


def checked_account(session: Session, stored: Credentials, password: str) -> AdminUser | None:
    """The account whose right password was just checked (re-hashed when the hash
    parameters changed), or None when it changed meanwhile (a new password, deactivated)."""
    user = session.get(AdminUser, stored.user_id)
    if user is None or not user.is_active or user.password_hash != stored.password_hash:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def sign_in(session: Session, user: AdminUser, address: str | None) -> LoginUser:
    """Starts a server-side session for an account that passed every check."""
    sessions.purge_expired(session, sessions.SessionLimits.from_settings(current_app.config))
    return as_login_user(user, sessions.start(session, user.id, address))


def load_user(
    session: Session, session_token: str, limits: sessions.SessionLimits | None = None
) -> LoginUser | None:
    limits = limits or sessions.SessionLimits.from_settings(current_app.config)
    user = sessions.resume(session, session_token, limits)
    return None if user is None else as_login_user(user, session_token)


# --- management (role admin, via the web) --------------------------------------


def list_accounts(session: Session) -> list[AdminUser]:
    return list(session.scalars(select(AdminUser).order_by(AdminUser.username)))


def create_account(session: Session, username: str, password: str, role: str) -> AdminUser:
    if not USERNAME_PATTERN.match(username):
        raise AccountError("ชื่อผู้ใช้ต้องยาว 3–80 ตัวอักษร ใช้ได้เฉพาะ a–z, A–Z, 0–9 และเครื่องหมาย . _ -")
    if role not in ROLES:
        raise AccountError("กรุณาเลือกบทบาทที่ถูกต้อง")
    if (taken := by_username(session, username)) is not None:
        raise AccountError(f"มีชื่อผู้ใช้ {taken.username} อยู่แล้ว (ไม่แยกตัวพิมพ์เล็กใหญ่) กรุณาใช้ชื่ออื่น")
    check_password_policy(password, username)
    user = AdminUser(username=username, password_hash=hash_password(password), role=role)
    user.is_active = True
    session.add(user)
    session.flush()
    return user


def _get(session: Session, user_id: int) -> AdminUser:
    user = session.get(AdminUser, user_id)
    if user is None:
        raise AccountError("ไม่พบบัญชีผู้ใช้นี้")
    return user


def _active_admins(session: Session) -> int:
    query = select(func.count(AdminUser.id)).where(
        AdminUser.role == "admin", AdminUser.is_active.is_(True)
    )
    return session.scalar(query) or 0


def _keep_one_admin(session: Session, user: AdminUser) -> None:
    if user.role == "admin" and user.is_active and _active_admins(session) <= 1:
        raise AccountError("ต้องมีผู้ดูแลระบบ (admin) ที่ใช้งานได้อย่างน้อย 1 บัญชี")


def change_role(session: Session, user_id: int, role: str) -> AdminUser:
    if role not in ROLES:
        raise AccountError("กรุณาเลือกบทบาทที่ถูกต้อง")
    user = _get(session, user_id)
    if role != "admin":
        _keep_one_admin(session, user)
    user.role = role
    return user


def set_active(session: Session, user_id: int, active: bool, acting_user_id: int) -> AdminUser:
    user = _get(session, user_id)
    if not active:
        if user.id == acting_user_id:
            raise AccountError("ไม่สามารถปิดการใช้งานบัญชีของตนเองได้")
        _keep_one_admin(session, user)
    user.is_active = active
    if not active:
        sessions.end_all(session, user.id)
    return user


def reset_password(session: Session, user_id: int, password: str) -> AdminUser:
    """Sets a new password and ends every session of the account."""
    user = _get(session, user_id)
    check_password_policy(password, user.username)
    user.password_hash = hash_password(password)
    sessions.end_all(session, user.id)
    return user
