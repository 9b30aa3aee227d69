"""Answer sets built from the framework: best, worst and random complete answers.

Used by the tests and the benchmarks; deterministic for a seed. Each question kind makes
its own extreme and random answers (``scoring.questions``); what is "best" for a number
depends on the issue's rule (lower downtime is better; growth needs a small base).
"""

from __future__ import annotations

import random

from scoring.answers import AnswerValue
from scoring.model import Framework, Issue, Question
from scoring.questions import kind_of


def _lower_is_better(issue: Issue, question: Question) -> bool:
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
    if _is_base_count(issue, question):
        # Growth: a small base with a large current count, or the reverse.
        return 1.0 if best else 100.0
    if _lower_is_better(issue, question):
        best = not best
    return kind_of(question).extreme(question, best)


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


def random_answers(framework: Framework, rng: random.Random) -> dict[str, AnswerValue]:
    return {
        q.id: kind_of(q).sample(q, rng)
        for _, _, issue in framework.issues()
        for q in issue.questions
    }
