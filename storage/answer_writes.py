"""Writing answers: each one upserted with who gave it, added to the team's history, and
moving its assessment's version on (``storage.chat_writes`` runs these statements, on
PostgreSQL as CTEs of the event's one statement)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.exc import StaleDataError

from storage.assessments import Status
from storage.models import Answer, AnswerChange, Assessment

_ASSESSMENTS = Assessment.__table__
_CHANGES = AnswerChange.__table__


@dataclass(frozen=True)
class AnswerWrite:
    assessment_id: int
    question_id: str
    stored: dict[str, Any]
    answered_by: int  # respondent id


@cache
def answer_upsert(dialect: str) -> Insert:
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(Answer).values(
        assessment_id=bindparam("b_assessment_id"),
        question_id=bindparam("b_question_id"),
        value=bindparam("b_value", type_=Answer.value.type),
        answered_by=bindparam("b_answered_by"),
        created_at=bindparam("b_now"),
        updated_at=bindparam("b_now"),
    )
    return statement.on_conflict_do_update(
        index_elements=["assessment_id", "question_id"],
        set_={
            "value": statement.excluded.value,
            "answered_by": statement.excluded.answered_by,
            "updated_at": statement.excluded.updated_at,
        },
    )


# The team's history of each question: who answered what, when.
HISTORY_INSERT = _CHANGES.insert().values(
    assessment_id=bindparam("b_assessment_id"),
    question_id=bindparam("b_question_id"),
    value=bindparam("b_value", type_=_CHANGES.c.value.type),
    respondent_id=bindparam("b_answered_by"),
    at=bindparam("b_now"),
)

# An answer moves its assessment's version on, and only lands while the assessment is
# unfinished: another member's finish decided on older answers fails its version check
# (``finish``), and an answer decided before another member finished is decided again.
BUMP = (
    _ASSESSMENTS.update()
    .where(
        _ASSESSMENTS.c.id == bindparam("b_assessment_id"),
        _ASSESSMENTS.c.status == Status.IN_PROGRESS.value,
    )
    .values(version=_ASSESSMENTS.c.version + 1, updated_at=bindparam("b_now"))
)


ANSWER_TOO_LATE = "the assessment was finished or cancelled by another member"


def write_answers(connection: Connection, answers: Sequence[AnswerWrite], now: datetime) -> None:
    """Write answers with their history, each moving its assessment's version on
    (``StaleDataError`` when the assessment is no longer unfinished)."""
    upsert = answer_upsert(connection.dialect.name)
    for answer in answers:
        values = {**answer_values(answer), "b_now": now}
        if connection.execute(BUMP, values).rowcount != 1:
            raise StaleDataError(ANSWER_TOO_LATE)
        connection.execute(upsert, values)
        connection.execute(HISTORY_INSERT, values)


def answer_values(answer: AnswerWrite) -> dict[str, Any]:
    return {
        "b_assessment_id": answer.assessment_id,
        "b_question_id": answer.question_id,
        "b_value": answer.stored,
        "b_answered_by": answer.answered_by,
    }
