"""Assessments: their status, how answers are stored, finishing one, and which result
counts for an agency ("the latest completed assessment per agency")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Select, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from scoring.answers import AnswerValue
from scoring.assessment import AssessmentResult
from storage.models import Answer, Assessment, AssessmentMember


class Status(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# --- answers -------------------------------------------------------------------------

StoredAnswer = dict[str, Any]
SKIP: StoredAnswer = {"skip": True}
# Set on an answer copied from the agency's previous assessment until a member confirms or
# changes it; PASSED: a member skipped it, so it is not asked again in this round.
CARRIED = "carried"
PASSED = "passed"


def is_settled(stored: StoredAnswer | None) -> bool:
    """Answered (or skipped) in this assessment: not last time's answer still waiting
    for a member to confirm it."""
    return stored is not None and not (stored.get(CARRIED) and not stored.get(PASSED))


def is_carried(stored: StoredAnswer | None) -> bool:
    return stored is not None and bool(stored.get(CARRIED))


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
    """Finish an assessment with its result as the official sees it (through the ORM; the
    chat finishes with ``complete_checked``)."""
    assessment.status = Status.COMPLETED
    assessment.finished_at = datetime.now(UTC)
    assessment.result = result.to_dict()
    assessment.overall_level = result.overall.level
    assessment.overall_percent = result.overall.percent


def complete_checked(
    connection: Connection, assessment_id: int, version: int, result: AssessmentResult
) -> None:
    """Finish an assessment with its result as the official sees it, if its answers are
    still those the result was computed from: ``version`` is the assessment's version
    when they were read (each answer moves it on). ``StaleDataError`` otherwise, and the
    event is decided again on the answers as they are now."""
    now = datetime.now(UTC)
    finished = connection.execute(
        update(Assessment)
        .where(
            Assessment.id == assessment_id,
            Assessment.version == version,
            Assessment.status == Status.IN_PROGRESS,
        )
        .values(
            status=Status.COMPLETED,
            finished_at=now,
            updated_at=now,
            result=result.to_dict(),
            overall_level=result.overall.level,
            overall_percent=result.overall.percent,
            version=Assessment.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if finished.rowcount != 1:
        raise StaleDataError("the team's answers changed while the result was computed")


def _of_member(respondent_id: int) -> Select:
    return select(Assessment).join(
        AssessmentMember,
        (AssessmentMember.assessment_id == Assessment.id)
        & (AssessmentMember.respondent_id == respondent_id),
    )


def completed_of(session: Session, respondent_id: int, limit: int = 2) -> list[Assessment]:
    """The finished assessments of the teams a person is in, newest first."""
    return list(
        session.scalars(
            _of_member(respondent_id)
            .where(Assessment.status == Status.COMPLETED)
            .order_by(Assessment.finished_at.desc(), Assessment.id.desc())
            .limit(limit)
        )
    )


def completed_by_id(session: Session, respondent_id: int, assessment_id: int) -> Assessment | None:
    """A finished assessment of a team the person is in (None when they are not)."""
    return session.scalar(
        _of_member(respondent_id).where(
            Assessment.id == assessment_id, Assessment.status == Status.COMPLETED
        )
    )


def previous_of_agency(session: Session, assessment: Assessment) -> Assessment | None:
    """The agency's result before this assessment that covers its pillars (last year's,
    or an earlier one of the same year): what "the change since last time" compares with."""
    if assessment.agency_id is None:
        return None
    query = (
        select(Assessment)
        .where(
            Assessment.agency_id == assessment.agency_id,
            Assessment.status == Status.COMPLETED,
            Assessment.id != assessment.id,
            Assessment.result.is_not(None),
        )
        .order_by(Assessment.finished_at.desc(), Assessment.id.desc())
        .limit(PREVIOUS_LOOKED_AT)
    )
    if assessment.finished_at is not None:
        query = query.where(Assessment.finished_at < assessment.finished_at)
    return next(
        (a for a in session.scalars(query) if covers(a.scope, assessment.scope)), None
    )


PREVIOUS_LOOKED_AT = 20


def covers(earlier: Sequence[str] | None, scope: Sequence[str] | None) -> bool:
    """Whether a result of scope ``earlier`` has every pillar of ``scope`` (None: all)."""
    if earlier is None:
        return True
    return scope is not None and set(scope) <= set(earlier)


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


def agency_key(
    agency_id: int | None, respondent_id: int | None, assessment_id: int | None = None
) -> str:
    """One agency: its record, else the one LINE user who did not name it (else, once
    they deleted their data, the assessment itself)."""
    if agency_id is not None:
        return f"agency:{agency_id}"
    if respondent_id is not None:
        return f"respondent:{respondent_id}"
    return f"assessment:{assessment_id}"


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
            agency_key=agency_key(row[1], row[2], row[0]),
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
