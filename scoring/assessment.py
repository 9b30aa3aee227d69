"""Score one assessment: answers → issue levels → sub-pillars → pillars → overall,
with the recommendations that apply and the personal next steps.

Everything here is pure: the framework and the answers come in, an immutable
``AssessmentResult`` goes out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from scoring.aggregate import Figure, overall_figure, pillar_figure, sub_pillar_figure
from scoring.answers import AnswerError, Answers, AnswerValue, normalize_answer
from scoring.levels import Evaluation, IssueLevel, issue_level_and_evaluation
from scoring.model import AGENCY_TYPES, AgencyType, Framework, Issue, Stage
from scoring.next_steps import NextStep, next_steps
from scoring.rules import band_for, criteria_type_for

# (issue id, band, "all" | "service" | "policy") → text; admins' edits override shipped texts.
TextOverrides = Mapping[tuple[str, str, str], str]


@dataclass(frozen=True, slots=True)
class AppliedRecommendation:
    issue_id: str
    band: str
    text: str


@dataclass(frozen=True)
class AssessmentResult:
    framework_year: int
    agency_type: AgencyType
    # Pillars asked in this assessment (all six, or the one chosen).
    scope: tuple[str, ...]
    issues: Mapping[str, IssueLevel]
    sub_pillars: Mapping[str, Figure]
    pillars: Mapping[str, Figure]
    overall: Figure
    stage: Stage | None
    # Issues in scope without a level: not answered, or answered "ไม่แน่ใจ".
    skipped: tuple[str, ...]
    # Sub-pillars outside the maturity model: not asked, not scored.
    not_covered: tuple[str, ...]
    # What recommendations and next steps are derived from; computed on first use, since
    # many callers (lists, cohorts, dashboards) need only the figures.
    _framework: Framework = field(repr=False, compare=False)
    _answers: Answers = field(repr=False, compare=False)
    _evaluations: Mapping[str, Evaluation] = field(repr=False, compare=False)
    _overrides: TextOverrides | None = field(repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return not self.skipped

    @cached_property
    def recommendations(self) -> tuple[AppliedRecommendation, ...]:
        """The recommendation of each scored issue for its band and this agency type."""
        applied = []
        for issue_id, level in self.issues.items():
            if level.raw_level is None:
                continue
            issue = self._framework.issue(issue_id)
            band = band_for(issue.rule, level.raw_level)
            text = recommendation_text(issue, band, self.agency_type, self._overrides)
            applied.append(AppliedRecommendation(issue_id, band, text))
        return tuple(applied)

    @cached_property
    def next_steps(self) -> tuple[NextStep, ...]:
        """Personal next steps, best first (see scoring.next_steps)."""
        return next_steps(self._framework, self.issues, self._evaluations, self._answers)

    def to_dict(self) -> dict[str, Any]:
        def fig(f: Figure) -> dict[str, Any]:
            return {
                "value": _round(f.value),
                "level": f.level,
                "percent": _round(f.percent),
                "answered": f.answered,
                "total": f.total,
            }

        return {
            "framework_year": self.framework_year,
            "agency_type": self.agency_type,
            "scope": list(self.scope),
            "complete": self.complete,
            "overall": {
                **fig(self.overall),
                "stage_en": self.stage.name_en if self.stage else None,
                "stage_th": self.stage.name_th if self.stage else None,
            },
            "pillars": {pid: fig(f) for pid, f in self.pillars.items()},
            "sub_pillars": {sid: fig(f) for sid, f in self.sub_pillars.items()},
            "issues": {
                iid: {"status": lv.status, "level": lv.raw_level, "value": _round(lv.value)}
                for iid, lv in self.issues.items()
            },
            "skipped": list(self.skipped),
            "not_covered": list(self.not_covered),
            "recommendations": [
                {"issue": r.issue_id, "band": r.band, "text": r.text} for r in self.recommendations
            ],
            "next_steps": [
                {
                    "issue": s.issue_id,
                    "pillar": s.pillar_id,
                    "from_level": s.from_level,
                    "to_level": s.to_level,
                    "gain": _round(s.gain),
                    "criteria_to_add": s.units,
                    "actions": list(s.actions),
                }
                for s in self.next_steps
            ],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def recommendation_text(
    issue: Issue, band: str, agency_type: AgencyType, overrides: TextOverrides | None = None
) -> str:
    """The text of one band for this agency type: an admin's edit, else the shipped text."""
    criteria_type = criteria_type_for(agency_type)
    shipped = issue.recommendations[band].texts()  # type: ignore[index]
    key = "all" if "all" in shipped else criteria_type
    if overrides and (edited := overrides.get((issue.id, band, key))):
        return edited
    return shipped[key]  # type: ignore[index]


