"""The framework model the scoring engine computes on.

Immutable pydantic models: pillars → sub-pillars → issues, each issue with its
questions, its level rule (thresholds as data) and its recommendation texts.
The YAML files under ``knowledge/data/`` are parsed into these models; unknown keys
are errors and every user-facing text must contain Thai.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

AgencyType = Literal["service", "policy", "provincial"]
# The framework states criteria for two kinds of agency; provincial units use the
# service-providing criteria (DECISIONS.md, "Agency types").
CriteriaType = Literal["service", "policy"]
AGENCY_TYPES: tuple[AgencyType, ...] = ("service", "policy", "provincial")

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_DURATION = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)$")


def _require_thai(value: str) -> str:
    if not _THAI.search(value):
        raise ValueError("ต้องมีข้อความภาษาไทย (Thai text required)")
    return value.strip()


ThaiText = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]+$", min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThaiTextModel(Strict):
    """Base for models whose ``*_th`` and text fields must contain Thai."""

    @field_validator("name_th", "text", "definition", "help", "action", check_fields=False)
    @classmethod
    def _thai(cls, value: str | None) -> str | None:
        return None if value is None else _require_thai(value)


# --- questions -----------------------------------------------------------------


class Option(ThaiTextModel):
    """One answer of a single-choice question, or one item of a checklist."""

    id: Id
    text: ThaiText
    # Short label for a LINE quick-reply button (≤ 20 characters).
    label: Annotated[str, StringConstraints(min_length=1, max_length=20)] | None = None
    # Checklist items asked only under some agency criteria (Digital Policy's 12 vs 9).
    criteria_types: tuple[CriteriaType, ...] | None = None
    # Single-choice questions whose rule is ``from_choice``: the level/stage this option gives.
    level: int | None = Field(default=None, ge=1, le=5)
    action: ThaiText | None = None  # from_choice, above the lowest level: how to reach it


class Preset(ThaiTextModel):
    """A quick-reply shortcut for a number question, e.g. "ยังไม่ได้ประเมิน" = 0."""

    label: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    value: float


class QuestionBase(ThaiTextModel):
    id: Id
    text: ThaiText
    # What counts and how to answer, shown with the question.
    help: ThaiText | None = None
    # Offer "ไม่แน่ใจ"; an unsure answer leaves the issue unscored (reported as skipped).
    allow_unsure: bool = True


class YesNoQuestion(QuestionBase):
    type: Literal["yes_no"]
    # Offer "กำลังดำเนินการ" as a partial answer (counts as less than half met).
    allow_partial: bool = False


class SingleChoiceQuestion(QuestionBase):
    type: Literal["single_choice"]
    options: tuple[Option, ...] = Field(min_length=2, max_length=12)


class ChecklistQuestion(QuestionBase):
    type: Literal["checklist"]
    items: tuple[Option, ...] = Field(min_length=1, max_length=20)

    def items_for(self, criteria_type: CriteriaType) -> tuple[Option, ...]:
        return tuple(
            item
            for item in self.items
            if item.criteria_types is None or criteria_type in item.criteria_types
        )


Unit = Literal["percent", "count", "duration"]


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    unit: Unit
    minimum: float = 0.0
    maximum: float | None = None
    integer: bool = False
    presets: tuple[Preset, ...] = ()
    unit_label: ThaiText | None = Field(default=None, max_length=20)  # count: "ระบบ", "โครงการ"


Question = Annotated[
    YesNoQuestion | SingleChoiceQuestion | ChecklistQuestion | NumberQuestion,
    Field(discriminator="type"),
]


# --- level rules ---------------------------------------------------------------

PerType = dict[CriteriaType, int]


def parse_duration(value: str) -> int:
    """'175:18:59' → seconds. Durations are kept exact, as the report prints them."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"duration must look like H:MM:SS, got {value!r}")
    hours, minutes, seconds = (int(part) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


class Condition(ThaiTextModel):
    """One requirement of a level criterion. Exactly one test key is set."""

    question: Id
    checked_at_least: int | PerType | None = None
    checked_all: tuple[Id, ...] | Literal["all"] | None = None
    checked_any: tuple[Id, ...] | None = None
    at_least: float | None = None
    # For duration questions thresholds are written "H:MM:SS" and compared in seconds.
    at_most: float | str | None = None
    is_yes: Literal[True] | None = None
    choice_in: tuple[Id, ...] | None = None
    # Growth of a count question against a base count question, in percent.
    increase_from: Id | None = None
    increase_at_least_percent: float | None = None
    action: ThaiText  # what to do to meet it; placeholders: knowledge.checks_actions

    @field_validator("at_most")
    @classmethod
    def _duration(cls, value: float | str | None) -> float | None:
        if isinstance(value, str):
            return float(parse_duration(value))
        return value

    def test_keys(self) -> list[str]:
        keys = [
            "checked_at_least",
            "checked_all",
            "checked_any",
            "at_least",
            "at_most",
            "is_yes",
            "choice_in",
            "increase_at_least_percent",
        ]
        return [key for key in keys if getattr(self, key) is not None]


class LevelCriterion(Strict):
    level: int = Field(ge=2, le=5)
    # All conditions must hold; a level also requires every lower criterion (cumulative).
    all: tuple[Condition, ...] = Field(min_length=1)


class LevelRule(Strict):
    # "level": levels 1–5 (an issue may top out at 4); "stage": the issue's own stages 1..top.
    scale: Literal["level", "stage"] = "level"
    top: int = Field(ge=2, le=5)
    # Either criteria (levels reached by meeting conditions) or a single-choice question whose
    # options carry the level/stage directly.
    criteria: tuple[LevelCriterion, ...] = ()
    from_choice: Id | None = None


# --- recommendations -----------------------------------------------------------

Band = Literal["1-3", "4", "5", "stage-1", "stage-2", "stage-3"]
TextKey = Literal["all", "service", "policy"]


class Recommendation(Strict):
    """Recommendation texts of one band: one for all agencies, or per criteria type."""

    all: ThaiText | None = None
    service: ThaiText | None = None
    policy: ThaiText | None = None

    @field_validator("all", "service", "policy")
    @classmethod
    def _thai(cls, value: str | None) -> str | None:
        return None if value is None else _require_thai(value)

    def texts(self) -> dict[TextKey, str]:
        return {key: text for key in ("all", "service", "policy") if (text := getattr(self, key))}


# --- structure -----------------------------------------------------------------


class Named(ThaiTextModel):
    id: Id
    name_th: ThaiText
    name_en: Annotated[str, StringConstraints(min_length=1)]
    aliases: tuple[str, ...] = ()
    definition: ThaiText


class Issue(Named):
    questions: tuple[Question, ...] = Field(min_length=1)
    rule: LevelRule
    recommendations: dict[Band, Recommendation]
    # Our short name of the criterion per level, used by "what do the levels ask for".
    level_summary: dict[Literal["1-3", "4", "5"], ThaiText] | None = None


class SubPillar(Named):
    in_maturity_model: bool = True
    # Share of the pillar percent; sub-pillars without a weight share the rest equally.
    score_weight: float | None = Field(default=None, gt=0, lt=1)
    issues: tuple[Issue, ...] = ()


class Pillar(Named):
    number: int = Field(ge=1, le=7)
    weight: float = Field(gt=0, le=100)
    # Per-pillar names of stages 1–5 (the 2566 ladder for the matching pillar).
    stage_names: tuple[str, str, str, str, str] | None = None
    sub_pillars: tuple[SubPillar, ...] = Field(min_length=1)


class Stage(ThaiTextModel):
    level: int = Field(ge=1, le=5)
    name_th: ThaiText
    name_en: str
    era: str | None = None
    definition: ThaiText


class AgencyTypeInfo(ThaiTextModel):
    id: AgencyType
    name_th: ThaiText
    label: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    definition: ThaiText


class Framework(Strict):
    """One framework year: stage names, agency types and the pillars in order."""

    year: int
    name_th: ThaiText
    name_en: str
    stages: tuple[Stage, Stage, Stage, Stage, Stage]
    agency_types: tuple[AgencyTypeInfo, ...]
    pillars: tuple[Pillar, ...]

    def issues(self) -> list[tuple[Pillar, SubPillar, Issue]]:
        return [
            (pillar, sub, issue)
            for pillar in self.pillars
            for sub in pillar.sub_pillars
            for issue in sub.issues
        ]

    def issue(self, issue_id: str) -> Issue:
        cached = _ISSUE_TABLES.get(id(self))
        if cached is None or cached[0] is not self:
            cached = (self, {issue.id: issue for _, _, issue in self.issues()})
            _ISSUE_TABLES[id(self)] = cached
        return cached[1][issue_id]

    def pillar(self, pillar_id: str) -> Pillar:
        for pillar in self.pillars:
            if pillar.id == pillar_id:
                return pillar
        raise KeyError(pillar_id)

    def stage(self, level: int) -> Stage:
        return self.stages[level - 1]


# Framework id → (framework, issue id → issue); the framework is kept so its id stays unique.
_ISSUE_TABLES: dict[int, tuple[Framework, dict[str, Issue]]] = {}
