"""What the chat machine may read: a read-only view of the user's data.

The webhook's view reads the database inside the event's transaction (and shows LINE's
loading animation before slow reads); the unit tests use an in-memory view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from knowledge.catalog import Catalog
from knowledge.search import SearchIndex
from storage.results import StoredResult

StoredAnswers = Mapping[str, dict[str, Any]]
TextOverrides = Mapping[tuple[str, str, str], str]


@dataclass(frozen=True)
class AssessmentInfo:
    id: int
    framework_year: int
    agency_type: str
    agency_name: str | None
    scope: tuple[str, ...] | None
    # Which agency it counts for (storage.assessments.agency_key).
    agency_key: str
    answers: StoredAnswers
    # The user's place in its team (a team of one: the coordinator, nothing assigned).
    team_size: int = 1
    role: str = "coordinator"
    my_pillars: tuple[str, ...] = ()
    # Question id → who gave the answer (respondent id; None: deleted their data).
    answered_by: Mapping[str, int | None] = field(default_factory=dict)
    # Whether the team has an invitation code that works now.
    invite_open: bool = False

    @property
    def is_team(self) -> bool:
        return self.team_size > 1

    @property
    def coordinates(self) -> bool:
        return self.role == "coordinator"


@dataclass(frozen=True)
class TeamMember:
    respondent_id: int
    name: str  # as the team sees it ("คุณสมชาย")
    role: str
    pillars: tuple[str, ...]


@dataclass(frozen=True)
class Invitation:
    """The team an invitation code leads to."""

    assessment_id: int
    agency_name: str | None
    framework_year: int
    coordinator: str


@dataclass(frozen=True)
class RegisteredAgency:
    id: int
    name: str
    place: str | None  # ministry or province id


@dataclass(frozen=True)
class EarlierAnswers:
    """An agency's finished assessment of an earlier year, to start from."""

    assessment_id: int
    framework_year: int
    count: int


@dataclass(frozen=True)
class FinishedInfo:
    assessment: AssessmentInfo
    result: StoredResult
    finished_at: datetime


class ChatView(Protocol):
    @property
    def catalog(self) -> Catalog: ...

    @property
    def agency_type(self) -> str | None:
        """The agency type the user gave last time."""

    @property
    def agency_name(self) -> str | None: ...

    @property
    def in_progress(self) -> AssessmentInfo | None:
        """The user's unfinished assessment with its stored answers."""

    @property
    def has_result(self) -> bool:
        """Whether the user has a finished assessment (a result to show)."""

    def finished(self, limit: int) -> list[FinishedInfo]:
        """The user's finished assessments, newest first."""

    def finished_by_id(self, assessment_id: int) -> FinishedInfo | None: ...

    def text_overrides(self, year: int) -> TextOverrides:
        """Current recommendation texts (admins' edits) of a framework year."""

    def cohort_percents(self, year: int, agency_type: str, except_agency: str) -> list[float]:
        """Overall percents of the peers' counting results, without this agency's."""

    def search_index(self) -> SearchIndex:
        """The Q&A index over the current glossary texts."""

    # --- the agency register and the team ------------------------------------------

    @property
    def me(self) -> int:
        """The user's respondent id."""

    @property
    def display_name(self) -> str | None:
        """The name the user gave for their team."""

    def team(self, assessment_id: int) -> list[TeamMember]:
        """The team, coordinator first; its people's names as the team sees them."""

    def names(self, respondent_ids: tuple[int | None, ...]) -> dict[int | None, str]:
        """How the team sees these people (None: one who deleted their data)."""

    def invitation(self, code: str) -> Invitation | None:
        """The unfinished assessment this code invites to (None: wrong or revoked)."""

    def similar_agencies(self, typed: str, agency_type: str) -> list[tuple[str, float]]:
        """Registered agencies of this type named like ``typed`` (name, 0–100), best
        first."""

    def agency(self, name: str, agency_type: str) -> RegisteredAgency | None: ...

    def open_team(self, agency_name: str, agency_type: str, year: int) -> Invitation | None:
        """The agency's unfinished whole-framework assessment of the year, if any."""

    def earlier_answers(
        self, agency_name: str, agency_type: str, year: int
    ) -> EarlierAnswers | None: ...

    def previous_result(self, info: AssessmentInfo) -> FinishedInfo | None:
        """The result "the change since last time" compares with: the agency's previous
        whole-framework result (the user's own previous one without an agency)."""

    def web_link(self, assessment_id: int, page: str, reader: int | None = None) -> str:
        """The address of the web view of one of the user's assessments ("report",
        "answers" or "history"): a signed link, or a LIFF address (``bot.web.tokens``);
        signed for ``reader`` (another member of the team) when given."""
