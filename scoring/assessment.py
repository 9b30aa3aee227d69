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

from scoring.aggregate import Figure, Totals, aggregate
from scoring.answers import Answers
from scoring.levels import Evaluation, IssueLevel, issue_level_and_evaluation
from scoring.model import AgencyType, Framework, Issue, Pillar, Stage
from scoring.next_steps import NextStep, describe, next_steps, unmet_of
from scoring.result_dict import result_dict
from scoring.rules import band_for, criteria_type_for

# (issue id, band, "all" | "service" | "policy") → text; admins' edits override shipped texts.
TextOverrides = Mapping[tuple[str, str, str], str]
LOWEST, HIGHEST = 1.0, 5.0


@dataclass(frozen=True, slots=True)
class AppliedRecommendation:
    issue_id: str
    band: str
    text: str
    # What the answers still lack for the issue's next level (nothing already done).
    unmet: tuple[str, ...] = ()


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
    # With issues missing: the overall value and score with each missing issue at its
    # lowest and at its top (DECISIONS.md, "Skipped or unsure issues").
    value_range: tuple[float, float] | None = None
    percent_range: tuple[float, float] | None = None
    # What recommendations and next steps are derived from; computed on first use, since
    # many callers (lists, cohorts, dashboards) need only the figures.
    _framework: Framework = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    _answers: Answers = field(default_factory=dict, repr=False, compare=False)
    _evaluations: Mapping[str, Evaluation] = field(default_factory=dict, repr=False, compare=False)
    _overrides: TextOverrides | None = field(default=None, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return not self.skipped

    @property
    def criteria_type(self) -> str:
        return criteria_type_for(self.agency_type)

    @cached_property
    def recommendations(self) -> tuple[AppliedRecommendation, ...]:
        """Each scored issue's text for its band and agency type, with only what the
        answers still lack for its next level."""
        applied = []
        for issue_id, level in self.issues.items():
            if level.raw_level is None:
                continue
            issue = self._framework.issue(issue_id)
            band = band_for(issue.rule, level.raw_level)
            text = recommendation_text(issue, band, self.agency_type, self._overrides)
            evaluation = self._evaluations.get(issue_id)
            unmet = unmet_of(issue, evaluation) if evaluation is not None else ()
            ct = criteria_type_for(self.agency_type)
            actions = tuple(describe(u, self._answers, ct) for u in unmet)
            applied.append(AppliedRecommendation(issue_id, band, text, actions))
        return tuple(applied)

    @cached_property
    def next_steps(self) -> tuple[NextStep, ...]:
        """Personal next steps, best first (see scoring.next_steps)."""
        pillars = [self._framework.pillar(pillar_id) for pillar_id in self.scope]
        values = {iid: lv.value for iid, lv in self.issues.items() if lv.value is not None}

        def gain_of(issue_id: str, value: float) -> tuple[float, float]:
            raised = aggregate(pillars, {**values, issue_id: value}).overall
            assert raised.value is not None and raised.percent is not None
            return raised.value - (self.overall.value or 0), raised.percent - (
                self.overall.percent or 0
            )

        return next_steps(
            self._framework,
            self.issues,
            self._evaluations,
            self._answers,
            criteria_type_for(self.agency_type),
            gain_of,
        )

    def to_dict(self) -> dict[str, Any]:
        return result_dict(self)


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


def _ranges(
    pillars: Sequence[Pillar], values: Mapping[str, float], missing: Sequence[str]
) -> tuple[tuple[float, float], tuple[float, float]] | tuple[None, None]:
    if not missing:
        return None, None
    low = aggregate(pillars, {**values, **dict.fromkeys(missing, LOWEST)}).overall
    high = aggregate(pillars, {**values, **dict.fromkeys(missing, HIGHEST)}).overall
    assert low.value is not None and high.value is not None
    assert low.percent is not None and high.percent is not None
    return (low.value, high.value), (low.percent, high.percent)


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
    for pillar in pillars:
        for sub in pillar.sub_pillars:
            for issue in sub.issues:
                level, evaluation = issue_level_and_evaluation(issue, answers, criteria_type)
                levels[issue.id] = level
                if evaluation is not None:
                    evaluations[issue.id] = evaluation
    values = {iid: lv.value for iid, lv in levels.items() if lv.value is not None}
    totals: Totals = aggregate(pillars, values)
    skipped = tuple(iid for iid, lv in levels.items() if lv.status != "scored")
    value_range, percent_range = _ranges(pillars, values, skipped)
    overall = totals.overall
    return AssessmentResult(
        framework_year=framework.year,
        agency_type=agency_type,
        scope=tuple(p.id for p in pillars),
        issues=levels,
        sub_pillars=totals.sub_pillars,
        pillars=totals.pillars,
        overall=overall,
        stage=framework.stage(overall.level) if overall.level else None,
        skipped=skipped,
        not_covered=tuple(s.id for p in pillars for s in p.sub_pillars if not s.in_maturity_model),
        value_range=value_range if overall.value is not None else None,
        percent_range=percent_range if overall.value is not None else None,
        _framework=framework,
        _answers=answers,
        _evaluations=evaluations,
        _overrides=overrides,
    )
