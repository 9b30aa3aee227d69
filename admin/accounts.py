"""Admin accounts: argon2 password hashes, roles, login checks and account management."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.permissions import role_can
from storage.models import AdminUser

ROLES = ("admin", "editor", "viewer")
MIN_PASSWORD_LENGTH = 10
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._-]{3,80}$")

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both cases take the same time
    (made on the first sign-in, not when every process imports this module)."""
    return _hasher.hash("not-a-real-password")


class PasswordPolicyError(ValueError):
    pass


class AccountError(ValueError):
    """An account change that is not allowed; the message is for the admin, in Thai."""


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def upsert_account(session: Session, username: str, password: str, role: str) -> bool:
    """Create the account, or set a new password and role. Returns True when created."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    check_password_policy(password)
    user = session.scalar(select(AdminUser).where(AdminUser.username == username))
    created = user is None
    if user is None:
        user = AdminUser(username=username)
        session.add(user)
    user.password_hash = hash_password(password)
    user.role = role
    user.is_active = True
    return created


def _session_token(user: AdminUser) -> str:
    # Tied to the password hash: a password reset ends the account's other sessions.
    digest = hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]
    return f"{user.id}:{digest}"


@dataclass(frozen=True)
class LoginUser:
    """What Flask-Login keeps about the signed-in admin."""

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


def as_login_user(user: AdminUser) -> LoginUser:
    return LoginUser(user.id, user.username, user.role, _session_token(user))


def authenticate(session: Session, username: str, password: str) -> LoginUser | None:
    user = session.scalar(select(AdminUser).where(AdminUser.username == username))
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return as_login_user(user)


def load_user(session: Session, session_token: str) -> LoginUser | None:
    user_id, _, _ = session_token.partition(":")
    if not user_id.isdigit():
        return None
    user = session.get(AdminUser, int(user_id))
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(_session_token(user), session_token):
        return None
    return as_login_user(user)


# --- management (role admin, via the web) --------------------------------------


def list_accounts(session: Session) -> list[AdminUser]:
    return list(session.scalars(select(AdminUser).order_by(AdminUser.username)))


def create_account(session: Session, username: str, password: str, role: str) -> AdminUser:
    if not USERNAME_PATTERN.match(username):
        raise AccountError("ชื่อผู้ใช้ต้องยาว 3–80 ตัวอักษร ใช้ได้เฉพาะ a–z, A–Z, 0–9 และเครื่องหมาย . _ -")
    if role not in ROLES:
        raise AccountError("กรุณาเลือกบทบาทที่ถูกต้อง")
    if session.scalar(select(AdminUser.id).where(AdminUser.username == username)):
        raise AccountError(f"มีชื่อผู้ใช้ {username} อยู่แล้ว กรุณาใช้ชื่ออื่น")
    check_password_policy(password)
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
    return user


def reset_password(session: Session, user_id: int, password: str) -> AdminUser:
    check_password_policy(password)
    user = _get(session, user_id)
    user.password_hash = hash_password(password)
    return user
