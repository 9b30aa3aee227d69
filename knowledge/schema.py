"""Schema of the framework data files (YAML under knowledge/data/).

The framework structure itself is ``scoring.model``; this module adds the file-level
wrappers, the glossary and views (another year's pillars over a year's issues).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scoring.model import AgencyTypeInfo, Id, Named, Pillar, Stage, Strict, ThaiText

GlossaryCategory = Literal[
    "survey",
    "role",
    "data",
    "pdpa",
    "service",
    "backoffice",
    "technology",
    "plan",
    "group",
    "stage",
    "pillar",
]


class FrameworkMeta(Strict):
    """knowledge/data/<year>/framework.yaml"""

    year: int
    name_th: ThaiText
    name_en: str
    stages: tuple[Stage, Stage, Stage, Stage, Stage]
    agency_types: tuple[AgencyTypeInfo, ...]
    pillar_files: tuple[str, ...] = Field(min_length=1)


class PillarFile(Strict):
    """knowledge/data/<year>/pNN-*.yaml: one pillar with its sub-pillars and issues."""

    framework_year: int
    pillar: Pillar


class GlossaryEntry(Named):
    category: GlossaryCategory
    # Ids of pillars, sub-pillars or issues this term belongs to (shown as "where it sits").
    related: tuple[Id, ...] = ()
    framework_year: int | None = None


class GlossaryFile(Strict):
    entries: tuple[GlossaryEntry, ...] = Field(min_length=1)


class ViewPillar(Named):
    number: int = Field(ge=1, le=9)
    stage_names: tuple[str, str, str, str, str]
    # Our Thai rendering of the English-only stage names, shown with the English in brackets.
    stage_names_th: tuple[ThaiText, ThaiText, ThaiText, ThaiText, ThaiText]

    def stage_label(self, level: int) -> str:
        """ "เทคโนโลยีชั้นนำ (Leading-tech)": the stage name of level 1–5 of this pillar."""
        return f"{self.stage_names_th[level - 1]} ({self.stage_names[level - 1]})"
    # Ids of the underlying year's issues shown under this pillar (the view's mapping).
    issues: tuple[Id, ...] = ()


class FrameworkView(Strict):
    """knowledge/data/<year>/view-*.yaml: another year's pillars over this year's issues,
    e.g. the 2566 seven-pillar presentation of the 2565 issues (our editorial mapping)."""

    id: Id
    # The year whose pillars and stage names the view shows.
    framework_year: int
    # The framework year whose issues (and answers) it regroups.
    of_year: int
    name_th: ThaiText
    mapping_note: ThaiText
    pillars: tuple[ViewPillar, ...] = Field(min_length=1)
