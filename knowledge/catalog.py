"""The framework years the service knows, as loaded from the data files.

A framework year is data: each year's questionnaire, level rules and texts, the glossary
entries that apply to it, and its views (another year's pillars over its issues). New
assessments use the latest year; an assessment is always scored, labelled and exported
with its own year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from knowledge.schema import FrameworkView, GlossaryEntry
from scoring.model import Framework


class UnknownYear(KeyError):
    """No framework of this year is loaded."""


@dataclass(frozen=True)
class Knowledge:
    """One framework year with the glossary (each entry labelled with the year it
    describes, where it describes one) and the year's views."""

    framework: Framework
    glossary: tuple[GlossaryEntry, ...]
    views: tuple[FrameworkView, ...] = ()

    @property
    def year(self) -> int:
        return self.framework.year

    def view(self, view_id: str) -> FrameworkView:
        for view in self.views:
            if view.id == view_id:
                return view
        raise KeyError(view_id)


@dataclass(frozen=True)
class Catalog:
    years: dict[int, Knowledge]

    @cached_property
    def current(self) -> Knowledge:
        """The latest year: the one new assessments use."""
        return self.years[max(self.years)]

    def knowledge(self, year: int) -> Knowledge:
        try:
            return self.years[year]
        except KeyError:
            raise UnknownYear(year) from None

    def framework(self, year: int) -> Framework:
        return self.knowledge(year).framework

    def frameworks(self) -> list[Framework]:
        return [knowledge.framework for knowledge in self.years.values()]
