"""What the chat machine may read: a read-only view of the user's data.

The webhook's view reads the database inside the event's transaction (and shows LINE's
loading animation before slow reads); the unit tests use an in-memory view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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

    def finished(self, limit: int) -> list[FinishedInfo]:
        """The user's finished assessments, newest first."""

    def finished_by_id(self, assessment_id: int) -> FinishedInfo | None: ...

    def text_overrides(self, year: int) -> TextOverrides:
        """Current recommendation texts (admins' edits) of a framework year."""

    def cohort_percents(self, year: int, agency_type: str, except_agency: str) -> list[float]:
        """Overall percents of the peers' counting results, without this agency's."""

    def search_index(self) -> SearchIndex:
        """The Q&A index over the current glossary texts."""

    def web_link(self, assessment_id: int, page: str) -> str:
        """The address of the web view of one of the user's assessments ("report",
        "answers" or "history"): a signed link, or a LIFF address (``bot.web.tokens``)."""
