"""The bot's reads, and the writes other than an event's answer and state (those are in
``bot.writes``). Each webhook event runs in one transaction that first locks the user's
row, so two processes never interleave one user's events."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scoring.answers import AnswerValue
from storage.models import Agency, Answer, Assessment, ConversationState, JsonType, Respondent

IN_PROGRESS, COMPLETED, CANCELLED = "in_progress", "completed", "cancelled"


@dataclass
class ChatState:
    """Where the user is in the chat: a plain value, written back at the end of each
    event by ``bot.writes`` (not through the ORM's unit of work, which costs more than
    the rest of an answer's handling)."""

    respondent_id: int
    state: str = "idle"
    data: dict[str, Any] = field(default_factory=dict)
    version: int | None = None  # None: no row yet


@dataclass(frozen=True)
class User:
    respondent: Respondent
    state: ChatState
    in_progress: Assessment | None
    # The unfinished assessment's stored answers (question id → stored value).
    in_progress_answers: dict[str, dict[str, Any]]


# Hot-path statements are built once (building one costs more than running it) and take
# their values as bound parameters.


@cache
def _user_query(dialect: str) -> Select:
    """One round trip: the user (locked), their conversation state, and their unfinished
    assessment with its answers aggregated into one JSON object (one value to decode
    instead of a row per answer)."""
    if dialect == "postgresql":
        aggregated = func.jsonb_object_agg(Answer.question_id, Answer.value)
    else:
        aggregated = func.json_group_object(Answer.question_id, func.json(Answer.value))
    answers = (
        select(type_coerce(aggregated, JsonType))
        .where(Answer.assessment_id == Assessment.id)
        .scalar_subquery()
    )
    return (
        select(
            Respondent,
            ConversationState.state,
            ConversationState.data,
            ConversationState.version,
            Assessment,
            answers,
        )
        .outerjoin(ConversationState, ConversationState.respondent_id == Respondent.id)
        .outerjoin(
            Assessment,
            and_(Assessment.respondent_id == Respondent.id, Assessment.status == IN_PROGRESS),
        )
        .where(Respondent.line_user_id == bindparam("line_user_id"))
        .order_by(Assessment.id.desc())
        .limit(1)
        .with_for_update(of=Respondent)
    )


def lock_user(session: Session, line_user_id: str) -> User:
    """Lock the user's row for this transaction (created on first contact)."""
    query = _user_query(session.connection().dialect.name)
    values = {"line_user_id": line_user_id}
    row = session.execute(query, values).first()
    if row is None:
        try:
            with session.begin_nested():
                session.add(Respondent(line_user_id=line_user_id))
        except IntegrityError:
            pass  # another process created it first; lock theirs
        row = session.execute(query, values).one()
    respondent, name, data, version, assessment, answers = row
    state = (
        ChatState(respondent.id)
        if version is None
        else ChatState(respondent.id, name, data or {}, version)
    )
    return User(respondent, state, assessment, answers or {})


def set_state(state: ChatState, name: str, /, **data: Any) -> None:
    state.state = name
    state.data = data


_ANSWERS_QUERY = select(Answer.question_id, Answer.value).where(
    Answer.assessment_id == bindparam("assessment_id")
)


def stored_answers(session: Session, assessment: Assessment) -> dict[str, dict[str, Any]]:
    rows = session.connection().execute(_ANSWERS_QUERY, {"assessment_id": assessment.id})
    return {question_id: value for question_id, value in rows}


def scoring_answers(stored: dict[str, dict[str, Any]]) -> dict[str, AnswerValue]:
    """Stored rows → the engine's answers (skips left out, checklists as tuples)."""
    answers: dict[str, AnswerValue] = {}
    for question_id, value in stored.items():
        if "v" not in value:
            continue
        raw = value["v"]
        answers[question_id] = tuple(raw) if isinstance(raw, list) else raw
    return answers


def completed(session: Session, respondent: Respondent, limit: int = 2) -> list[Assessment]:
    return list(
        session.scalars(
            select(Assessment)
            .where(Assessment.respondent_id == respondent.id, Assessment.status == COMPLETED)
            .order_by(Assessment.finished_at.desc(), Assessment.id.desc())
            .limit(limit)
        )
    )


def cohort_percents(session: Session, year: int, agency_type: str) -> list[float]:
    """Overall percent of the latest complete whole-framework assessment of each agency
    (an unnamed agency counts per user), in this year and agency type."""
    agency_key = func.coalesce(Assessment.agency_id * 2, Assessment.respondent_id * 2 + 1)
    latest = (
        select(func.max(Assessment.id).label("latest_id"))
        .where(
            Assessment.framework_year == year,
            Assessment.agency_type == agency_type,
            Assessment.status == COMPLETED,
            Assessment.scope.is_(None),
            Assessment.overall_percent.is_not(None),
            Assessment.result["complete"].as_boolean().is_(True),
        )
        .group_by(agency_key)
        .subquery()
    )
    rows = session.scalars(
        select(Assessment.overall_percent).join(latest, Assessment.id == latest.c.latest_id)
    )
    return [float(value) for value in rows if value is not None]


def agency_for(session: Session, name: str | None, agency_type: str) -> Agency | None:
    """The agency of this name and type, created on first use (None without a name)."""
    if not name:
        return None
    query = select(Agency).where(Agency.name == name, Agency.agency_type == agency_type)
    agency = session.scalar(query)
    if agency is None:
        try:
            with session.begin_nested():
                session.add(Agency(name=name, agency_type=agency_type))
        except IntegrityError:
            pass  # created by another process at the same moment
        agency = session.scalar(query)
    return agency
