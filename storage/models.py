"""Database tables (SQLAlchemy 2). The same Alembic migrations run on SQLite and PostgreSQL.

The framework texts, agencies, people and their assessments are here; the admin's tables
are in ``model_admin``, the chat's plumbing in ``model_chat``, the web view's links in
``model_web``. Import tables from here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.model_admin import AdminSession, AdminUser, AuditEntry, LoginAttempt
from storage.model_base import Base, JsonType, NullableJson, Timestamp, utcnow
from storage.model_chat import ConversationState, OutboxMessage, ProcessedEvent
from storage.model_web import WebAccess, WebShare

__all__ = [
    "AdminSession",
    "AdminUser",
    "Agency",
    "Answer",
    "AnswerChange",
    "Assessment",
    "AssessmentMember",
    "AuditEntry",
    "Base",
    "ConversationState",
    "GlossaryTerm",
    "JsonType",
    "KnowledgeLoad",
    "LoginAttempt",
    "NullableJson",
    "OutboxMessage",
    "ProcessedEvent",
    "RecommendationText",
    "Respondent",
    "TextVersion",
    "Timestamp",
    "WebAccess",
    "WebShare",
    "utcnow",
]


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


class KnowledgeLoad(Base):
    """A run of ``dgr load-knowledge`` that synced the data files: the digest of the files it
    loaded, so that a load of the same files can be skipped."""

    __tablename__ = "knowledge_loads"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


# --- people --------------------------------------------------------------------


class Agency(Base):
    """The agency register: one row per agency, with its canonical Thai name, its type and
    its ministry (or, for a provincial unit, its province); ids of knowledge/data/register."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    agency_type: Mapped[str] = mapped_column(String(20))
    ministry_id: Mapped[str | None] = mapped_column(String(20))
    province_id: Mapped[str | None] = mapped_column(String(8))
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
    # How the team sees this person ("สมชาย ฝ่ายไอที"); asked when they first team up.
    display_name: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    agency: Mapped[Agency | None] = relationship()


class Assessment(Base):
    """An agency's assessment of one framework year (or of one pillar). Its people are its
    members (``AssessmentMember``); it stays when they delete their data (PDPA)."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who started it (the first coordinator); None once they deleted their data.
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("respondents.id", ondelete="SET NULL")
    )
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
    # Raised by every answer and by finishing: a finish decided on answers another member
    # has since changed is decided again (storage.teams).
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The team's invitation ("เข้าร่วม <code>"); None when revoked or never made.
    invite_code: Mapped[str | None] = mapped_column(String(12))
    # The earlier assessment whose answers this one started from (last year's, or the
    # finished one it revises).
    started_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )

    respondent: Mapped[Respondent | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_assessments_respondent_status", "respondent_id", "status"),
        Index("ix_assessments_cohort", "framework_year", "agency_type", "status"),
        UniqueConstraint("invite_code", name="uq_assessments_invite_code"),
    )


class Answer(Base):
    """One answer per question, updated in place."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    # storage.assessments.encode_answer: {"v": <answer value>} or {"skip": true}; with
    # "carried": true while it is last time's answer, not yet confirmed by a member.
    value: Mapped[dict[str, Any]] = mapped_column(JsonType)
    # Who gave it (the last answer to a question stands); None once they deleted their data.
    answered_by: Mapped[int | None] = mapped_column(
        ForeignKey("respondents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)


class AssessmentMember(Base):
    """A person in an assessment's team: its coordinator, or a member (with the pillars the
    coordinator assigned them, if any)."""

    __tablename__ = "assessment_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(12))  # storage.teams.Role
    pillars: Mapped[list[Any] | None] = mapped_column(NullableJson)
    joined_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    __table_args__ = (
        UniqueConstraint("assessment_id", "respondent_id"),
        Index("ix_assessment_members_respondent_id", "respondent_id"),
    )


class AnswerChange(Base):
    """Every answer given, by whom and when: the team's history of each question."""

    __tablename__ = "answer_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    value: Mapped[dict[str, Any]] = mapped_column(JsonType)
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("respondents.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    __table_args__ = (Index("ix_answer_changes_assessment_id", "assessment_id", "question_id"),)
