"""The framework model the scoring engine computes on.

Immutable pydantic models: pillars → sub-pillars → issues, each issue with its
questions, its level rule (thresholds as data) and its recommendation texts.
The YAML files under ``knowledge/data/`` are parsed into these models; unknown keys
are errors and every user-facing text must contain Thai.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    StringConstraints,
)

from scoring.model_base import (
    AGENCY_TYPES,
    AgencyType,
    CriteriaType,
    Id,
    Strict,
    ThaiText,
    ThaiTextModel,
)
from scoring.model_questions import (
    ChecklistQuestion,
    NumberQuestion,
    Option,
    Preset,
    Question,
    QuestionBase,
    SingleChoiceQuestion,
    Unit,
    YesNoQuestion,
)
from scoring.model_rules import (
    Band,
    Condition,
    LevelCriterion,
    LevelRule,
    PerType,
    Recommendation,
    TextKey,
    parse_duration,
)

__all__ = [
    "AGENCY_TYPES",
    "AgencyType",
    "AgencyTypeInfo",
    "Band",
    "ChecklistQuestion",
    "Condition",
    "CriteriaType",
    "Framework",
    "FrameworkIndex",
    "Id",
    "Issue",
    "LevelCriterion",
    "LevelRule",
    "Named",
    "NumberQuestion",
    "Option",
    "PerType",
    "Pillar",
    "Preset",
    "Question",
    "QuestionBase",
    "QuestionPlace",
    "Recommendation",
    "SingleChoiceQuestion",
    "Stage",
    "Strict",
    "SubPillar",
    "TextKey",
    "ThaiText",
    "ThaiTextModel",
    "Unit",
    "YesNoQuestion",
    "parse_duration",
]


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
    # The compiled level rule (scoring.levels.issue_index), made once per loaded issue.
    _compiled: Any = PrivateAttr(default=None)


class SubPillar(Named):
    in_maturity_model: bool = True
    # Share of the pillar percent; sub-pillars without a weight share the rest equally.
    score_weight: float | None = Field(default=None, gt=0, lt=1)
    issues: tuple[Issue, ...] = ()


class Pillar(Named):
    number: int = Field(ge=1, le=7)
    # A name that fits a button after its number ("2 บุคลากรดิจิทัล"), written, not cut.
    label: Annotated[str, StringConstraints(min_length=1, max_length=18)] | None = None
    weight: float = Field(gt=0, le=100)
    # Per-pillar names of stages 1–5 (the 2566 ladder for the matching pillar).
    stage_names: tuple[str, str, str, str, str] | None = None
    stage_names_th: tuple[str, str, str, str, str] | None = None  # our Thai rendering of them
    sub_pillars: tuple[SubPillar, ...] = Field(min_length=1)
    # Share of each sub-pillar in the pillar percent (scoring.aggregate), made once.
    _weights: dict[str, float] | None = PrivateAttr(default=None)


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

    _index: FrameworkIndex = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        self._index = FrameworkIndex.of(self)

    @property
    def index(self) -> FrameworkIndex:
        return self._index

    def issues(self) -> list[tuple[Pillar, SubPillar, Issue]]:
        return self._index.issue_places

    def issue(self, issue_id: str) -> Issue:
        return self._index.issues[issue_id]

    def pillar(self, pillar_id: str) -> Pillar:
        return self._index.pillars[pillar_id]

    def stage(self, level: int) -> Stage:
        return self.stages[level - 1]

    def question(self, question_id: str) -> QuestionPlace:
        return self._index.questions[question_id]


@dataclass(frozen=True, slots=True)
class QuestionPlace:
    pillar: Pillar
    sub_pillar: SubPillar
    issue: Issue
    question: Question


@dataclass(frozen=True)
class FrameworkIndex:
    """Look-ups of one framework year, built once when it is loaded."""

    pillars: dict[str, Pillar]
    issue_places: list[tuple[Pillar, SubPillar, Issue]]
    issues: dict[str, Issue]
    questions: dict[str, QuestionPlace]
    # Made on first use per scope by scoring.questionnaire (the scopes asked are few).
    steps: dict[tuple[str, ...] | None, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, framework: Framework) -> FrameworkIndex:
        places = [
            (pillar, sub, issue)
            for pillar in framework.pillars
            for sub in pillar.sub_pillars
            for issue in sub.issues
        ]
        return cls(
            pillars={p.id: p for p in framework.pillars},
            issue_places=places,
            issues={issue.id: issue for _, _, issue in places},
            questions={
                q.id: QuestionPlace(pillar, sub, issue, q)
                for pillar, sub, issue in places
                for q in issue.questions
            },
        )
