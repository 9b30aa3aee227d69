"""Answers → the level of one issue (DECISIONS.md, "Issue levels").

Each condition of a level criterion gives whether it is met and what share of it is
met; the share drives the split of levels 1–3 below an issue's first criterion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from scoring.answers import UNSURE, Answers
from scoring.condition_checks import Check, compile_condition
from scoring.conditions import MET, UNSURE_PART, ConditionState
from scoring.model import (
    CriteriaType,
    Issue,
    LevelCriterion,
    Question,
    SingleChoiceQuestion,
)
from scoring.rules import aggregation_value, split_below_entry

IssueStatus = Literal["scored", "unanswered", "unsure"]


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
