"""What a new admin password must be: long enough, not a common password, not one
character over and over, and not containing the account's username."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

MIN_PASSWORD_LENGTH = 10
MIN_DISTINCT_CHARACTERS = 4
# Shipped with its source and licence beside it (admin/data/common-passwords.SOURCE.md).
COMMON_PASSWORDS_FILE = "common-passwords.txt.gz"


class PasswordPolicyError(ValueError):
    """The password is refused; the message tells the admin why, in Thai."""


@cache
def common_passwords() -> frozenset[str]:
    data = resources.files("admin").joinpath("data", COMMON_PASSWORDS_FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


def check_password_policy(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร")
    lowered = password.lower()
    name = username.strip().lower()
    if name and name in lowered:
        raise PasswordPolicyError("รหัสผ่านต้องไม่มีชื่อผู้ใช้อยู่ในรหัสผ่าน กรุณาตั้งรหัสผ่านอื่น")
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        raise PasswordPolicyError(
            f"รหัสผ่านต้องมีตัวอักษรที่ไม่ซ้ำกันอย่างน้อย {MIN_DISTINCT_CHARACTERS} ตัว กรุณาตั้งรหัสผ่านที่เดายากกว่านี้"
        )
    if lowered in common_passwords():
        raise PasswordPolicyError("รหัสผ่านนี้เป็นรหัสผ่านที่ใช้กันทั่วไปและเดาได้ง่าย กรุณาตั้งรหัสผ่านอื่น")
