"""Tables of the web view: each user's link generation (revoking links moves it on) and
the read-only share links an official gives a supervisor."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from storage.model_base import Base, Timestamp, utcnow


class WebAccess(Base):
    """A user's links carry the generation they were made in; "ยกเลิกลิงก์" moves it on,
    which refuses every earlier link and every web session opened with one."""

    __tablename__ = "web_access"

    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    generation: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)


class WebShare(Base):
    """A read-only link to one finished assessment's report, for someone without LINE."""

    __tablename__ = "web_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(Timestamp)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp)

    __table_args__ = (Index("ix_web_shares_respondent_id", "respondent_id"),)
