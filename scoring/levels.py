"""Answers → the level of one issue (DECISIONS.md, "Issue levels").

Each condition of a level criterion gives whether it is met and what share of it is
met; the share drives the split of levels 1–3 below an issue's first criterion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from scoring.answers import PARTIAL, UNSURE, YES, Answers
from scoring.conditions import MET, NOT_MET, UNSURE_PART, ConditionState
from scoring.model import (
    ChecklistQuestion,
    Condition,
    CriteriaType,
    Issue,
    LevelCriterion,
    Question,
    SingleChoiceQuestion,
)
from scoring.rules import PARTIAL_ANSWER_CREDIT, aggregation_value, split_below_entry

IssueStatus = Literal["scored", "unanswered", "unsure"]
CRITERIA_TYPES: tuple[CriteriaType, ...] = ("service", "policy")


@dataclass(frozen=True, slots=True)
class IssueLevel:
    issue_id: str
    status: IssueStatus
    # The issue's own level or stage; None when not scored.
    raw_level: int | None = None
    # The value used in averages (top → 5, stages rescaled); None when not scored.
    value: float | None = None


@dataclass(frozen=True, slots=True)
class IssueIndex:
    """Look-ups of one issue, built once: scoring runs many times over the same framework."""

    questions: dict[str, Question]
    question_ids: tuple[str, ...]
    # Each criterion with its conditions compiled to functions, in rule order.
    criteria: tuple[tuple[LevelCriterion, tuple[Check, ...]], ...]
    # The questions each of those conditions reads (same shape as ``criteria``).
    reads: tuple[tuple[frozenset[str], ...], ...]
    # Rules ``from_choice``: option id → level.
    choice_levels: dict[str, int] | None
    # The scored IssueLevel of each possible level (immutable, so shared).
    levels: dict[int, IssueLevel]


def issue_index(issue: Issue) -> IssueIndex:
    """The issue's compiled rule, made on first use and kept on the issue."""
    if issue._compiled is not None:
        return issue._compiled
    questions = {q.id: q for q in issue.questions}
    criteria = tuple(
        (
            criterion,
            tuple(compile_condition(c, questions[c.question]) for c in criterion.all),
        )
        for criterion in issue.rule.criteria
    )
    reads = tuple(
        tuple(frozenset({c.question, c.increase_from} - {None}) for c in criterion.all)
        for criterion in issue.rule.criteria
    )
    choice = questions.get(issue.rule.from_choice or "")
    choice_levels = (
        {o.id: o.level or 1 for o in choice.options}
        if isinstance(choice, SingleChoiceQuestion)
        else None
    )
    levels = {
        level: IssueLevel(issue.id, "scored", level, aggregation_value(issue.rule, level))
        for level in range(1, issue.rule.top + 1)
    }
    index = IssueIndex(questions, tuple(questions), criteria, reads, choice_levels, levels)
    issue._compiled = index
    return index


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


@dataclass(frozen=True, slots=True)
class Evaluation:
    """An issue's own level, and the first criterion above it with its condition states."""

    raw_level: int
    next_criterion: LevelCriterion | None = None
    next_states: tuple[ConditionState, ...] = ()


def evaluate(
    issue: Issue,
    answers: Answers,
    criteria_type: CriteriaType,
    index: IssueIndex | None = None,
    uncertain: Mapping[str, ConditionState] | None = None,
) -> Evaluation:
    """The issue's own level (or stage). Conditions that read an ``uncertain`` question
    (not answered, or "ไม่แน่ใจ") take the state given for it instead of being checked."""
    rule = issue.rule
    index = index or issue_index(issue)
    if index.choice_levels is not None:
        return _CHOICE_EVALUATIONS[index.choice_levels[answers[rule.from_choice]]]  # type: ignore[index]
    reached: int | None = None
    for (criterion, checks), reads in zip(index.criteria, index.reads, strict=True):
        states = [
            _uncertain_state(read, uncertain) or check(answers, criteria_type)
            for check, read in zip(checks, reads, strict=True)
        ]
        if not all(state.met for state in states):
            level = reached if reached is not None else _below_first(rule.scale, states)
            return Evaluation(level, criterion, tuple(states))
        reached = criterion.level
    assert reached is not None
    return _CHOICE_EVALUATIONS[reached]


def _uncertain_state(
    reads: frozenset[str], uncertain: Mapping[str, ConditionState] | None
) -> ConditionState | None:
    if uncertain:
        for question_id in reads:
            if question_id in uncertain:
                return uncertain[question_id]
    return None


# Evaluations without a pending criterion, shared (they are immutable).
_CHOICE_EVALUATIONS = {level: Evaluation(level) for level in range(1, 6)}


def _below_first(scale: str, states: list[ConditionState]) -> int:
    if scale == "stage":
        return 1
    if len(states) == 1:
        return split_below_entry(states[0].share)
    return split_below_entry(sum(s.share for s in states) / len(states))


def issue_level(issue: Issue, answers: Answers, criteria_type: CriteriaType) -> IssueLevel:
    return issue_level_and_evaluation(issue, answers, criteria_type)[0]


def issue_level_and_evaluation(
    issue: Issue, answers: Answers, criteria_type: CriteriaType
) -> tuple[IssueLevel, Evaluation | None]:
    # The hot path of scoring: kept flat on purpose (bench/scoring.py).
    index = issue_index(issue)
    uncertain: list[str] = []
    for question_id in index.question_ids:
        value = answers.get(question_id)
        if value is None or value == UNSURE:
            uncertain.append(question_id)
    if not uncertain:
        if index.choice_levels is not None:
            level = index.choice_levels[answers[issue.rule.from_choice]]  # type: ignore[index]
            return index.levels[level], _CHOICE_EVALUATIONS[level]
        evaluation = evaluate(issue, answers, criteria_type, index)
        return index.levels[evaluation.raw_level], evaluation
    return _with_uncertain_parts(issue, answers, criteria_type, index, uncertain)


def _with_uncertain_parts(
    issue: Issue,
    answers: Answers,
    criteria_type: CriteriaType,
    index: IssueIndex,
    uncertain: list[str],
) -> tuple[IssueLevel, Evaluation | None]:
    """An issue some of whose questions are not answered or "ไม่แน่ใจ" (DECISIONS.md):
    it keeps the level its other answers establish, the uncertain part counting as not
    met; it is unscored when no level can be established without that part."""
    unanswered = any(answers.get(question_id) is None for question_id in uncertain)
    unscored = IssueLevel(issue.id, "unanswered" if unanswered else "unsure")
    if len(uncertain) == len(index.question_ids) or index.choice_levels is not None:
        return unscored, None
    worst = evaluate(issue, answers, criteria_type, index, dict.fromkeys(uncertain, UNSURE_PART))
    best = evaluate(issue, answers, criteria_type, index, dict.fromkeys(uncertain, MET))
    first_criterion = issue.rule.criteria[0].level
    if worst.raw_level == best.raw_level or worst.raw_level >= first_criterion:
        return index.levels[worst.raw_level], worst
    return unscored, None
