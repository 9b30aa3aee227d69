"""The outbox: messages to LINE, stored in the transaction of the answer they follow and
delivered after the webhook has answered (``bot.delivery`` decides how).

Rows are taken with a lease (``claimed_until``) so that several processes, or hosts, can
deliver side by side (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises its
writers), a sender that dies mid-way is taken over when its lease ends, and one user's
messages go out in the order they were written.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Text,
    Update,
    and_,
    bindparam,
    cast,
    delete,
    exists,
    func,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.orm import aliased

from storage.models import OutboxMessage

MESSAGES_PER_CALL = 5  # LINE's limit per reply or push
_OUTBOX = OutboxMessage.__table__


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    # A reply whose outcome LINE never told (a timeout): not pushed again, so that the
    # user never gets the same messages twice.
    UNKNOWN = "unknown"
    FAILED = "failed"  # LINE refused it for good (e.g. the user blocked the bot)
    GAVE_UP = "gave_up"  # still failing when the retry horizon ended


# Written into the SQL rather than bound, so the planner can use the outbox's partial
# indexes (``storage.model_chat.PENDING_ROWS``) in a prepared statement's generic plan.
_PENDING = literal_column(f"'{OutboxStatus.PENDING.value}'")


@dataclass(frozen=True)
class Outgoing:
    line_user_id: str | None
    reply_token: str | None
    messages: list[dict[str, Any]]
    retry_key: str


def outgoing(
    line_user_id: str | None, reply_token: str | None, messages: Sequence[dict[str, Any]]
) -> list[Outgoing]:
    """One row per call: the first five messages by reply (when there is a token), the
    rest by push, each with its own retry key."""
    rows = []
    for start in range(0, len(messages), MESSAGES_PER_CALL):
        token = reply_token if start == 0 else None
        chunk = list(messages[start : start + MESSAGES_PER_CALL])
        rows.append(Outgoing(line_user_id, token, chunk, str(uuid.uuid4())))
    return rows


def row_values(row: Outgoing, now: datetime) -> dict[str, Any]:
    return {
        "line_user_id": row.line_user_id,
        "reply_token": row.reply_token,
        "messages": row.messages,
        "retry_key": row.retry_key,
        "created_at": now,
        "next_attempt_at": now,
        "attempts": 0,
        "status": OutboxStatus.PENDING,
    }


def enqueue(connection: Connection, rows: Sequence[Outgoing], now: datetime) -> list[int]:
    if not rows:
        return []
    statement = _OUTBOX.insert().returning(_OUTBOX.c.id)
    return [connection.execute(statement, row_values(row, now)).scalar_one() for row in rows]


@dataclass(frozen=True)
class Claimed:
    id: int
    line_user_id: str | None
    reply_token: str | None
    # The messages as the stored JSON text: they go to LINE as they are, never decoded.
    messages_json: str
    retry_key: str
    created_at: datetime
    attempts: int  # this attempt included


@cache
def _claim_statement(by_ids: bool, by_users: bool) -> Update:
    """Built once per filter (building costs more than running it): due rows, oldest
    first, skipping a user's row while an earlier one of theirs is still pending."""
    earlier = aliased(OutboxMessage)
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == _PENDING,
            OutboxMessage.next_attempt_at <= bindparam("now"),
            or_(
                OutboxMessage.claimed_until.is_(None),
                OutboxMessage.claimed_until < bindparam("now"),
            ),
            ~exists().where(
                earlier.line_user_id == OutboxMessage.line_user_id,
                earlier.status == _PENDING,
                earlier.id < OutboxMessage.id,
            ),
        )
        .order_by(OutboxMessage.id)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
    )
    if by_ids:
        due = due.where(OutboxMessage.id.in_(bindparam("ids", expanding=True)))
    if by_users:
        due = due.where(OutboxMessage.line_user_id.in_(bindparam("users", expanding=True)))
    return (
        update(_OUTBOX)
        .where(_OUTBOX.c.id.in_(due.scalar_subquery()))
        .values(claimed_until=bindparam("until"), attempts=_OUTBOX.c.attempts + 1)
        .returning(
            _OUTBOX.c.id,
            _OUTBOX.c.line_user_id,
            _OUTBOX.c.reply_token,
            cast(_OUTBOX.c.messages, Text),
            _OUTBOX.c.retry_key,
            _OUTBOX.c.created_at,
            _OUTBOX.c.attempts,
        )
    )


