"""An event's writes, made at the end of its transaction: the event id (processed once),
the answers it gave and the user's conversation state.

Reading happens at the start (one locked query, ``storage.chat.lock_user``), writing at the end,
so an answer is one read and one write. On PostgreSQL the writes are one statement
(data-modifying CTEs); on SQLite they run one after another in the same transaction.

The state is written on every event with a version check: a transaction that read a
state another process has since changed (possible while it waited for the user's lock)
raises ``StaleDataError`` and is run again, so it can never commit what it decided from
the old state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Insert,
    Select,
    bindparam,
    delete,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.exc import StaleDataError

from storage.answer_writes import (
    ANSWER_TOO_LATE,
    BUMP,
    HISTORY_INSERT,
    AnswerWrite,
    answer_upsert,
    answer_values,
    write_answers,
)
from storage.chat import StoredState
from storage.models import (
    Answer,
    AnswerChange,
    Assessment,
    ConversationState,
    OutboxMessage,
    ProcessedEvent,
)
from storage.outbox import OutboxStatus, Outgoing, enqueue

_STATES = ConversationState.__table__
_OUTBOX = OutboxMessage.__table__
_ASSESSMENTS = Assessment.__table__
_CHANGES = AnswerChange.__table__


def _insert(dialect: str):  # type: ignore[no-untyped-def]
    return pg_insert if dialect == "postgresql" else sqlite_insert


# Statements are built once (building one costs more than running it); values are bound.


@cache
def _claim(dialect: str) -> Insert:
    # INSERT … ON CONFLICT DO NOTHING: one statement, no savepoint, on both databases.
    return (
        _insert(dialect)(ProcessedEvent)
        .values(webhook_event_id=bindparam("b_event_id"), received_at=bindparam("b_now"))
        .on_conflict_do_nothing(index_elements=["webhook_event_id"])
        .returning(ProcessedEvent.webhook_event_id)
    )


@cache
def _state_insert(dialect: str) -> Insert:
    return (
        _insert(dialect)(ConversationState)
        .values(
            respondent_id=bindparam("b_respondent_id"),
            state=bindparam("b_state"),
            data=bindparam("b_data", type_=_STATES.c.data.type),
            version=literal_column("1"),
            updated_at=bindparam("b_now"),
        )
        .on_conflict_do_nothing(index_elements=["respondent_id"])
        .returning(_STATES.c.respondent_id)
    )


_STATE_UPDATE = (
    _STATES.update()  # rowcount says whether the version matched
    .where(
        _STATES.c.respondent_id == bindparam("b_respondent_id"),
        _STATES.c.version == bindparam("b_version"),
    )
    .values(
        state=bindparam("b_state"),
        data=bindparam("b_data", type_=_STATES.c.data.type),
        version=_STATES.c.version + 1,
        updated_at=bindparam("b_now"),
    )
)


@cache
def _outbox_insert(rows: int) -> Insert:
    """``rows`` outbox rows, with bound values o<n>_<column>."""
    columns = ("line_user_id", "reply_token", "messages", "retry_key")
    values = [
        {
            **{c: bindparam(f"o{n}_{c}", type_=_OUTBOX.c[c].type) for c in columns},
            "created_at": bindparam("b_now"),
            "next_attempt_at": bindparam("b_now"),
            "attempts": literal_column("0"),
            "status": bindparam("b_pending"),
        }
        for n in range(rows)
    ]
    # SQLAlchemy caches the compiled form of a one-row VALUES but not of a multi-row one,
    # and compiling the event's whole statement costs more than running it: most events
    # send one row.
    return _OUTBOX.insert().values(values[0] if rows == 1 else values)


ONE_STATEMENT_OUTBOX_ROWS = 3  # more (a long reply) is written by a statement of its own


@cache
def _one_statement(with_claim: bool, with_answer: bool, outbox_rows: int) -> Select:
    """PostgreSQL: claim, answer (with its history and the assessment's version), state
    update and outbox rows as CTEs of one statement, which returns how many states were
    updated, how many events were claimed, the outbox rows' ids and how many
    assessments took the answer."""
    updated = _STATE_UPDATE.returning(_STATES.c.version).cte("updated")
    columns = [select(func.count()).select_from(updated).scalar_subquery()]
    if with_claim:
        claimed = _claim("postgresql").cte("claimed")
        columns.append(select(func.count()).select_from(claimed).scalar_subquery())
    else:
        columns.append(literal_column("1"))
    if outbox_rows:
        outboxed = _outbox_insert(outbox_rows).returning(_OUTBOX.c.id).cte("outboxed")
        ids = select(func.array_agg(aggregate_order_by(outboxed.c.id, outboxed.c.id)))
        columns.append(ids.scalar_subquery())
    else:
        columns.append(literal_column("NULL"))
    if with_answer:
        bumped = BUMP.returning(_ASSESSMENTS.c.id).cte("bumped")
        columns.append(select(func.count()).select_from(bumped).scalar_subquery())
    statement = select(*columns)
    if with_answer:
        answered = answer_upsert("postgresql").returning(Answer.question_id).cte("answered")
        history = HISTORY_INSERT.returning(_CHANGES.c.id).cte("history")
        statement = statement.add_cte(answered).add_cte(history)  # run though nothing reads them
    return statement


_PROCESSED = select(ProcessedEvent.webhook_event_id).where(
    ProcessedEvent.webhook_event_id == bindparam("b_event_id")
)


def processed(connection: Connection, event_id: str) -> bool:
    """Whether this event id was recorded before (a read; ``claim`` records it)."""
    return connection.execute(_PROCESSED, {"b_event_id": event_id}).first() is not None


def claim(connection: Connection, event_id: str) -> bool:
    """Record an event id; False when it was recorded before."""
    values = {"b_event_id": event_id, "b_now": datetime.now(UTC)}
    return connection.execute(_claim(connection.dialect.name), values).scalar() is not None


def write_event(
    connection: Connection,
    event_id: str | None,
    state: StoredState | None,
    answers: list[AnswerWrite],
    messages: Sequence[Outgoing] = (),
) -> list[int] | None:
    """Write one event's changes with the messages that answer it (the outbox); their
    ids, or None when the event was processed before (the caller rolls back). ``state`` is
    None when the user deleted their data in this event (its version was checked before
    the deletion: see ``write_state``)."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {"b_event_id": event_id, "b_now": now}
    one_statement = (
        connection.dialect.name == "postgresql"
        and state is not None
        and state.version is not None
        and len(answers) <= 1
        and len(messages) <= ONE_STATEMENT_OUTBOX_ROWS
    )
    if one_statement:
        assert state is not None and state.version is not None
        values |= _state_values(state) | {"b_pending": OutboxStatus.PENDING}
        for answer in answers:
            values |= answer_values(answer)
        for number, row in enumerate(messages):
            values |= {f"o{number}_{key}": value for key, value in _outbox_values(row).items()}
        statement = _one_statement(event_id is not None, bool(answers), len(messages))
        result = connection.execute(statement, values).one()
        if result[1] == 0:
            return None
        if result[0] != 1:
            raise StaleDataError("conversation state changed by another process")
        if answers and result[3] != 1:
            raise StaleDataError(ANSWER_TOO_LATE)
        state.version += 1
        return list(result[2]) if messages else []
    if event_id is not None and not claim(connection, event_id):
        return None
    write_answers(connection, answers, now)
    if state is not None:
        write_state(connection, state)
    return enqueue(connection, messages, now)


def write_state(connection: Connection, state: StoredState) -> None:
    """Write the state now, with its version check (``StaleDataError`` when another
    process changed it since it was read). Also used before deleting a user's data, which
    takes the state row with it."""
    values = {**_state_values(state), "b_now": datetime.now(UTC)}
    if state.version is None:
        written = connection.execute(_state_insert(connection.dialect.name), values).first()
    else:
        written = connection.execute(_STATE_UPDATE, values).rowcount == 1
    if not written:
        raise StaleDataError("conversation state changed by another process")
    state.version = (state.version or 0) + 1


def _state_values(state: StoredState) -> dict[str, Any]:
    return {
        "b_respondent_id": state.respondent_id,
        "b_state": state.name,
        "b_data": state.data,
        "b_version": state.version,
    }


def _outbox_values(row: Outgoing) -> dict[str, Any]:
    return {
        "line_user_id": row.line_user_id,
        "reply_token": row.reply_token,
        "messages": row.messages,
        "retry_key": row.retry_key,
    }


# --- old event ids ------------------------------------------------------------------

KEEP_DAYS = 30  # far beyond LINE's redelivery window


def purge_processed(
    connection: Connection, keep_days: int = KEEP_DAYS, limit: int | None = None
) -> int:
    """Delete event ids recorded more than ``keep_days`` ago (at most ``limit``, the
    oldest first); returns how many."""
    cutoff = datetime.now(UTC) - timedelta(days=keep_days)
    old = select(ProcessedEvent.webhook_event_id).where(ProcessedEvent.received_at < cutoff)
    if limit is not None:
        old = old.order_by(ProcessedEvent.received_at).limit(limit)
    statement = delete(ProcessedEvent).where(ProcessedEvent.webhook_event_id.in_(old))
    return connection.execute(statement).rowcount or 0
