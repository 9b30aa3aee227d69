"""New admin passwords: not common, not one character over and over, not containing the
username; the same rules in the web and in ``dgr create-admin``."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from admin.password_policy import PasswordPolicyError, check_password_policy, common_passwords
from storage.models import AdminUser
from tests.admin_support import db_of, log_in, page

pytest_plugins = ("tests.admin_fixtures",)


@pytest.mark.parametrize(
    ("password", "username", "reason"),
    [
        ("aaaaaaaaaa", "somsri", "ตัวอักษรที่ไม่ซ้ำกัน"),
        ("abababababab", "somsri", "ตัวอักษรที่ไม่ซ้ำกัน"),
        ("qwertyuiop", "somsri", "ใช้กันทั่วไป"),
        ("Password1234", "somsri", "ใช้กันทั่วไป"),
        ("somsri-somsri", "somsri", "ชื่อผู้ใช้"),
        ("my-SomSri-2568!", "somsri", "ชื่อผู้ใช้"),
        ("short", "somsri", "อย่างน้อย 10"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, username, reason):
    with pytest.raises(PasswordPolicyError, match=reason):
        check_password_policy(password, username)


def test_a_long_uncommon_password_is_accepted():
    check_password_policy("ช้างเผือก-ข้ามทุ่ง-2568", "somsri")
    check_password_policy("a-long-password", "somsri")


def test_the_shipped_list_is_complete():
    words = common_passwords()
    assert len(words) > 19_000 and "password" in words and "aaaaaaaaaa" in words


def test_the_web_refuses_a_common_password_or_one_with_the_username(admin_app, client_as):
    client = client_as("admin")
    cases = [
        ("aaaaaaaaaa", "ตัวอักษรที่ไม่ซ้ำกัน"),
        ("1234567890", "ใช้กันทั่วไป"),
        ("somsri2568-x", "ชื่อผู้ใช้"),
    ]
    for password, reason in cases:
        data = {"username": "somsri", "role": "viewer", "password": password, "confirm": password}
        response = client.post("/admin/users/", data=data)
        assert response.status_code == 400 and reason in page(response), password
    with db_of(admin_app).session() as session:
        assert session.scalar(select(AdminUser).where(AdminUser.username == "somsri")) is None
        vera = session.scalar(select(AdminUser).where(AdminUser.username == "vera"))
    reset = {"password": "vera-new-secret", "confirm": "vera-new-secret"}
    refused = client.post(f"/admin/users/{vera.id}/password", data=reset)
    assert refused.status_code == 400 and "ชื่อผู้ใช้" in page(refused)
    assert log_in(admin_app.test_client(), "vera").status_code == 302  # old password kept


def test_the_command_line_applies_the_same_rules(admin_app):
    for password in ("aaaaaaaaaa", "qwertyuiop", "xx-boss-xx-1"):
        result = admin_app.test_cli_runner().invoke(
            args=["create-admin", "boss", "--role", "admin", "--password-stdin"],
            input=password + "\n",
        )
        assert result.exit_code != 0 and "รหัสผ่าน" in result.output, password
