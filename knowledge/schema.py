"""Schema of the framework data files (YAML under knowledge/data/).

The framework structure itself is ``scoring.model``; this module adds the file-level
wrappers, the glossary and the 2566 seven-pillar view.
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


class View2566Pillar(Named):
    number: int = Field(ge=1, le=7)
    stage_names: tuple[str, str, str, str, str]
    # 2565 issue ids shown under this pillar in the 2566 view (our editorial mapping).
    issues_2565: tuple[Id, ...] = ()


class View2566File(Strict):
    """knowledge/data/2566/view.yaml: the seven-pillar presentation of the 2565 issues."""

    framework_year: Literal[2566]
    mapping_note: ThaiText
    pillars: tuple[View2566Pillar, ...] = Field(min_length=7, max_length=7)
