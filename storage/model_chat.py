"""Tables of the chat's plumbing: conversation states, processed webhook events and the
outbox of messages to LINE."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.model_base import Base, JsonType, Timestamp, utcnow


class ConversationState(Base):
    """Where a user is in the chat; ``version`` guards against concurrent writers."""

    __tablename__ = "conversation_states"

    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}


class ProcessedEvent(Base):
    """Webhook event ids already handled; the primary key makes a repeat fail to insert.
    Ids older than LINE would redeliver are purged (``dgr purge-events``, and hourly by
    the webhook)."""

    __tablename__ = "processed_events"

    webhook_event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)


# Queries on pending rows say ``status = 'pending'`` as a literal (storage.outbox), so that
# the planner can use these partial indexes in a prepared statement's generic plan too.
PENDING_ROWS = text("status = 'pending'")


class OutboxMessage(Base):
    """Messages to send to LINE, written in the same transaction as the answer they
    follow, and delivered after the webhook has answered (``bot.delivery``): a reply while
    its token is fresh, else a push with the row's retry key."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a group or room (answered by reply only).
    line_user_id: Mapped[str | None] = mapped_column(String(64))
    reply_token: Mapped[str | None] = mapped_column(String(255))
    messages: Mapped[list[Any]] = mapped_column(JsonType)
    retry_key: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # A sender holds the row until then; after it, another may take it over.
    claimed_until: Mapped[datetime | None] = mapped_column(Timestamp)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # storage.outbox: pending | sent | unknown | failed | gave_up
    status: Mapped[str] = mapped_column(String(12), default="pending")
    last_error: Mapped[str | None] = mapped_column(String(200))
    done_at: Mapped[datetime | None] = mapped_column(Timestamp)

    # Only pending rows are looked up often (what is due; what of a user waits): the indexes
    # hold those alone, so they stay small however many sent rows the table keeps.
    __table_args__ = (
        Index(
            "ix_outbox_pending_due",
            "next_attempt_at",
            postgresql_where=PENDING_ROWS,
            sqlite_where=PENDING_ROWS,
        ),
        Index(
            "ix_outbox_pending_user",
            "line_user_id",
            "id",
            postgresql_where=PENDING_ROWS,
            sqlite_where=PENDING_ROWS,
        ),
    )
