"""Signing in and out of the admin web: throttling, CSRF, cookies, sessions, error pages."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from admin import throttle
from storage.models import AdminUser, AuditEntry, LoginAttempt, utcnow
from tests.admin_support import PASSWORD, USERS, csrf_token, db_of, log_in, make_app, page

pytest_plugins = ("tests.admin_fixtures",)


def _audit_actions(app) -> list[str]:
    with db_of(app).session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_sign_in_and_out_is_audited(admin_app):
    client = admin_app.test_client()
    assert log_in(client, "edith", "wrong-password").status_code == 200
    response = log_in(client, "edith")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    response = client.post("/admin/logout")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    # The fixture's three accounts were made with `dgr create-admin`.
    assert _audit_actions(admin_app) == ["account_create"] * 3 + ["login_failed", "login", "logout"]


def test_logout_by_get_is_refused_in_thai(client_as):
    client = client_as("viewer")
    response = client.get("/admin/logout")
    assert response.status_code == 405
    assert "ต้องกดปุ่มในหน้าเว็บ" in page(response)
    assert client.get("/admin/").status_code == 200


def test_a_next_page_elsewhere_is_ignored(admin_app):
    client = admin_app.test_client()
    response = client.post(
        "/admin/login?next=https://evil.example/",
        data={"username": "boss", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/admin/"


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(admin_app):
    client = admin_app.test_client()
    for _ in range(throttle.MAX_FAILURES_PER_ACCOUNT):
        assert "ไม่ถูกต้อง" in page(log_in(client, "edith", "wrong-password"))
    locked = log_in(client, "edith")
    assert locked.status_code == 429
    assert "กรุณารอประมาณ 15 นาที" in page(locked)
    # From another address the account is still locked; other accounts are not.
    assert log_in(admin_app.test_client(), "edith", address="10.0.0.9").status_code == 429
    assert log_in(admin_app.test_client(), "vera").status_code == 302
    assert "login_blocked" in _audit_actions(admin_app)


def test_an_address_is_locked_after_twenty_failures_on_any_accounts(admin_app):
    with db_of(admin_app).session() as session:
        for attempt in range(throttle.MAX_FAILURES_PER_ADDRESS - 1):
            throttle.record(session, f"guess{attempt}", "203.0.113.7", False, utcnow())
    client = admin_app.test_client()
    assert log_in(client, "someone", "wrong-password", address="203.0.113.7").status_code == 200
    assert log_in(client, "boss", address="203.0.113.7").status_code == 429
    assert log_in(client, "boss", address="203.0.113.8").status_code == 302


def test_failures_older_than_the_window_no_longer_count(admin_app):
    long_ago = utcnow() - throttle.WINDOW - timedelta(minutes=1)
    with db_of(admin_app).session() as session:
        for _ in range(throttle.MAX_FAILURES_PER_ACCOUNT):
            throttle.record(session, "edith", "127.0.0.1", False, long_ago)
    assert log_in(admin_app.test_client(), "edith").status_code == 302


def test_a_successful_sign_in_clears_the_account_count(admin_app):
    def fail_four_times() -> None:
        with db_of(admin_app).session() as session:
            for _ in range(throttle.MAX_FAILURES_PER_ACCOUNT - 1):
                throttle.record(session, "edith", "127.0.0.1", False, utcnow())

    client = admin_app.test_client()
    fail_four_times()
    assert log_in(client, "edith").status_code == 302
    client.post("/admin/logout")
    fail_four_times()
    assert log_in(client, "edith").status_code == 302


def test_throttle_is_shared_by_two_app_instances_on_one_database(admin_app, database_url):
    """Two gunicorn workers are two app instances: attempts are counted in the database."""
    other = make_app(database_url)
    for app in [admin_app, other, admin_app, other, admin_app]:
        log_in(app.test_client(), "edith", "wrong-password")
    assert log_in(other.test_client(), "edith").status_code == 429
    with db_of(other).session() as session:
        assert len(session.scalars(select(LoginAttempt)).all()) == 5
    db_of(other).dispose()


def test_forms_without_a_csrf_token_are_refused(database_url):
    from storage.knowledge_sync import sync_knowledge
    from tests.admin_support import create_user
    from tests.frameworks import CATALOG

    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    with db_of(app).session() as session:
        sync_knowledge(session, CATALOG)
    create_user(app, "edith", "editor")
    client = app.test_client()
    refused = client.post("/admin/login", data={"username": "edith", "password": PASSWORD})
    assert refused.status_code == 400 and "แบบฟอร์มหมดอายุ" in page(refused)
    token = csrf_token(page(client.get("/admin/login")))
    signed_in = client.post(
        "/admin/login", data={"username": "edith", "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    edit = {"text": "ข้อความใหม่ที่ไม่มีโทเคน", "base_version": "1"}
    assert client.post("/admin/texts/P1.DaP.1/1-3/all", data=edit).status_code == 400
    assert client.post("/admin/logout").status_code == 400
    token = csrf_token(page(client.get("/admin/texts/P1.DaP.1")))
    saved = client.post("/admin/texts/P1.DaP.1/1-3/all", data={**edit, "csrf_token": token})
    assert saved.status_code == 302
    db_of(app).dispose()


def test_session_cookie_is_httponly_lax_and_secure_behind_https(database_url):
    app = make_app(database_url, SESSION_COOKIE_SECURE=True)
    from tests.admin_support import create_user

    create_user(app, "edith", "editor")
    response = log_in(app.test_client(), "edith")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    db_of(app).dispose()


def test_settings_make_cookies_secure_only_for_an_https_public_address(monkeypatch, tmp_path):
    from dgr import settings_from_env

    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://dgr.example.go.th")
    assert settings_from_env(tmp_path)["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    assert settings_from_env(tmp_path)["SESSION_COOKIE_SECURE"] is False


def test_deactivating_or_resetting_a_password_ends_existing_sessions(admin_app, client_as):
    editor = client_as("editor")
    admin = client_as("admin")
    with db_of(admin_app).session() as session:
        edith = session.scalar(select(AdminUser).where(AdminUser.username == USERS["editor"]))
    response = admin.post(
        f"/admin/users/{edith.id}/password",
        data={"password": "another-long-password", "confirm": "another-long-password"},
    )
    assert response.status_code == 302
    assert editor.get("/admin/texts/").status_code == 302  # back to the login page
    assert log_in(admin_app.test_client(), "edith", "another-long-password").status_code == 302
    viewer = client_as("viewer")
    with db_of(admin_app).session() as session:
        vera = session.scalar(select(AdminUser).where(AdminUser.username == USERS["viewer"]))
    admin.post(f"/admin/users/{vera.id}/active", data={"active": "0"})
    assert viewer.get("/admin/").status_code == 302
    assert "ไม่ถูกต้อง" in page(log_in(admin_app.test_client(), "vera"))


def test_error_pages_are_in_thai_and_other_paths_keep_flask_answers(client_as):
    client = client_as("editor")
    missing = client.get("/admin/no-such-page")
    assert missing.status_code == 404 and "ไม่พบหน้าที่ต้องการ" in page(missing)
    forbidden = client.get("/admin/users/")
    assert forbidden.status_code == 403 and "ไม่มีสิทธิ์" in page(forbidden)
    not_ours = client.get("/no-such-page")
    assert not_ours.status_code == 404 and "ไม่พบหน้า" not in page(not_ours)


def test_a_server_error_shows_a_thai_page(admin_app, client_as):
    admin_app.config["PROPAGATE_EXCEPTIONS"] = False
    client = client_as("viewer")
    view = admin_app.view_functions["admin.index"]

    def broken():  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    admin_app.view_functions["admin.index"] = broken
    try:
        response = client.get("/admin/")
    finally:
        admin_app.view_functions["admin.index"] = view
    assert response.status_code == 500 and "ระบบขัดข้อง" in page(response)
    assert "boom" not in page(response)


def test_admin_pages_carry_security_headers(client_as):
    response = client_as("viewer").get("/admin/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