def score(
    framework: Framework,
    agency_type: AgencyType,
    answers: Answers,
    scope: Sequence[str] | None = None,
    overrides: TextOverrides | None = None,
) -> AssessmentResult:
    criteria_type = criteria_type_for(agency_type)
    pillars = [p for p in framework.pillars if scope is None or p.id in scope]
    levels: dict[str, IssueLevel] = {}
    evaluations: dict[str, Evaluation] = {}
    sub_figures: dict[str, Figure] = {}
    pillar_figures: dict[str, Figure] = {}
    for pillar in pillars:
        for sub in pillar.sub_pillars:
            issue_values: dict[str, float] = {}
            for issue in sub.issues:
                level, evaluation = issue_level_and_evaluation(issue, answers, criteria_type)
                levels[issue.id] = level
                if evaluation is not None:
                    evaluations[issue.id] = evaluation
                if level.value is not None:
                    issue_values[issue.id] = level.value
            sub_figures[sub.id] = sub_pillar_figure(sub, issue_values)
        pillar_figures[pillar.id] = pillar_figure(pillar, sub_figures)
    overall = overall_figure(pillars, pillar_figures)
    return AssessmentResult(
        framework_year=framework.year,
        agency_type=agency_type,
        scope=tuple(p.id for p in pillars),
        issues=levels,
        sub_pillars=sub_figures,
        pillars=pillar_figures,
        overall=overall,
        stage=framework.stage(overall.level) if overall.level else None,
        skipped=tuple(iid for iid, lv in levels.items() if lv.status != "scored"),
        not_covered=tuple(s.id for p in pillars for s in p.sub_pillars if not s.in_maturity_model),
        _framework=framework,
        _answers=answers,
        _evaluations=evaluations,
        _overrides=overrides,
    )


@dataclass(frozen=True)
class AnswersFile:
    """The JSON format of ``dgr score`` (see README, "Answers format")."""

    agency_type: AgencyType
    answers: dict[str, AnswerValue]
    scope: tuple[str, ...] | None = None


def parse_answers_document(framework: Framework, document: Mapping[str, Any]) -> AnswersFile:
    """Validate an answers document against the framework; raise ``AnswerError``."""
    unknown_keys = set(document) - {"framework_year", "agency_type", "scope", "answers"}
    if unknown_keys:
        raise AnswerError("(document)", f"unknown keys {sorted(unknown_keys)}")
    year = document.get("framework_year", framework.year)
    if year != framework.year:
        raise AnswerError("framework_year", f"this engine scores {framework.year}, got {year}")
    agency_type = document.get("agency_type")
    if agency_type not in AGENCY_TYPES:
        raise AnswerError("agency_type", f"expected one of {list(AGENCY_TYPES)}")
    scope = document.get("scope")
    pillar_ids = [p.id for p in framework.pillars]
    if scope is not None and (
        not isinstance(scope, list) or not scope or any(s not in pillar_ids for s in scope)
    ):
        raise AnswerError("scope", f"expected a list of pillar ids from {pillar_ids}")
    raw_answers = document.get("answers", {})
    if not isinstance(raw_answers, dict):
        raise AnswerError("answers", "expected an object keyed by question id")
    questions = {q.id: q for _, _, issue in framework.issues() for q in issue.questions}
    answers: dict[str, AnswerValue] = {}
    for question_id, raw in raw_answers.items():
        if question_id not in questions:
            raise AnswerError(question_id, "no such question in this framework")
        answers[question_id] = normalize_answer(questions[question_id], raw)
    return AnswersFile(agency_type, answers, tuple(scope) if scope else None)  # type: ignore[arg-type]
