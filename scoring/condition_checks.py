"""Each condition of a level criterion compiled once into a function answers → state.

A state says whether the condition is met and what share of it is: the share drives the
split of levels 1–3 below an issue's first criterion (scoring.rules.split_below_entry).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from scoring.answers import PARTIAL, YES, Answers
from scoring.conditions import MET, NOT_MET, ConditionState
from scoring.model import ChecklistQuestion, Condition, CriteriaType, Question
from scoring.rules import PARTIAL_ANSWER_CREDIT

CRITERIA_TYPES: tuple[CriteriaType, ...] = ("service", "policy")
Check = Callable[[Answers, CriteriaType], ConditionState]

def _single(met: bool, share: float) -> ConditionState:
    if met:
        return MET
    return NOT_MET if share == 0.0 else ConditionState(False, share, 1)


def _checked_count_check(
    question_id: str, threshold: int | dict[str, int], applicable: dict[str, tuple[str, ...]]
) -> Check:
    def check(answers: Answers, criteria_type: CriteriaType) -> ConditionState:
        answer = answers[question_id]
        needed = threshold if isinstance(threshold, int) else threshold[criteria_type]
        items = applicable[criteria_type]
        missing = tuple(item for item in items if item not in answer)
        have = len(items) - len(missing)
        return ConditionState(
            have >= needed, min(1.0, have / needed), max(0, needed - have), missing
        )

    return check


def _checked_all_check(question_id: str, required: dict[str, tuple[str, ...]]) -> Check:
    def check(answers: Answers, criteria_type: CriteriaType) -> ConditionState:
        answer = answers[question_id]
        items = required[criteria_type]
        missing = tuple(item for item in items if item not in answer)
        if not missing:
            return MET
        return ConditionState(
            False, (len(items) - len(missing)) / len(items), len(missing), missing
        )

    return check


def _checked_any_check(question_id: str, wanted: tuple[str, ...]) -> Check:
    unmet = ConditionState(False, 0.0, 1, wanted)

    def check(answers: Answers, criteria_type: CriteriaType) -> ConditionState:
        answer = answers[question_id]
        return MET if any(item in answer for item in wanted) else unmet

    return check


def _is_yes_check(question_id: str) -> Check:
    partial = ConditionState(False, PARTIAL_ANSWER_CREDIT, 1)

    def check(answers: Answers, criteria_type: CriteriaType) -> ConditionState:
        answer = answers[question_id]
        return MET if answer == YES else partial if answer == PARTIAL else NOT_MET

    return check


def _choice_check(question_id: str, wanted: tuple[str, ...]) -> Check:
    def check(answers: Answers, criteria_type: CriteriaType) -> ConditionState:
        return MET if answers[question_id] in wanted else NOT_MET

    return check


def _at_least_check(question_id: str, threshold: float) -> Check:
    def check(answers: Answers, criteria_type: CriteriaType) -> ConditionState:
        value = answers[question_id]
        assert isinstance(value, int | float)
        if value >= threshold:
            return MET
        return _single(False, 1.0 if threshold <= 0 else max(0.0, value) / threshold)

    return check


def _at_most_check(question_id: str, threshold: float) -> Check:
    def check(answers: Answers, criteria_type: CriteriaType) -> ConditionState:
        value = answers[question_id]
        assert isinstance(value, int | float)
        if value <= threshold:
            return MET
        # Lower is better: the share falls from 1 at the limit to 0 at twice the limit.
        return _single(False, max(0.0, 2.0 - value / threshold) if threshold > 0 else 0.0)

    return check


def _increase_check(question_id: str, base_id: str, percent: float) -> Check:
    wanted = Fraction(percent)

    def check(answers: Answers, criteria_type: CriteriaType) -> ConditionState:
        current, base = answers[question_id], answers[base_id]
        assert isinstance(current, int | float) and isinstance(base, int | float)
        if base <= 0:
            return _single(current > 0, 0.0)
        # Exact: +30 % of 10 is 13, not 12.999….
        growth = (Fraction(current) - Fraction(base)) * 100 / Fraction(base)
        if growth >= wanted:
            return MET
        return _single(False, float(max(Fraction(0), growth / wanted)))

    return check


def compile_condition(condition: Condition, question: Question) -> Check:
    """A function answers → ConditionState for one condition, built once per issue."""
    qid = condition.question
    if isinstance(question, ChecklistQuestion):  # the checked_* tests
        applicable = {ct: tuple(i.id for i in question.items_for(ct)) for ct in CRITERIA_TYPES}
        if condition.checked_at_least is not None:
            return _checked_count_check(qid, condition.checked_at_least, applicable)
        if condition.checked_all is not None:
            required = (
                applicable
                if condition.checked_all == "all"
                else dict.fromkeys(CRITERIA_TYPES, condition.checked_all)
            )
            return _checked_all_check(qid, required)
        assert condition.checked_any is not None
        return _checked_any_check(qid, condition.checked_any)
    if condition.is_yes is not None:
        return _is_yes_check(qid)
    if condition.choice_in is not None:
        return _choice_check(qid, condition.choice_in)
    if condition.at_least is not None:
        return _at_least_check(qid, condition.at_least)
    if condition.at_most is not None:
        return _at_most_check(qid, condition.at_most)
    assert condition.increase_from is not None and condition.increase_at_least_percent
    return _increase_check(qid, condition.increase_from, condition.increase_at_least_percent)


