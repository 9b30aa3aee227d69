"""Changes from the web, under the same rules as the webhook: each runs in one
transaction that first locks the user's row (``storage.chat.lock_user``), then writes,
then writes the conversation state with its version check (moving the version on), so a
chat event and a web edit of the same user never both decide from the same state and
neither is lost. A conflict is run again after a short backoff, as the webhook does."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.chat import states
from bot.chat.asking import cursor_of
from bot.web.access import Owner
from bot.web.errors import Refused
from bot.web.team_notices import tell_of_change, tell_result
from knowledge.catalog import Catalog
from scoring import score
from scoring.aggregate import Figure
from scoring.answers import AnswerValue
from scoring.assessment import AssessmentResult
from storage import assessments, starts, teams
from storage.answer_writes import AnswerWrite, write_answers
from storage.assessments import Status, decode_answers, encode_answer
from storage.chat import ChatRow, lock_user
from storage.chat_writes import write_state
from storage.db import Database
from storage.models import Answer, Assessment
from storage.texts import text_overrides

ATTEMPTS = 8
T = TypeVar("T")


class NothingScored(Exception):
    """Finishing an assessment whose every answer is a skip or "ไม่แน่ใจ"."""


class NotCoordinator(Exception):
    """Finishing a team's assessment, or re-opening its result, is its coordinator's."""


def coordinates(db: Session, assessment_id: int, respondent_id: int) -> bool:
    """Whether this person coordinates the assessment's team (a team of one included)."""
    mine = teams.membership(db, assessment_id, respondent_id)
    return mine is not None and mine.role == teams.Role.COORDINATOR


class InProgressElsewhere(Exception):
    """Re-opening while another assessment is under way; ``assessment_id`` is that one."""

    def __init__(self, assessment_id: int) -> None:
        super().__init__(assessment_id)
        self.assessment_id = assessment_id


def live_result(db: Session, catalog: Catalog, assessment: Assessment) -> AssessmentResult:
    """The result of the stored answers, with the assessment's own framework year and the
    current recommendation texts (admins' edits)."""
    year = assessment.framework_year
    return score(
        catalog.framework(year),
        assessment.agency_type,  # type: ignore[arg-type]
        decode_answers(assessments.stored_answers(db, assessment.id)),
        assessment.scope,
        text_overrides(db, year),
    )


def under_lock(database: Database, owner: Owner, work: Callable[[Session, ChatRow], T]) -> T:
    """Run ``work`` in one transaction holding the user's lock, then move the
    conversation state's version on (checked), retrying on a conflict."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with database.session() as db:
                row = lock_user(db, owner.line_user_id)
                if row.respondent.id != owner.respondent_id:
                    raise Refused("revoked")  # their data was deleted since the page opened
                done = work(db, row)
                write_state(db.connection(), row.state)
                return done
        except (StaleDataError, OperationalError):
            if attempt == ATTEMPTS:
                raise
            time.sleep(random.uniform(0.01, 0.02 * 2**attempt))
    raise AssertionError("unreachable")


def _editable(db: Session, row: ChatRow, assessment_id: int) -> Assessment:
    assessment = db.get(Assessment, assessment_id)
    if assessment is None or not teams.is_member(db, assessment_id, row.respondent.id):
        raise Refused("not_found")
    return assessment


@dataclass(frozen=True)
class Saved:
    before: Figure
    after: Figure
    finished: bool  # the assessment was finished meanwhile: nothing was saved


def save_answer(
    catalog: Catalog, assessment_id: int, question_id: str, value: AnswerValue
) -> Callable[[Session, ChatRow], Saved]:
    def work(db: Session, row: ChatRow) -> Saved:
        assessment = _editable(db, row, assessment_id)
        before = live_result(db, catalog, assessment).overall
        if assessment.status != Status.IN_PROGRESS:
            return Saved(before, before, True)
        earlier = db.execute(
            select(Answer.value, Answer.answered_by).where(
                Answer.assessment_id == assessment_id, Answer.question_id == question_id
            )
        ).first()
        # As the chat writes it: who gave it, the history, the assessment's version.
        me = row.respondent.id
        write = AnswerWrite(assessment_id, question_id, encode_answer(value), me)
        write_answers(db.connection(), [write], datetime.now(UTC))
        if earlier is not None:
            tell_of_change(db, catalog, row, assessment, question_id, earlier, value)
        return Saved(before, live_result(db, catalog, assessment).overall, False)

    return work


def reopen(assessment_id: int) -> Callable[[Session, ChatRow], int]:
    """A new, unfinished revision of a finished assessment with all its answers; the
    finished one stays in the history. Refused while another one is under way."""

    def work(db: Session, row: ChatRow) -> int:
        finished = _editable(db, row, assessment_id)
        if finished.status == Status.IN_PROGRESS:
            return finished.id
        if not coordinates(db, finished.id, row.respondent.id):
            raise NotCoordinator  # the team's result is re-opened by its coordinator
        under_way = row.in_progress
        if under_way is not None and under_way.status == Status.IN_PROGRESS:
            raise InProgressElsewhere(under_way.id)
        keep = list(assessments.stored_answers(db, finished.id))
        return starts.revise(db, finished, keep, row.respondent.id).id

    return work


def finish(catalog: Catalog, assessment_id: int) -> Callable[[Session, ChatRow], int]:
    """Finish an assessment from the web; the chat, if it was asking this one, is idle."""

    def work(db: Session, row: ChatRow) -> int:
        assessment = _editable(db, row, assessment_id)
        if assessment.status != Status.IN_PROGRESS:
            return assessment.id
        if not coordinates(db, assessment.id, row.respondent.id):
            raise NotCoordinator
        version = assessment.version  # read before the answers: a later answer fails it
        result = live_result(db, catalog, assessment)
        if result.overall.value is None:
            raise NothingScored
        assessments.complete_checked(db.connection(), assessment.id, version, result)
        tell_result(db, row, assessment, result)
        db.expire(assessment)
        state = states.decode(row.state.name, row.state.data)
        cursor = cursor_of(state)
        if cursor is not None and cursor.assessment_id == assessment.id:
            row.state.name, row.state.data = states.encode(states.Idle())
        return assessment.id

    return work
