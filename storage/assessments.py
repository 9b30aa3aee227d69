"""Assessments: their status, how answers are stored, finishing one, and which result
counts for an agency ("the latest completed assessment per agency")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scoring.answers import AnswerValue
from scoring.assessment import AssessmentResult
from storage.models import Answer, Assessment


class Status(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# --- answers -------------------------------------------------------------------------

StoredAnswer = dict[str, Any]
SKIP: StoredAnswer = {"skip": True}


def encode_answer(value: AnswerValue | None) -> StoredAnswer:
    """How an answer is stored: ``{"v": value}``, or ``{"skip": true}`` for a skip."""
    if value is None:
        return dict(SKIP)
    return {"v": list(value) if isinstance(value, tuple) else value}


def decode_answer(stored: StoredAnswer) -> AnswerValue | None:
    """The answer, or None for a skip (checklists come back as tuples)."""
    if "v" not in stored:
        return None
    raw = stored["v"]
    return tuple(raw) if isinstance(raw, list) else raw


def decode_answers(stored: Mapping[str, StoredAnswer]) -> dict[str, AnswerValue]:
    """Stored rows → the scoring engine's answers (skips left out)."""
    answers: dict[str, AnswerValue] = {}
    for question_id, value in stored.items():
        decoded = decode_answer(value)
        if decoded is not None:
            answers[question_id] = decoded
    return answers


def stored_answers(session: Session, assessment_id: int) -> dict[str, StoredAnswer]:
    rows = session.execute(
        select(Answer.question_id, Answer.value).where(Answer.assessment_id == assessment_id)
    )
    return {question_id: value for question_id, value in rows}


def answers_of(session: Session, ids: Sequence[int], chunk: int = 500) -> dict[int, dict]:
    """Assessment id → question id → answer value (skips left out), for many at once."""
    found: dict[int, dict[str, AnswerValue]] = {}
    for start in range(0, len(ids), chunk):
        query = select(Answer.assessment_id, Answer.question_id, Answer.value).where(
            Answer.assessment_id.in_(ids[start : start + chunk])
        )
        for assessment_id, question_id, value in session.execute(query):
            decoded = decode_answer(value)
            if decoded is not None:
                found.setdefault(assessment_id, {})[question_id] = decoded
    return found


# --- life cycle ------------------------------------------------------------------------


def complete(assessment: Assessment, result: AssessmentResult) -> None:
    """Finish an assessment with its result as the official sees it."""
    assessment.status = Status.COMPLETED
    assessment.finished_at = datetime.now(UTC)
    assessment.result = result.to_dict()
    assessment.overall_level = result.overall.level
    assessment.overall_percent = result.overall.percent


def completed_of(session: Session, respondent_id: int, limit: int = 2) -> list[Assessment]:
    """A person's finished assessments, newest first."""
    return list(
        session.scalars(
            select(Assessment)
            .where(
                Assessment.respondent_id == respondent_id,
                Assessment.status == Status.COMPLETED,
            )
            .order_by(Assessment.finished_at.desc(), Assessment.id.desc())
            .limit(limit)
        )
    )


def completed_by_id(session: Session, respondent_id: int, assessment_id: int) -> Assessment | None:
    """One of a person's finished assessments (None when it is not theirs)."""
    return session.scalar(
        select(Assessment).where(
            Assessment.id == assessment_id,
            Assessment.respondent_id == respondent_id,
            Assessment.status == Status.COMPLETED,
        )
    )


# --- the result that counts for an agency ---------------------------------------------


@dataclass(frozen=True)
class CompletedRow:
    """What choosing each agency's latest result needs (no answers, no result JSON)."""

    id: int
    agency_key: str
    finished_at: datetime
    scope: tuple[str, ...] | None
    overall_percent: float | None
    complete: bool

    def covers(self, pillar_id: str) -> bool:
        return self.scope is None or pillar_id in self.scope


def agency_key(agency_id: int | None, respondent_id: int) -> str:
    """One agency: its record, else the one LINE user who did not name it."""
    return f"agency:{agency_id}" if agency_id is not None else f"respondent:{respondent_id}"


def completed_rows(
    session: Session, year: int, agency_type: str | None = None
) -> list[CompletedRow]:
    query = select(
        Assessment.id,
        Assessment.agency_id,
        Assessment.respondent_id,
        func.coalesce(Assessment.finished_at, Assessment.updated_at),
        Assessment.scope,
        Assessment.overall_percent,
        Assessment.result["complete"].as_boolean(),
    ).where(
        Assessment.framework_year == year,
        Assessment.status == Status.COMPLETED,
        Assessment.result.is_not(None),
    )
    if agency_type:
        query = query.where(Assessment.agency_type == agency_type)
    return [
        CompletedRow(
            id=row[0],
            agency_key=agency_key(row[1], row[2]),
            finished_at=row[3],
            scope=tuple(row[4]) if row[4] else None,
            overall_percent=row[5],
            complete=row[6] is not False,
        )
        for row in session.execute(query)
    ]


@dataclass(frozen=True)
class LatestResults:
    # Agency → its latest whole-framework result.
    overall: dict[str, CompletedRow]
    # Pillar → agency → its latest result covering that pillar (whole or one pillar).
    per_pillar: dict[str, dict[str, CompletedRow]]


def latest_per_agency(rows: Iterable[CompletedRow], pillar_ids: Sequence[str]) -> LatestResults:
    """The result that counts for each agency: a one-pillar assessment after a whole one
    updates that pillar only, never the overall."""
    ordered = sorted(rows, key=lambda r: (r.finished_at, r.id), reverse=True)
    overall: dict[str, CompletedRow] = {}
    per_pillar: dict[str, dict[str, CompletedRow]] = {p: {} for p in pillar_ids}
    for row in ordered:
        if row.scope is None:
            overall.setdefault(row.agency_key, row)
        for pillar_id in pillar_ids:
            if row.covers(pillar_id):
                per_pillar[pillar_id].setdefault(row.agency_key, row)
    return LatestResults(overall, per_pillar)


def cohort(session: Session, year: int, agency_type: str) -> list[CompletedRow]:
    """Peers: the latest whole-framework result of each agency of this year and type,
    when that result is complete (an incomplete one enters no cohort)."""
    latest = latest_per_agency(completed_rows(session, year, agency_type), ()).overall
    return [row for row in latest.values() if row.complete and row.overall_percent is not None]


def revise(session: Session, finished: Assessment, keep: Mapping[str, StoredAnswer]) -> Assessment:
    """A new, unfinished assessment of the same agency, year and scope as a finished one,
    starting from ``keep`` (its answers minus those to ask again)."""
    revision = Assessment(
        respondent_id=finished.respondent_id,
        agency_id=finished.agency_id,
        framework_year=finished.framework_year,
        agency_type=finished.agency_type,
        agency_name=finished.agency_name,
        scope=finished.scope,
    )
    session.add(revision)
    session.flush()
    for question_id, stored in keep.items():
        session.add(Answer(assessment_id=revision.id, question_id=question_id, value=stored))
    session.flush()
    return revision
