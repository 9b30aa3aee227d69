"""Sign-in throttling holds under concurrency: of 30 wrong passwords sent at the same
moment, at most the limit are evaluated; the rest are refused unevaluated (on SQLite and
PostgreSQL, each request on its own database connection)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from admin import throttle
from storage.models import AuditEntry, LoginAttempt
from tests.admin_support import db_of, log_in, page

pytest_plugins = ("tests.admin_fixtures",)

ATTEMPTS = 30


def _at_once(app, passwords: list[str], address_of=lambda index: "198.51.100.1"):  # type: ignore[no-untyped-def]
    start = threading.Barrier(len(passwords))

    def attempt(index: int):  # type: ignore[no-untyped-def]
        client = app.test_client()
        start.wait()
        return log_in(client, "edith", passwords[index], address=address_of(index))

    with ThreadPoolExecutor(max_workers=len(passwords)) as pool:
        return list(pool.map(attempt, range(len(passwords))))


def _count(app, *where) -> int:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0


def test_thirty_concurrent_wrong_passwords_evaluate_at_most_the_limit(admin_app):
    responses = _at_once(admin_app, ["wrong-password"] * ATTEMPTS)
    evaluated = [r for r in responses if r.status_code == 200]
    refused = [r for r in responses if r.status_code == 429]
    assert len(evaluated) + len(refused) == ATTEMPTS
    assert 1 <= len(evaluated) <= throttle.MAX_FAILURES_PER_ACCOUNT
    assert all("ไม่ถูกต้อง" in page(r) for r in evaluated)
    assert all("กรุณารอประมาณ" in page(r) for r in refused)
    assert _count(admin_app, AuditEntry.action == "login_failed") == len(evaluated)
    assert _count(admin_app, AuditEntry.action == "login_blocked") == len(refused)
    with db_of(admin_app).session() as session:
        pending = session.scalar(
            select(func.count()).select_from(LoginAttempt).where(LoginAttempt.succeeded.is_(None))
        )
    assert pending == 0
    # The right password is refused too until the window passes.
    assert log_in(admin_app.test_client(), "edith").status_code == 429


def test_the_address_limit_holds_under_concurrency_across_accounts(admin_app):
    """30 wrong passwords at once from one address on 30 different accounts."""
    start = threading.Barrier(ATTEMPTS)

    def attempt(index: int):  # type: ignore[no-untyped-def]
        client = admin_app.test_client()
        start.wait()
        return log_in(client, f"guess{index}", "wrong-password", address="203.0.113.9")

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        statuses = [r.status_code for r in pool.map(attempt, range(ATTEMPTS))]
    assert statuses.count(200) == throttle.MAX_FAILURES_PER_ADDRESS
    assert statuses.count(429) == ATTEMPTS - throttle.MAX_FAILURES_PER_ADDRESS