def claim(
    connection: Connection,
    now: datetime,
    lease: timedelta,
    limit: int = 20,
    ids: Sequence[int] | None = None,
    users: Sequence[str] | None = None,
) -> list[Claimed]:
    """Take due rows (of ``ids`` only, or of these ``users`` only, when given) for
    ``lease``, oldest first, skipping a user's row while an earlier one of theirs is still
    pending."""
    values: dict[str, Any] = {"now": now, "until": now + lease, "limit": limit}
    if ids is not None:
        values["ids"] = list(ids)
    if users is not None:
        values["users"] = list(users)
    statement = _claim_statement(ids is not None, users is not None)
    rows = connection.execute(statement, values)
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def _settle_statement() -> Update:
    later = aliased(OutboxMessage)
    # Whether the user has other rows waiting: they were held back behind this one.
    held_back = exists().where(
        later.line_user_id == _OUTBOX.c.line_user_id,
        later.status == _PENDING,
        later.id != _OUTBOX.c.id,
    )
    return (
        update(_OUTBOX)
        .where(_OUTBOX.c.id == bindparam("row_id"))
        .values(status=bindparam("status"), done_at=bindparam("done_at"), claimed_until=None)
        .returning(held_back)
    )


_SETTLE = _settle_statement()
_SETTLE_WITH_ERROR = _SETTLE.values(last_error=bindparam("last_error"))


def settle(
    connection: Connection, row_id: int, status: OutboxStatus, now: datetime, error: str = ""
) -> bool:
    """The row is done: sent, refused for good, given up, or of unknown outcome. True when
    the user has other rows pending (the caller sends them next: they waited for this
    one), so that most deliveries need no second look. A row committed in the instant
    between this statement and its commit is not seen here; the poller sends it (within
    ``OUTBOX_POLL_SECONDS``)."""
    values = {"row_id": row_id, "status": status, "done_at": now}
    statement = _SETTLE
    if error:
        statement = _SETTLE_WITH_ERROR
        values["last_error"] = error[:200]
    return bool(connection.execute(statement, values).scalar())


def defer(
    connection: Connection,
    row_id: int,
    next_attempt_at: datetime,
    error: str,
    drop_reply_token: bool = False,
) -> None:
    """Try again later (by push once the reply is known to have failed)."""
    values: dict[str, Any] = {
        "next_attempt_at": next_attempt_at,
        "claimed_until": None,
        "last_error": error[:200],
    }
    if drop_reply_token:
        values["reply_token"] = None
    connection.execute(update(_OUTBOX).where(_OUTBOX.c.id == row_id).values(**values))


def counts(connection: Connection) -> dict[str, int]:
    """Rows by status (the admin shows what was given up or refused)."""
    rows = connection.execute(select(_OUTBOX.c.status, func.count()).group_by(_OUTBOX.c.status))
    return {status: count for status, count in rows}


def undelivered(connection: Connection, limit: int = 100) -> list[Any]:
    """The latest rows that were given up or refused, newest first."""
    return list(
        connection.execute(
            select(_OUTBOX)
            .where(_OUTBOX.c.status.in_(UNDELIVERED))
            .order_by(_OUTBOX.c.id.desc())
            .limit(limit)
        )
    )


# Delivered messages are kept a week (to answer "I never got it"); undelivered ones a
# month, listed in the admin. They copy what the bot told the person, so they do not stay.
SENT_KEEP_DAYS = 7
UNDELIVERED_KEEP_DAYS = 30
UNDELIVERED = (OutboxStatus.GAVE_UP, OutboxStatus.FAILED, OutboxStatus.UNKNOWN)


def purge_done(connection: Connection, now: datetime, limit: int | None = None) -> int:
    """Delete rows delivered more than ``SENT_KEEP_DAYS`` ago and undelivered ones done more
    than ``UNDELIVERED_KEEP_DAYS`` ago (at most ``limit``, the oldest first); how many."""
    sent_before = now - timedelta(days=SENT_KEEP_DAYS)
    undelivered_before = now - timedelta(days=UNDELIVERED_KEEP_DAYS)
    old = select(_OUTBOX.c.id).where(
        or_(
            and_(_OUTBOX.c.status == OutboxStatus.SENT, _OUTBOX.c.done_at < sent_before),
            and_(_OUTBOX.c.status.in_(UNDELIVERED), _OUTBOX.c.done_at < undelivered_before),
        )
    )
    if limit is not None:
        old = old.order_by(_OUTBOX.c.id).limit(limit)
    return connection.execute(delete(_OUTBOX).where(_OUTBOX.c.id.in_(old))).rowcount or 0


def delete_done_of(connection: Connection, line_user_id: str) -> int:
    """Delete a person's rows that are done (deleting their data); rows still pending are
    delivered (the confirmation of the deletion among them)."""
    statement = delete(_OUTBOX).where(
        _OUTBOX.c.line_user_id == line_user_id, _OUTBOX.c.status != _PENDING
    )
    return connection.execute(statement).rowcount or 0


def next_due(connection: Connection, ids: Sequence[int]) -> datetime | None:
    """When the earliest of these rows that is still pending is due again."""
    statement = select(func.min(_OUTBOX.c.next_attempt_at)).where(
        _OUTBOX.c.id.in_(list(ids)), _OUTBOX.c.status == _PENDING
    )
    return connection.execute(statement).scalar()
