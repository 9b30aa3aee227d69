"""The chat's reads. Each webhook event runs in one transaction that first locks the
user's row, then reads (``lock_user``): their conversation state and the unfinished
assessment whose team they are in, with its answers, in one query. Locking first and
reading after means the read sees everything an earlier event of the same user
committed (PostgreSQL gives each statement a fresh snapshot), so one user's events are
processed one after another whatever the concurrency. Team members' events run side by
side; their answers meet in the assessment's version. The writes are in ``storage.chat_writes``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from storage.assessments import Status
from storage.models import (
    Answer,
    Assessment,
    AssessmentMember,
    ConversationState,
    JsonType,
    Respondent,
)


@dataclass
class StoredState:
    """The conversation state as stored: a name and its data, written back at the end of
    each event with a version check (not through the ORM's unit of work, which costs more
    than the rest of an answer's handling)."""

    respondent_id: int
    name: str = "idle"
    data: dict[str, Any] = field(default_factory=dict)
    version: int | None = None  # None: no row yet


@dataclass(frozen=True)
class Membership:
    """The user's place in the team of their unfinished assessment."""

    role: str  # storage.teams.Role
    pillars: tuple[str, ...]  # assigned by the coordinator (none: any)
    team_size: int


@dataclass(frozen=True)
class ChatRow:
    respondent: Respondent
    state: StoredState
    in_progress: Assessment | None
    # The unfinished assessment's stored answers (question id → stored value).
    in_progress_answers: dict[str, dict[str, Any]]
    # …who gave each one (respondent id; None once they deleted their data).
    answered_by: dict[str, int | None] = field(default_factory=dict)
    membership: Membership | None = None
    # Whether a team the user is in has finished an assessment (a result to show).
    has_result: bool = False


# Hot-path statements are built once (building one costs more than running it) and take
# their values as bound parameters.


@cache
def _user_query(dialect: str) -> Select:
    """One round trip: the user, their conversation state, and the unfinished
    assessment whose team they are in, with its answers (and who gave them) aggregated
    into JSON objects (one value to decode instead of a row per answer), their role, the
    team's size, and whether they have a result. Run after the user's row is locked."""
    if dialect == "postgresql":
        aggregated = func.jsonb_object_agg(Answer.question_id, Answer.value)
        by = func.jsonb_object_agg(Answer.question_id, Answer.answered_by)
    else:
        aggregated = func.json_group_object(Answer.question_id, func.json(Answer.value))
        by = func.json_group_object(Answer.question_id, Answer.answered_by)
    answers = (
        select(type_coerce(aggregated, JsonType))
        .where(Answer.assessment_id == Assessment.id)
        .scalar_subquery()
    )
    answered_by = (
        select(type_coerce(by, JsonType)).where(Answer.assessment_id == Assessment.id)
    ).scalar_subquery()
    others = aliased(AssessmentMember)
    team_size = select(func.count()).where(others.assessment_id == Assessment.id).scalar_subquery()
    mine, finished = aliased(AssessmentMember), aliased(Assessment)
    has_result = (
        select(mine.id)
        .join(finished, finished.id == mine.assessment_id)
        .where(mine.respondent_id == Respondent.id, finished.status == Status.COMPLETED)
        .exists()
    )
    return (
        select(
            Respondent,
            ConversationState.state,
            ConversationState.data,
            ConversationState.version,
            Assessment,
            answers,
            answered_by,
            AssessmentMember.role,
            AssessmentMember.pillars,
            team_size,
            has_result,
        )
        .outerjoin(ConversationState, ConversationState.respondent_id == Respondent.id)
        .outerjoin(AssessmentMember, AssessmentMember.respondent_id == Respondent.id)
        .outerjoin(
            Assessment,
            and_(
                Assessment.id == AssessmentMember.assessment_id,
                Assessment.status == Status.IN_PROGRESS,
            ),
        )
        .where(Respondent.id == bindparam("respondent_id"))
        # The unfinished one first (a member of finished teams too), the newest of them.
        .order_by(Assessment.id.is_(None), Assessment.id.desc())
        .limit(1)
    )


_LOCK = (
    select(Respondent.id)
    .where(Respondent.line_user_id == bindparam("line_user_id"))
    .with_for_update()
)


def lock_user(session: Session, line_user_id: str) -> ChatRow:
    """Lock the user's row for this transaction (created on first contact), then read."""
    connection = session.connection()
    values = {"line_user_id": line_user_id}
    respondent_id = connection.execute(_LOCK, values).scalar()
    if respondent_id is None:
        try:
            with session.begin_nested():
                session.add(Respondent(line_user_id=line_user_id))
        except IntegrityError:
            pass  # another process created it first; lock theirs
        respondent_id = connection.execute(_LOCK, values).scalar_one()
    query = _user_query(connection.dialect.name)
    row = session.execute(query, {"respondent_id": respondent_id}).one()
    respondent, name, data, version, assessment, answers, by, role, pillars, size, done = row
    state = (
        StoredState(respondent.id)
        if version is None
        else StoredState(respondent.id, name, data or {}, version)
    )
    if assessment is None:
        return ChatRow(respondent, state, None, {}, has_result=bool(done))
    membership = Membership(role, tuple(pillars or ()), size)
    return ChatRow(
        respondent, state, assessment, answers or {}, by or {}, membership, bool(done)
    )
