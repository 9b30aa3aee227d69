"""Database tables (SQLAlchemy 2). The same Alembic migrations run on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JsonType = JSON().with_variant(JSONB(), "postgresql")
# For nullable JSON columns: Python None is stored as SQL NULL, not as JSON null.
NullableJson = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")

# Stable constraint names so migrations are the same on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JsonType, list[Any]: JsonType}


Timestamp = DateTime(timezone=True)


# --- framework content ---------------------------------------------------------


class RecommendationText(Base):
    """The recommendation of one issue × band × agency-criteria key ("all", "service", "policy")."""

    __tablename__ = "recommendation_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_year: Mapped[int] = mapped_column(Integer)
    issue_id: Mapped[str] = mapped_column(String(40))
    band: Mapped[str] = mapped_column(String(10))
    text_key: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    shipped_text: Mapped[str] = mapped_column(Text)
    # Set when an admin saved the current text; a knowledge load never overwrites it then.
    edited_by: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("framework_year", "issue_id", "band", "text_key"),)


class GlossaryTerm(Base):
    __tablename__ = "glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[str] = mapped_column(String(80), unique=True)
    category: Mapped[str] = mapped_column(String(20))
    name_th: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    definition: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[Any]] = mapped_column(JsonType)
    related: Mapped[list[Any]] = mapped_column(JsonType)
    shipped_definition: Mapped[str] = mapped_column(Text)
    shipped_aliases: Mapped[list[Any]] = mapped_column(JsonType)
    edited_by: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)


class TextVersion(Base):
    """Every saved state of an editable text: who, when, what."""

    __tablename__ = "text_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "recommendation" (key "2565/P1.DaP.1/1-3/all") or "glossary" (key = term id).
    target_kind: Mapped[str] = mapped_column(String(20))
    target_key: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JsonType)
    # "shipped", "shipped-update", "edit", "restore", "reset"
    action: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    __table_args__ = (UniqueConstraint("target_kind", "target_key", "version"),)


# --- people --------------------------------------------------------------------


class AdminUser(Base):
    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))  # admin | editor | viewer
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    # Two-factor sign-in (TOTP, RFC 6238): the base32 secret, set once enrolment is confirmed,
    # and the last time step accepted, so that one code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)


class AdminSession(Base):
    """A signed-in admin session. The cookie carries a random token; only its SHA-256 is
    stored, and deleting the row (sign-out, password reset, deactivation) ends the session."""

    __tablename__ = "admin_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("admin_users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    address: Mapped[str | None] = mapped_column(String(64))


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    agency_type: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    __table_args__ = (UniqueConstraint("name", "agency_type"),)


class Respondent(Base):
    """A LINE user who talks to the bot. Deleting it deletes everything about them (PDPA)."""

    __tablename__ = "respondents"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    agency_name: Mapped[str | None] = mapped_column(String(300))
    agency_type: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    agency: Mapped[Agency | None] = relationship()
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="respondent", cascade="all, delete-orphan", passive_deletes=True
    )


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    framework_year: Mapped[int] = mapped_column(Integer)
    agency_type: Mapped[str] = mapped_column(String(20))
    agency_name: Mapped[str | None] = mapped_column(String(300))
    # Pillar ids asked; null = the whole framework.
    scope: Mapped[list[Any] | None] = mapped_column(NullableJson)
    # storage.assessments.Status: in_progress | completed | cancelled
    status: Mapped[str] = mapped_column(String(20), default="in_progress")  # Status.IN_PROGRESS
    started_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp)
    # The result as shown to the official when finished (scoring.AssessmentResult.to_dict()).
    result: Mapped[dict[str, Any] | None] = mapped_column(NullableJson)
    overall_level: Mapped[int | None] = mapped_column(Integer)
    overall_percent: Mapped[float | None] = mapped_column(Float)

    respondent: Mapped[Respondent] = relationship(back_populates="assessments")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_assessments_respondent_status", "respondent_id", "status"),
        Index("ix_assessments_cohort", "framework_year", "agency_type", "status"),
    )


class Answer(Base):
    """One answer per question, updated in place."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    # storage.assessments.encode_answer: {"v": <answer value>} or {"skip": true}
    value: Mapped[dict[str, Any]] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)


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


class AuditEntry(Base):
    """Who did what in the admin web, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    address: Mapped[str | None] = mapped_column(String(64))


class LoginAttempt(Base):
    """Admin sign-in attempts, shared by every worker, for throttling per account and address."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    # None while the attempt is being evaluated: it already counts against the limit, so
    # concurrent attempts cannot all slip under it.
    succeeded: Mapped[bool | None] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )
