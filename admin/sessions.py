"""Server-side admin sessions: the cookie holds a random token, the database the session.

Signing out, a password reset or deactivating the account deletes the rows, so a copied
or replayed cookie is refused afterwards. A session also ends after a spell without use
(idle timeout) and at a fixed age (maximum lifetime), whatever the cookie says.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from storage.models import AdminSession, AdminUser, utcnow

DEFAULT_IDLE_MINUTES = 30
DEFAULT_MAX_HOURS = 12
# Writing "last seen" on every page would be a write per request; a minute is precise enough.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta = timedelta(minutes=DEFAULT_IDLE_MINUTES)
    lifetime: timedelta = timedelta(hours=DEFAULT_MAX_HOURS)

    @classmethod
    def from_settings(cls, settings: dict[str, object]) -> SessionLimits:
        """From the app's config (ADMIN_IDLE_MINUTES, ADMIN_SESSION_MAX_HOURS), else the
        environment, else the defaults."""

        def number(name: str, default: int) -> float:
            raw = settings.get(name) or os.environ.get(name) or default
            value = float(raw)  # type: ignore[arg-type]
            if value <= 0:
                raise ValueError(f"{name} must be positive, not {raw!r}")
            return value

        return cls(
            idle=timedelta(minutes=number("ADMIN_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)),
            lifetime=timedelta(hours=number("ADMIN_SESSION_MAX_HOURS", DEFAULT_MAX_HOURS)),
        )


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user_id: int, address: str | None) -> str:
    """A new session for the account; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        AdminSession(
            token_hash=_hash(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            address=address,
        )
    )
    return token


def resume(
    session: Session, token: str, limits: SessionLimits, now: datetime | None = None
) -> AdminUser | None:
    """The active account of a live session, or None (unknown, ended, idle or too old)."""
    if not token or len(token) > 100:
        return None
    now = now or utcnow()
    row = session.execute(
        select(AdminSession, AdminUser)
        .join(AdminUser, AdminUser.id == AdminSession.user_id)
        .where(AdminSession.token_hash == _hash(token))
    ).first()
    if row is None:
        return None
    stored, user = row
    idle_since = now - _as_utc(stored.last_seen_at)
    age = now - _as_utc(stored.created_at)
    if not user.is_active or idle_since > limits.idle or age > limits.lifetime:
        session.delete(stored)
        return None
    if idle_since > TOUCH_EVERY:
        stored.last_seen_at = now
    return user


def end(session: Session, token: str) -> None:
    session.execute(delete(AdminSession).where(AdminSession.token_hash == _hash(token)))


def end_all(session: Session, user_id: int) -> None:
    """Ends every session of the account (a new password, deactivation)."""
    session.execute(delete(AdminSession).where(AdminSession.user_id == user_id))


def purge_expired(session: Session, limits: SessionLimits, now: datetime | None = None) -> None:
    now = now or utcnow()
    session.execute(
        delete(AdminSession).where(
            or_(
                AdminSession.last_seen_at < now - limits.idle,
                AdminSession.created_at < now - limits.lifetime,
            )
        )
    )
