"""Sign-in throttling per account and per address, kept in the database so that every
gunicorn worker sees the same attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import LoginAttempt

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
# Higher: several people may sign in from one office address.
MAX_FAILURES_PER_ADDRESS = 20
KEEP_ATTEMPTS = timedelta(days=1)


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
        .where(LoginAttempt.succeeded.is_(False), *where)
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


def record(session: Session, username: str, address: str, succeeded: bool, now: datetime) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS))
    session.add(
        LoginAttempt(
            at=now, username=normalize_username(username), address=address, succeeded=succeeded
        )
    )
