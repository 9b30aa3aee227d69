"""Admin accounts: argon2 password hashes, roles, and login checks."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AdminUser

ROLES = ("admin", "editor", "viewer")
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class PasswordPolicyError(ValueError):
    pass


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


@dataclass(frozen=True)
class LoginUser:
    """What Flask-Login keeps about the signed-in admin."""

    id: int
    username: str
    role: str

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    def can_edit(self) -> bool:
        return self.role in ("admin", "editor")


def authenticate(session: Session, username: str, password: str) -> LoginUser | None:
    user = session.scalar(select(AdminUser).where(AdminUser.username == username))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return LoginUser(user.id, user.username, user.role)


def load_user(session: Session, user_id: str) -> LoginUser | None:
    if not user_id.isdigit():
        return None
    user = session.get(AdminUser, int(user_id))
    if user is None or not user.is_active:
        return None
    return LoginUser(user.id, user.username, user.role)
