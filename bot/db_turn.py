"""The chat machine's view and effects on the database, inside one event's transaction.

The view reads lazily (most events need only the locked row); slow reads first show
LINE's loading animation. Effects are applied in order; answers are collected and
written with the event's claim and state at the end (``storage.chat_writes``).
"""

from __future__ import annotations

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
    Started,
)
from bot.chat.view import AssessmentInfo, FinishedInfo, TextOverrides
from bot.web.tokens import owner_link
from knowledge.catalog import Catalog
from knowledge.search import SearchIndex
from storage import assessments, links
from storage.agencies import agency_for
from storage.assessments import Status, agency_key, encode_answer
from storage.chat import ChatRow
from storage.chat_writes import AnswerWrite, write_state
from storage.models import Assessment
from storage.personal_data import delete_respondent
from storage.results import StoredResult
from storage.texts import text_overrides


def assessment_info(assessment: Assessment, answers: dict) -> AssessmentInfo:
    return AssessmentInfo(
        id=assessment.id,
        framework_year=assessment.framework_year,
        agency_type=assessment.agency_type,
        agency_name=assessment.agency_name,
        scope=tuple(assessment.scope) if assessment.scope else None,
        agency_key=agency_key(assessment.agency_id, assessment.respondent_id),
        answers=answers,
    )


class DbTurn:
    """One event's view of the user's data, and the place its effects are applied."""

    def __init__(
        self, session: Session, catalog: Catalog, row: ChatRow, slow: Callable[[], None]
    ) -> None:
        self.session = session
        self._catalog = catalog
        self.row = row
        self._slow = slow
        self._in_progress: Assessment | None = row.in_progress
        self._answers: dict = dict(row.in_progress_answers)
        self.answer_writes: list[AnswerWrite] = []
        self.deleted = False
        self._override_cache: dict[int, TextOverrides] = {}
        self._link_generation: int | None = None

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
        return assessment_info(assessment, self._answers)

    def finished(self, limit: int) -> list[FinishedInfo]:
        self._slow()
        rows = assessments.completed_of(self.session, self.row.respondent.id, limit)
        return [self._finished(a) for a in rows]

    def finished_by_id(self, assessment_id: int) -> FinishedInfo | None:
        found = assessments.completed_by_id(self.session, self.row.respondent.id, assessment_id)
        return None if found is None else self._finished(found)

    def _finished(self, assessment: Assessment) -> FinishedInfo:
        answers = assessments.stored_answers(self.session, assessment.id)
        result = StoredResult.read(assessment.result)
        assert result is not None, "a completed assessment has its result"
        finished_at = assessment.finished_at or assessment.updated_at or datetime.now(UTC)
        return FinishedInfo(assessment_info(assessment, answers), result, finished_at)

    def text_overrides(self, year: int) -> TextOverrides:
        if year not in self._override_cache:
            self._slow()
            self._override_cache[year] = text_overrides(self.session, year)
        return self._override_cache[year]

    def cohort_percents(self, year: int, agency_type: str, except_agency: str) -> list[float]:
        peers = assessments.cohort(self.session, year, agency_type)
        return [r.overall_percent for r in peers if r.agency_key != except_agency]  # type: ignore[misc]

    def search_index(self) -> SearchIndex:
        return qa.search_index(self.session, self._catalog.current)

    def web_link(self, assessment_id: int, page: str) -> str:
        respondent_id = self.row.respondent.id
        if self._link_generation is None:
            self._link_generation = links.generation(self.session, respondent_id)
        return owner_link(respondent_id, self._link_generation, assessment_id, page)

    # --- effects --------------------------------------------------------------------

    def apply(self, effect: Effect) -> Input | None:
        if isinstance(effect, SaveAnswer):
            stored = encode_answer(effect.value)
            self.answer_writes.append(AnswerWrite(effect.assessment_id, effect.question_id, stored))
            self._answers[effect.question_id] = stored
        elif isinstance(effect, StartAssessment):
            return self._start(effect)
        elif isinstance(effect, ReviseAssessment):
            return self._revise(effect)
        elif isinstance(effect, CompleteAssessment):
            assert self._in_progress is not None and self._in_progress.id == effect.assessment_id
            assessments.complete(self._in_progress, effect.result)
            self.session.flush()
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

    def _revise(self, effect: ReviseAssessment) -> Started:
        finished = assessments.completed_by_id(
            self.session, self.row.respondent.id, effect.assessment_id
        )
        assert finished is not None, "a revision starts from the user's finished assessment"
        stored = assessments.stored_answers(self.session, finished.id)
        keep = {qid: value for qid, value in stored.items() if qid not in effect.drop}
        revision = assessments.revise(self.session, finished, keep)
        self._in_progress, self._answers = revision, dict(keep)
        return Started(revision.id)

    def _start(self, effect: StartAssessment) -> Started:
        if self._in_progress is not None and self._in_progress.status == Status.IN_PROGRESS:
            self._in_progress.status = Status.CANCELLED
        respondent = self.row.respondent
        agency = agency_for(self.session, effect.agency_name, effect.agency_type)
        if agency is not None:
            respondent.agency_id = agency.id
        assessment = Assessment(
            respondent_id=respondent.id,
            agency_id=agency.id if agency else None,
            framework_year=effect.framework_year,
            agency_type=effect.agency_type,
            agency_name=effect.agency_name,
            scope=list(effect.scope) if effect.scope else None,
        )
        self.session.add(assessment)
        self.session.flush()
        self._in_progress, self._answers = assessment, {}
        return Started(assessment.id)

