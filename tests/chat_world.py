"""An in-memory world for driving the chat machine without HTTP or a database: a
``ChatView`` over plain dicts that applies the machine's effects as the webhook would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from bot.chat.machine import run
from bot.chat.states import Idle, State
from bot.chat.turn import (
    CancelAssessment,
    ChangeTeam,
    CompleteAssessment,
    Decision,
    DeleteMyData,
    Effect,
    Input,
    Invited,
    Joined,
    JoinTeam,
    MakeInvite,
    RememberAgency,
    ReviseAssessment,
    RevokeInvite,
    RevokeWebLinks,
    SaveAnswer,
    SetDisplayName,
    StartAssessment,
    Started,
    Tell,
)
from bot.chat.view import (
    AssessmentInfo,
    EarlierAnswers,
    FinishedInfo,
    Invitation,
    RegisteredAgency,
    TeamMember,
)
from knowledge.catalog import Catalog
from knowledge.search import SearchIndex, entries_from_knowledge
from storage.assessments import Status, agency_key, covers, encode_answer
from storage.results import StoredResult
from tests.frameworks import CATALOG


@cache
def _search_index(year: int) -> SearchIndex:
    return SearchIndex.build(entries_from_knowledge(CATALOG.knowledge(year)))


@dataclass
class StoredAssessment:
    id: int
    framework_year: int
    agency_type: str
    agency_name: str | None
    scope: tuple[str, ...] | None
    status: str = Status.IN_PROGRESS
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    result: dict[str, Any] | None = None
    finished_at: datetime | None = None

    def info(self) -> AssessmentInfo:
        return AssessmentInfo(
            self.id,
            self.framework_year,
            self.agency_type,
            self.agency_name,
            self.scope,
            agency_key(None, 1),
            dict(self.answers),
        )


@dataclass
class World:
    """One user's data; ``apply`` is the machine's effects on it."""

    catalog: Catalog = CATALOG
    agency_type: str | None = None
    agency_name: str | None = None
    assessments: dict[int, StoredAssessment] = field(default_factory=dict)
    peers: list[float] = field(default_factory=list)
    deleted: bool = False
    state: State = field(default_factory=Idle)
    told: list[Tell] = field(default_factory=list)
    # Bumped by "ยกเลิกลิงก์", as the database's link generation is.
    link_generation: int = 0

    @property
    def in_progress(self) -> AssessmentInfo | None:
        unfinished = [a for a in self.assessments.values() if a.status == Status.IN_PROGRESS]
        return unfinished[-1].info() if unfinished else None

    @property
    def has_result(self) -> bool:
        return any(a.status == Status.COMPLETED for a in self.assessments.values())

    def finished(self, limit: int) -> list[FinishedInfo]:
        done = [a for a in self.assessments.values() if a.status == Status.COMPLETED]
        done.sort(key=lambda a: a.id, reverse=True)
        return [self._finished(a) for a in done[:limit]]

    def finished_by_id(self, assessment_id: int) -> FinishedInfo | None:
        found = self.assessments.get(assessment_id)
        return None if found is None or found.status != Status.COMPLETED else self._finished(found)

    def _finished(self, stored: StoredAssessment) -> FinishedInfo:
        result = StoredResult.read(stored.result)
        assert result is not None and stored.finished_at is not None
        return FinishedInfo(stored.info(), result, stored.finished_at)

    def text_overrides(self, year: int) -> dict[tuple[str, str, str], str]:
        return {}

    def cohort_percents(self, year: int, agency_type: str, except_agency: str) -> list[float]:
        return list(self.peers)

    def search_index(self) -> SearchIndex:
        return _search_index(self.catalog.current.year)

    # --- one user alone: no register, no team ------------------------------------------

    me: int = 1
    display_name: str | None = None

    def team(self, assessment_id: int) -> list[TeamMember]:
        return [TeamMember(self.me, f"คุณ{self.display_name}", "coordinator", ())]

    def names(self, respondent_ids: tuple[int | None, ...]) -> dict[int | None, str]:
        return {r: f"คุณ{self.display_name}" for r in respondent_ids}

    def invitation(self, code: str) -> Invitation | None:
        return None

    def similar_agencies(self, typed: str, agency_type: str) -> list[tuple[str, float]]:
        return []

    def agency(self, name: str, agency_type: str) -> RegisteredAgency | None:
        # Every agency is known with its ministry: the set-up goes straight to the scope.
        return RegisteredAgency(1, name, "moj")

    def open_team(self, agency_name: str, agency_type: str, year: int) -> Invitation | None:
        return None

    def earlier_answers(
        self, agency_name: str, agency_type: str, year: int
    ) -> EarlierAnswers | None:
        return None

    def previous_result(self, info: AssessmentInfo) -> FinishedInfo | None:
        earlier = [f for f in self.finished(limit=5) if f.assessment.id < info.id]
        return next((f for f in earlier if covers(f.assessment.scope, info.scope)), None)
    def web_link(self, assessment_id: int, page: str, reader: int | None = None) -> str:
        return f"https://dgr.example/web/open#to={page}&t=g{self.link_generation}-{assessment_id}"

    # --- effects ----------------------------------------------------------------------

    def apply(self, effect: Effect) -> Input | None:
        if isinstance(effect, SaveAnswer):
            stored = self.assessments[effect.assessment_id]
            stored.answers[effect.question_id] = encode_answer(effect.value)
        elif isinstance(effect, StartAssessment):
            return self._start(effect)
        elif isinstance(effect, ReviseAssessment):
            finished = self.assessments[effect.assessment_id]
            new_id = max(self.assessments) + 1
            keep = {q: v for q, v in finished.answers.items() if q not in effect.drop}
            self.assessments[new_id] = StoredAssessment(
                new_id,
                finished.framework_year,
                finished.agency_type,
                finished.agency_name,
                finished.scope,
                answers=keep,
            )
            return Started(new_id)
        elif isinstance(effect, CompleteAssessment):
            stored = self.assessments[effect.assessment_id]
            stored.status, stored.result = Status.COMPLETED, effect.result.to_dict()
            stored.finished_at = datetime.now(UTC) + timedelta(seconds=stored.id)
        elif isinstance(effect, CancelAssessment):
            self.assessments[effect.assessment_id].status = Status.CANCELLED
        elif isinstance(effect, RevokeWebLinks):
            self.link_generation += 1
        elif isinstance(effect, RememberAgency):
            self.agency_type = effect.agency_type
            self.agency_name = effect.agency_name or self.agency_name
        elif isinstance(effect, SetDisplayName):
            self.display_name = effect.name
        elif isinstance(effect, MakeInvite):
            return Invited("K7M2QX")
        elif isinstance(effect, JoinTeam):
            return Joined(None)  # nobody else in this world: no code works
        elif isinstance(effect, Tell):
            self.told.append(effect)
        elif isinstance(effect, RevokeInvite | ChangeTeam):
            pass  # a team of one: nothing to change
        else:
            assert isinstance(effect, DeleteMyData)
            self.assessments.clear()
            self.agency_type = self.agency_name = None
            self.deleted = True
        return None

    def _start(self, effect: StartAssessment) -> Started:
        for stored in self.assessments.values():
            if stored.status == Status.IN_PROGRESS:
                stored.status = Status.CANCELLED
        new_id = max(self.assessments, default=0) + 1
        self.assessments[new_id] = StoredAssessment(
            new_id, effect.framework_year, effect.agency_type, effect.agency_name, effect.scope
        )
        return Started(new_id)

    # --- driving ----------------------------------------------------------------------

    def send(self, event: Input) -> Decision:
        """One event through the machine; the world keeps the new state."""
        decision = run(self.state, event, self, self.apply)
        self.state = decision.state
        return decision
