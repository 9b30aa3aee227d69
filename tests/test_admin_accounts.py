"""Account management by admins through the web, and the audit log."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AdminUser
from tests.admin_support import PASSWORD, db_of, log_in, page

pytest_plugins = ("tests.admin_fixtures",)

NEW = {
    "username": "somsri",
    "role": "viewer",
    "password": "a-long-password",
    "confirm": "a-long-password",
}


def _user(app, username: str) -> AdminUser:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        return session.scalar(select(AdminUser).where(AdminUser.username == username))


def test_an_admin_creates_an_account_that_can_sign_in(admin_app, client_as):
    response = client_as("admin").post("/admin/users/", data=NEW)
    assert response.status_code == 302
    assert _user(admin_app, "somsri").role == "viewer"
    assert log_in(admin_app.test_client(), "somsri", "a-long-password").status_code == 302


def test_a_username_is_the_same_in_any_letter_case(admin_app, client_as):
    assert log_in(admin_app.test_client(), "BOSS", PASSWORD).status_code == 302


def test_account_form_errors_are_in_thai(admin_app, client_as):
    client = client_as("admin")
    cases = [
        ({**NEW, "password": "short", "confirm": "short"}, "อย่างน้อย 10 ตัวอักษร"),
        ({**NEW, "confirm": "something-else"}, "ไม่ตรงกัน"),
        ({**NEW, "username": "edith"}, "มีชื่อผู้ใช้ edith อยู่แล้ว"),
        ({**NEW, "username": "Edith"}, "มีชื่อผู้ใช้ edith อยู่แล้ว (ไม่แยกตัวพิมพ์เล็กใหญ่)"),
        ({**NEW, "username": "ชื่อไทย"}, "ใช้ได้เฉพาะ a–z"),
        ({**NEW, "role": "owner"}, "กรุณาเลือกบทบาทที่ถูกต้อง"),
    ]
    for data, message in cases:
        response = client.post("/admin/users/", data=data)
        assert response.status_code == 400 and message in page(response), message
    assert _user(admin_app, "somsri") is None


def test_change_role_deactivate_and_reset_password(admin_app, client_as):
    client = client_as("admin")
    edith = _user(admin_app, "edith")
    assert client.post(f"/admin/users/{edith.id}/role", data={"role": "viewer"}).status_code == 302
    assert _user(admin_app, "edith").role == "viewer"
    assert client.post(f"/admin/users/{edith.id}/active", data={"active": "0"}).status_code == 302
    assert _user(admin_app, "edith").is_active is False
    assert client.post(f"/admin/users/{edith.id}/active", data={"active": "1"}).status_code == 302
    new_password = {"password": "brand-new-password", "confirm": "brand-new-password"}
    assert client.post(f"/admin/users/{edith.id}/password", data=new_password).status_code == 302
    assert log_in(admin_app.test_client(), "edith", PASSWORD).status_code == 200
    assert log_in(admin_app.test_client(), "edith", "brand-new-password").status_code == 302


def test_the_last_admin_cannot_be_demoted_or_deactivated(admin_app, client_as):
    client = client_as("admin")
    boss = _user(admin_app, "boss")
    demote = client.post(f"/admin/users/{boss.id}/role", data={"role": "editor"})
    assert demote.status_code == 400 and "อย่างน้อย 1 บัญชี" in page(demote)
    myself = client.post(f"/admin/users/{boss.id}/active", data={"active": "0"})
    assert myself.status_code == 400 and "บัญชีของตนเอง" in page(myself)
    assert _user(admin_app, "boss").role == "admin"


def test_an_admin_resetting_their_own_password_stays_signed_in(admin_app, client_as):
    client = client_as("admin")
    boss = _user(admin_app, "boss")
    data = {"password": "my-new-long-password", "confirm": "my-new-long-password"}
    assert client.post(f"/admin/users/{boss.id}/password", data=data).status_code == 302
    assert client.get("/admin/users/").status_code == 200


def test_audit_log_records_who_did_what(admin_app, client_as):
    client = client_as("admin")
    client.post("/admin/users/", data=NEW)
    log_in(admin_app.test_client(), "nobody<script>", "wrong-password")
    body = page(client.get("/admin/audit"))
    assert "สร้างบัญชี" in body and "somsri" in body and "เข้าสู่ระบบไม่สำเร็จ" in body
    assert "nobody&lt;script&gt;" in body and "nobody<script>" not in body
    only_failures = page(client.get("/admin/audit?action=login_failed"))
    assert "สร้างบัญชี</td>" not in only_failures and "เข้าสู่ระบบไม่สำเร็จ</td>" in only_failures
    assert client_as("editor").get("/admin/audit").status_code == 403
    assert client_as("viewer").get("/admin/audit").status_code == 403
