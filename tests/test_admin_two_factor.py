"""Optional two-factor sign-in (TOTP): enrolment in the admin, the code step at sign-in,
codes never accepted twice, wrong codes throttled like wrong passwords, turning it off."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from admin import auth, two_factor
from storage.models import AuditEntry, utcnow
from tests.admin_support import db_of, log_in, page

pytest_plugins = ("tests.admin_fixtures",)


class Clock:
    """The time the code checks use; tests move it on instead of waiting."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    fake = Clock()
    monkeypatch.setattr(two_factor, "utcnow", fake)
    return fake


def _code(secret: str, clock: Clock) -> str:
    return pyotp.TOTP(secret).at(clock.now)


def _enrol(client, clock: Clock) -> str:  # type: ignore[no-untyped-def]
    """Turns two-factor on through the pages; returns the secret the page showed."""
    client.post("/admin/account/two-factor/start")
    html = page(client.get("/admin/account/two-factor"))
    assert 'src="data:image/svg+xml' in html
    match = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html)
    assert match, "the page shows the secret for typing by hand"
    secret = match.group(1).replace(" ", "")
    response = client.post("/admin/account/two-factor/enable", data={"code": _code(secret, clock)})
    assert response.status_code == 302
    return secret


def _actions(app) -> list[str]:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_enrolment_then_sign_in_asks_for_the_code(admin_app, client_as, clock):
    editor = client_as("editor")
    assert "ยังไม่เปิดใช้งาน" in page(editor.get("/admin/account/two-factor"))
    secret = _enrol(editor, clock)
    assert "เปิดใช้งานอยู่" in page(editor.get("/admin/account/two-factor"))
    assert "two_factor_enable" in _actions(admin_app)

    browser = admin_app.test_client()
    response = log_in(browser, "edith")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/login/code"
    assert browser.get("/admin/").status_code == 302  # the password alone is not enough
    assert "รหัส 6 หลัก" in page(browser.get("/admin/login/code"))
    clock.advance(30)
    code = _code(secret, clock)
    signed_in = browser.post("/admin/login/code", data={"code": code})
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200

    # The same code again, from another browser with the password: refused.
    other = admin_app.test_client()
    log_in(other, "edith")
    replayed = other.post("/admin/login/code", data={"code": code})
    assert replayed.status_code == 200 and "ใช้ไปแล้ว" in page(replayed)
    assert other.get("/admin/").status_code == 302


def test_a_wrong_enrolment_code_keeps_two_factor_off(admin_app, client_as, clock):
    editor = client_as("editor")
    editor.post("/admin/account/two-factor/start")
    refused = editor.post("/admin/account/two-factor/enable", data={"code": "000000"})
    assert refused.status_code == 400 and "ไม่ถูกต้อง" in page(refused)
    assert log_in(admin_app.test_client(), "edith").headers["Location"] == "/admin/"


def test_wrong_codes_count_against_the_sign_in_limit(admin_app, client_as, clock):
    secret = _enrol(client_as("editor"), clock)
    browser = admin_app.test_client()
    log_in(browser, "edith")  # a right password counts until the code is right
    for _ in range(4):
        wrong = browser.post("/admin/login/code", data={"code": "123456"})
        assert wrong.status_code == 200 and "ไม่ถูกต้อง" in page(wrong)
    clock.advance(30)
    locked = browser.post("/admin/login/code", data={"code": _code(secret, clock)})
    assert locked.status_code == 429
    with db_of(admin_app).session() as session:
        failed = select(func.count()).where(AuditEntry.action == "login_code_failed")
        assert session.scalar(failed) == 4


def test_the_code_step_expires(admin_app, client_as, clock, monkeypatch):
    _enrol(client_as("editor"), clock)
    browser = admin_app.test_client()
    log_in(browser, "edith")
    monkeypatch.setattr(auth, "PENDING_SECONDS", -1)
    log_in(browser, "edith")
    expired = browser.get("/admin/login/code")
    assert expired.status_code == 302 and expired.headers["Location"] == "/admin/login"
    assert admin_app.test_client().get("/admin/login/code").status_code == 302


def test_turning_two_factor_off_needs_a_fresh_code(admin_app, client_as, clock):
    editor = client_as("editor")
    secret = _enrol(editor, clock)
    reused = editor.post("/admin/account/two-factor/disable", data={"code": _code(secret, clock)})
    assert reused.status_code == 400
    clock.advance(30)
    response = editor.post("/admin/account/two-factor/disable", data={"code": _code(secret, clock)})
    assert response.status_code == 302
    assert "two_factor_disable" in _actions(admin_app)
    assert log_in(admin_app.test_client(), "edith").headers["Location"] == "/admin/"


def test_codes_typed_with_thai_digits_or_spaces_are_read():
    assert two_factor.normalize_code("๑๒๓ ๔๕๖") == "123456"
    assert two_factor.normalize_code("12345") is None
    assert two_factor.normalize_code("12345x") is None


def test_the_enrolment_uri_names_the_account_and_the_issuer():
    uri = two_factor.provisioning_uri(two_factor.new_secret(), "edith")
    assert uri.startswith("otpauth://totp/") and "edith" in uri and "issuer=DGR" in uri
