"""The chat machine's view and effects on the database, inside one event's transaction.

The view reads lazily (most events need only the locked row); slow reads first show
LINE's loading animation. Effects are applied in order; answers are collected and
written with the event's claim and state at the end (``storage.chat_writes``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot import qa
from bot.chat.turn import (
    CancelAssessment,
    CompleteAssessment,
    DeleteMyData,
    Effect,
    Input,
    RememberAgency,
    ReviseAssessment,
    RevokeWebLinks,
    SaveAnswer,
    StartAssessment,
)
from bot.chat.view import AssessmentInfo, FinishedInfo, TextOverrides
from bot.db_starts import Starts
from bot.db_team import TeamReads
from bot.db_team_effects import TEAM_EFFECTS, team_effect
from bot.web.tokens import owner_link
from knowledge.catalog import Catalog
from knowledge.search import SearchIndex
from storage import assessments, links, teams
from storage.answer_writes import AnswerWrite, write_answers
from storage.assessments import CARRIED, PASSED, Status, agency_key, encode_answer
from storage.chat import ChatRow, Membership
from storage.chat_writes import write_state
from storage.models import Assessment
from storage.outbox import Outgoing
from storage.personal_data import delete_respondent
from storage.results import StoredResult
from storage.texts import text_overrides


def assessment_info(
    assessment: Assessment,
    answers: dict,
    membership: Membership | None = None,
    answered_by: dict[str, int | None] | None = None,
) -> AssessmentInfo:
    member = membership or Membership("coordinator", (), 1)
    return AssessmentInfo(
        id=assessment.id,
        framework_year=assessment.framework_year,
        agency_type=assessment.agency_type,
        agency_name=assessment.agency_name,
        scope=tuple(assessment.scope) if assessment.scope else None,
        agency_key=agency_key(assessment.agency_id, assessment.respondent_id, assessment.id),
        answers=answers,
        team_size=member.team_size,
        role=member.role,
        my_pillars=member.pillars,
        answered_by=answered_by or {},
        invite_open=assessment.invite_code is not None,
    )


# How long a question may wait for the Q&A index before the loading animation shows.
SLOW_INDEX_SECONDS = 0.5


class DbTurn(TeamReads, Starts):
    """One event's view of the user's data, and the place its effects are applied."""

    def __init__(
        self, session: Session, catalog: Catalog, row: ChatRow, slow: Callable[[], None]
    ) -> None:
        super().__init__(session)
        self._catalog = catalog
        self.row = row
        self._slow = slow
        self._in_progress: Assessment | None = row.in_progress
        self._answers: dict = dict(row.in_progress_answers)
        self._answered_by: dict[str, int | None] = dict(row.answered_by)
        self._membership: Membership | None = row.membership
        # The assessment's version as read, plus the answers this event wrote already.
        self._version = row.in_progress.version if row.in_progress is not None else 0
        self.answer_writes: list[AnswerWrite] = []
        # Pushes to other people (team members) written with this event.
        self.notices: list[Outgoing] = []
        self.deleted = False
        self._override_cache: dict[int, TextOverrides] = {}
        self._link_generation: int | None = None
        self._has_result = row.has_result

    # --- the view -------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @property
    def agency_type(self) -> str | None:
        return self.row.respondent.agency_type

    @property
    def agency_name(self) -> str | None:
        return self.row.respondent.agency_name

    @property
    def in_progress(self) -> AssessmentInfo | None:
        assessment = self._in_progress
        if assessment is None or assessment.status != Status.IN_PROGRESS:
            return None
        return assessment_info(assessment, self._answers, self._membership, self._answered_by)

    @property
    def in_progress_assessment(self) -> Assessment | None:
        return self._in_progress

    @property
    def display_name(self) -> str | None:
        return self.row.respondent.display_name

    @property
    def has_result(self) -> bool:
        return self._has_result

    def previous_result(self, info: AssessmentInfo) -> FinishedInfo | None:
        assessment = self.session.get(Assessment, info.id)
        if assessment is not None and assessment.agency_id is not None:
            found = assessments.previous_of_agency(self.session, assessment)
            return None if found is None else self._finished(found)
        own = [f for f in self.finished(limit=5) if f.assessment.id < info.id]
        return next((f for f in own if assessments.covers(f.assessment.scope, info.scope)), None)

    def finished(self, limit: int) -> list[FinishedInfo]:
        self._slow()
        rows = assessments.completed_of(self.session, self.row.respondent.id, limit)
        return [self._finished(a) for a in rows]

    def finished_by_id(self, assessment_id: int) -> FinishedInfo | None:
        """One finished assessment, with the user's place in its team (who may revise it)."""
        found = assessments.completed_by_id(self.session, self.row.respondent.id, assessment_id)
        if found is None:
            return None
        team = teams.members(self.session, found.id)
        mine = next((m for m in team if m.respondent_id == self.me), None)
        place = Membership(mine.role, mine.pillars, len(team)) if mine else None
        return self._finished(found, place)

    def _finished(self, assessment: Assessment, place: Membership | None = None) -> FinishedInfo:
        answers = assessments.stored_answers(self.session, assessment.id)
        result = StoredResult.read(assessment.result)
        assert result is not None, "a completed assessment has its result"
        finished_at = assessment.finished_at or assessment.updated_at or datetime.now(UTC)
        return FinishedInfo(assessment_info(assessment, answers, place), result, finished_at)

    def text_overrides(self, year: int) -> TextOverrides:
        if year not in self._override_cache:
            self._slow()
            self._override_cache[year] = text_overrides(self.session, year)
        return self._override_cache[year]

    def cohort_percents(self, year: int, agency_type: str, except_agency: str) -> list[float]:
        peers = assessments.cohort(self.session, year, agency_type)
        return [r.overall_percent for r in peers if r.agency_key != except_agency]  # type: ignore[misc]

    def search_index(self) -> SearchIndex:
        # Workers start with the index built; an admin's glossary edit makes the next
        # question rebuild it, which can take a second: the animation shows if it does.
        timer = threading.Timer(SLOW_INDEX_SECONDS, self._slow)
        timer.start()
        try:
            return qa.search_index(self.session, self._catalog.current)
        finally:
            timer.cancel()
            timer.join()  # a started animation is requested before the reply, never after

    def web_link(self, assessment_id: int, page: str, reader: int | None = None) -> str:
        if reader is not None and reader != self.me:
            generation = links.generation(self.session, reader)
            return owner_link(reader, generation, assessment_id, page)
        respondent_id = self.row.respondent.id
        if self._link_generation is None:
            self._link_generation = links.generation(self.session, respondent_id)
        return owner_link(respondent_id, self._link_generation, assessment_id, page)

    # --- effects --------------------------------------------------------------------

    def apply(self, effect: Effect) -> Input | None:
        if isinstance(effect, SaveAnswer):
            stored = encode_answer(effect.value)
            if effect.passed:
                stored |= {CARRIED: True, PASSED: True}
            write = AnswerWrite(effect.assessment_id, effect.question_id, stored, self.me)
            self.answer_writes.append(write)
            self._answers[effect.question_id] = stored
            self._answered_by[effect.question_id] = self.me
        elif isinstance(effect, StartAssessment):
            return self._start(effect)
        elif isinstance(effect, ReviseAssessment):
            return self._revise(effect)
        elif isinstance(effect, CompleteAssessment):
            self._complete(effect)
        elif isinstance(effect, TEAM_EFFECTS):
            return team_effect(self, effect)
        elif isinstance(effect, CancelAssessment):
            if self._in_progress is not None and self._in_progress.id == effect.assessment_id:
                self._in_progress.status = Status.CANCELLED
        elif isinstance(effect, RevokeWebLinks):
            links.revoke_all(self.session, self.row.respondent.id)
            self._link_generation = None
        elif isinstance(effect, RememberAgency):
            self.row.respondent.agency_type = effect.agency_type
            if effect.agency_name:
                self.row.respondent.agency_name = effect.agency_name
        else:
            assert isinstance(effect, DeleteMyData)
            # The deletion takes the state row with it, so check now that the confirmation
            # was not read before another process changed the state (e.g. "ไม่ลบ").
            write_state(self.session.connection(), self.row.state)
            delete_respondent(self.session, self.row.respondent)
            self.deleted = True
        return None

    def _complete(self, effect: CompleteAssessment) -> None:
        """Finish with a version check: answers another member gave since this event read
        them make it decided again (``StaleDataError``). This event's own answers are
        written first (they only land while the assessment is unfinished)."""
        assert self._in_progress is not None and self._in_progress.id == effect.assessment_id
        connection = self.session.connection()
        write_answers(connection, self.answer_writes, datetime.now(UTC))
        self._version += len(self.answer_writes)
        self.answer_writes.clear()
        assessments.complete_checked(
            connection, effect.assessment_id, self._version, effect.result
        )
        self._version += 1
        self._has_result = True
        self.session.expire(self._in_progress)
