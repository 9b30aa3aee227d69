"""Answer sets built from the framework: best, worst and random complete answers.

Used by the tests, the benchmark and ``examples/``; pure and deterministic for a seed.
"""

from __future__ import annotations

import random

from scoring.answers import NO, YES, AnswerValue
from scoring.model import (
    ChecklistQuestion,
    Framework,
    Issue,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    YesNoQuestion,
)


def _lowers_are_better(issue: Issue, question: Question) -> bool:
    return any(
        c.question == question.id and c.at_most is not None
        for criterion in issue.rule.criteria
        for c in criterion.all
    )


def _is_base_count(issue: Issue, question: Question) -> bool:
    return any(
        c.increase_from == question.id for criterion in issue.rule.criteria for c in criterion.all
    )


def _extreme(issue: Issue, question: Question, best: bool) -> AnswerValue:
    if isinstance(question, YesNoQuestion):
        return YES if best else NO
    if isinstance(question, SingleChoiceQuestion):
        ranked = sorted(question.options, key=lambda o: o.level or 0)
        return (ranked[-1] if best else ranked[0]).id
    if isinstance(question, ChecklistQuestion):
        return tuple(item.id for item in question.items) if best else ()
    assert isinstance(question, NumberQuestion)
    high = question.maximum if question.maximum is not None else 1_000_000.0
    low = question.minimum
    if _is_base_count(issue, question):
        # Growth: a small base with a large current count, or the reverse.
        return 1.0 if best else 100.0
    if _lowers_are_better(issue, question):
        return float(low if best else high)
    return float(high if best else low)


def extreme_answers(framework: Framework, best: bool) -> dict[str, AnswerValue]:
    return {
        q.id: _extreme(issue, q, best)
        for _, _, issue in framework.issues()
        for q in issue.questions
    }


def best_answers(framework: Framework) -> dict[str, AnswerValue]:
    return extreme_answers(framework, best=True)


def worst_answers(framework: Framework) -> dict[str, AnswerValue]:
    return extreme_answers(framework, best=False)


def random_answer(question: Question, rng: random.Random) -> AnswerValue:
    if isinstance(question, YesNoQuestion):
        choices = [YES, NO] + (["partial"] if question.allow_partial else [])
        return rng.choice(choices)
    if isinstance(question, SingleChoiceQuestion):
        return rng.choice(question.options).id
    if isinstance(question, ChecklistQuestion):
        return tuple(item.id for item in question.items if rng.random() < 0.5)
    assert isinstance(question, NumberQuestion)
    high = (
        question.maximum
        if question.maximum is not None
        else (1_000_000.0 if question.unit == "duration" else 20.0)
    )
    value = rng.uniform(question.minimum, high)
    return float(round(value)) if question.integer or question.unit == "duration" else value


def random_answers(framework: Framework, rng: random.Random) -> dict[str, AnswerValue]:
    return {
        q.id: random_answer(q, rng) for _, _, issue in framework.issues() for q in issue.questions
    }
