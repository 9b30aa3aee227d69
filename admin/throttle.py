"""Sign-in throttling per account and per address, kept in the database so that every
gunicorn worker sees the same attempts.

Atomic under concurrency: ``begin`` takes a lock per account and per address, counts the
recent failures and, when under the limits, stores the attempt as pending before the
password is checked; a pending attempt counts as a failure until ``finish`` settles it. So
of N simultaneous wrong passwords at most the limit are ever evaluated, and no lock is held
while the (deliberately slow) password hash is computed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from storage.models import LoginAttempt

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
# Higher: several people may sign in from one office address.
MAX_FAILURES_PER_ADDRESS = 20
KEEP_ATTEMPTS = timedelta(days=1)


@dataclass(frozen=True)
class Attempt:
    """An attempt that may be evaluated: stored as pending until ``finish``."""

    id: int


@dataclass(frozen=True)
class Lockout:
    retry_after: timedelta

    @property
    def minutes(self) -> int:
        return max(1, -(-int(self.retry_after.total_seconds()) // 60))


def as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def normalize_username(username: str) -> str:
    return username.strip().lower()[:80]


def _unlock_time(session: Session, where: list, limit: int) -> datetime | None:
    """When the limit-th most recent failure leaves the window, or None if under the limit."""
    times = session.scalars(
        select(LoginAttempt.at)
        .where(or_(LoginAttempt.succeeded.is_(False), LoginAttempt.succeeded.is_(None)), *where)
        .order_by(LoginAttempt.at.desc())
        .limit(limit)
    ).all()
    if len(times) < limit:
        return None
    return as_utc(times[-1]) + WINDOW


def check(session: Session, username: str, address: str, now: datetime) -> Lockout | None:
    """A lockout when the account or the address failed too often in the last window."""
    name = normalize_username(username)
    since = now - WINDOW
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == name, LoginAttempt.succeeded.is_(True)
        )
    )
    account_since = max(since, as_utc(last_success)) if last_success else since
    unlocks = [
        _unlock_time(
            session,
            [LoginAttempt.username == name, LoginAttempt.at > account_since],
            MAX_FAILURES_PER_ACCOUNT,
        ),
        _unlock_time(
            session,
            [LoginAttempt.address == address, LoginAttempt.at > since],
            MAX_FAILURES_PER_ADDRESS,
        ),
    ]
    latest = max((u for u in unlocks if u is not None), default=None)
    if latest is None or latest <= now:
        return None
    return Lockout(latest - now)


def _lock_key(kind: str, value: str) -> int:
    digest = hashlib.sha256(f"dgr-login:{kind}:{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock(session: Session, username: str, address: str) -> None:
    """Serialises the attempts on one account or one address until the transaction ends.
    PostgreSQL: transaction-scoped advisory locks, always taken in the same order. SQLite
    needs none: every transaction there starts with BEGIN IMMEDIATE (storage.db)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted({_lock_key("account", username), _lock_key("address", address)}):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def begin(session: Session, username: str, address: str, now: datetime) -> Attempt | Lockout:
    """A lockout, or the pending attempt. Commit the transaction before checking the
    password, so that concurrent attempts count this one."""
    name = normalize_username(username)
    _lock(session, name, address)
    lockout = check(session, name, address, now)
    if lockout is not None:
        return lockout
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS))
    attempt = LoginAttempt(at=now, username=name, address=address, succeeded=None)
    session.add(attempt)
    session.flush()
    return Attempt(attempt.id)


def finish(session: Session, attempt: Attempt, succeeded: bool) -> None:
    session.execute(
        update(LoginAttempt).where(LoginAttempt.id == attempt.id).values(succeeded=succeeded)
    )


def record(session: Session, username: str, address: str, succeeded: bool, now: datetime) -> None:
    """An attempt already decided (used by tests and imports of past attempts)."""
    session.add(
        LoginAttempt(
            at=now, username=normalize_username(username), address=address, succeeded=succeeded
        )
    )
