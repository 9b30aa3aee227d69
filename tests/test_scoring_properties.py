"""Properties of the engine over many answer sets (hypothesis)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import score
from scoring.answers import NO, PARTIAL, YES
from scoring.model import (
    ChecklistQuestion,
    Framework,
    NumberQuestion,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from tests.answer_sets import best_answers, random_answers, worst_answers
from tests.frameworks import FRAMEWORK

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def _all_values(result) -> list[float | None]:
    values = [lv.value for lv in result.issues.values()]
    for figures in (result.sub_pillars, result.pillars):
        # Sub-pillars outside the maturity model (no issues) have no figures.
        for f in figures.values():
            if f.total:
                values += [f.value, f.percent]
    return [*values, result.overall.value, result.overall.percent]


def _improve(framework: Framework, answers: dict, rng: random.Random) -> dict | None:
    """Meet one more criterion: check an item, pick a higher option, raise a number …"""
    issue = rng.choice([issue for _, _, issue in framework.issues()])
    question = rng.choice(issue.questions)
    current = answers[question.id]
    better = dict(answers)
    if isinstance(question, ChecklistQuestion):
        unchecked = [i.id for i in question.items if i.id not in current]
        if not unchecked:
            return None
        added = set(current) | {rng.choice(unchecked)}
        better[question.id] = tuple(i.id for i in question.items if i.id in added)
    elif isinstance(question, YesNoQuestion):
        order = [NO, PARTIAL, YES]
        if current == YES:
            return None
        better[question.id] = YES if current == PARTIAL or rng.random() < 0.5 else PARTIAL
        if better[question.id] == PARTIAL and not question.allow_partial:
            better[question.id] = YES
        assert order.index(better[question.id]) > order.index(current)
    elif isinstance(question, SingleChoiceQuestion):
        level = {o.id: o.level or 0 for o in question.options}
        higher = [o.id for o in question.options if level[o.id] > level[current]]
        if not higher:
            return None
        better[question.id] = rng.choice(higher)
    else:
        assert isinstance(question, NumberQuestion)
        lower_is_better = any(
            c.question == question.id and c.at_most is not None
            for criterion in issue.rule.criteria
            for c in criterion.all
        )
        is_base = any(
            c.increase_from == question.id
            for criterion in issue.rule.criteria
            for c in criterion.all
        )
        if lower_is_better or is_base:
            if current <= question.minimum:
                return None
            better[question.id] = max(question.minimum, float(int(current * rng.random())))
        else:
            top = question.maximum if question.maximum is not None else current + 50
            if current >= top:
                return None
            better[question.id] = float(min(top, int(current) + rng.randint(1, 10)))
    return better


@settings(max_examples=300, deadline=None)
@given(seed=seeds, agency_type=st.sampled_from(["service", "policy", "provincial"]))
def test_meeting_more_criteria_never_lowers_any_value(seed, agency_type):
    rng = random.Random(seed)
    answers = random_answers(FRAMEWORK, rng)
    better = _improve(FRAMEWORK, answers, rng)
    if better is None:
        return
    before = _all_values(score(FRAMEWORK, agency_type, answers))
    after = _all_values(score(FRAMEWORK, agency_type, better))
    for old, new in zip(before, after, strict=True):
        assert new >= old - 1e-9


@pytest.mark.parametrize("agency_type", ["service", "policy", "provincial"])
def test_all_best_answers_give_level_5_and_100_percent(agency_type):
    result = score(FRAMEWORK, agency_type, best_answers(FRAMEWORK))
    assert result.complete
    assert all(lv.value == 5 for lv in result.issues.values())
    assert {f.level for f in result.pillars.values()} == {5}
    assert result.overall.level == 5 and result.stage.name_en == "Optimizing"
    assert result.overall.percent == pytest.approx(100)
    assert result.next_steps == ()


@pytest.mark.parametrize("agency_type", ["service", "policy", "provincial"])
def test_all_worst_answers_give_level_1_and_0_percent(agency_type):
    result = score(FRAMEWORK, agency_type, worst_answers(FRAMEWORK))
    assert all(lv.raw_level == 1 for lv in result.issues.values())
    assert result.overall.level == 1 and result.stage.name_en == "Initial"
    assert result.overall.percent == pytest.approx(0)
    assert result.overall.value == 1


@settings(max_examples=200, deadline=None)
@given(seed=seeds)
def test_agency_type_changes_only_the_digital_policy_issue(seed):
    answers = random_answers(FRAMEWORK, random.Random(seed))
    service = score(FRAMEWORK, "service", answers)
    policy = score(FRAMEWORK, "policy", answers)
    provincial = score(FRAMEWORK, "provincial", answers)
    assert provincial.to_dict() | {"agency_type": "service"} == service.to_dict()
    differing = {iid for iid in service.issues if service.issues[iid] != policy.issues[iid]}
    assert differing <= {"P1.DP.1"}
    other_texts = {(r.issue_id, r.text) for r in service.recommendations if r.issue_id != "P1.DP.1"}
    assert other_texts == {
        (r.issue_id, r.text) for r in policy.recommendations if r.issue_id != "P1.DP.1"
    }


@settings(max_examples=100, deadline=None)
@given(seed=seeds)
def test_values_levels_and_percents_stay_in_range(seed):
    result = score(FRAMEWORK, "service", random_answers(FRAMEWORK, random.Random(seed)))
    in_model = [f for f in result.sub_pillars.values() if f.total]
    for figure in [*in_model, *result.pillars.values(), result.overall]:
        assert 1 <= figure.value <= 5
        assert figure.level == int(figure.value + 1e-9)
        assert 0 <= figure.percent <= 100 + 1e-9


@settings(max_examples=100, deadline=None)
@given(seed=seeds)
def test_next_steps_are_ranked_by_score_gain_per_criterion(seed):
    result = score(FRAMEWORK, "service", random_answers(FRAMEWORK, random.Random(seed)))
    # Rise of the self-assessment score per criterion to add; ties: the lower level first.
    keys = [(-round(s.score_gain / s.units, 9), s.from_level) for s in result.next_steps]
    assert keys == sorted(keys)
    for step in result.next_steps:
        assert step.to_level > step.from_level and step.gain > 0 and step.actions
        assert step.score_gain > 0 and all("{" not in action for action in step.actions)
