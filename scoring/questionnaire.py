"""The questionnaire as a sequence: the order questions are asked in, and progress."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring.model import Framework, Issue, Pillar, Question


@dataclass(frozen=True)
class Step:
    """One question in the order it is asked."""

    index: int
    pillar: Pillar
    issue: Issue
    question: Question
    issue_number: int  # 1-based among the issues in scope
    issue_count: int
    question_number: int  # 1-based within the issue
    question_count: int


def steps_for(framework: Framework, scope: Sequence[str] | None) -> tuple[Step, ...]:
    """The questions of a scope in order; made once per scope and kept in the framework's
    index (the questionnaire never changes while the process runs)."""
    key = tuple(scope) if scope else None
    steps = framework.index.steps.get(key)
    if steps is None:
        steps = framework.index.steps[key] = _build_steps(framework, key)
    return steps


def _build_steps(framework: Framework, scope: tuple[str, ...] | None) -> tuple[Step, ...]:
    issues = [
        (pillar, issue)
        for pillar, _, issue in framework.issues()
        if scope is None or pillar.id in scope
    ]
    steps: list[Step] = []
    for number, (pillar, issue) in enumerate(issues, start=1):
        for q_number, question in enumerate(issue.questions, start=1):
            steps.append(
                Step(
                    len(steps),
                    pillar,
                    issue,
                    question,
                    number,
                    len(issues),
                    q_number,
                    len(issue.questions),
                )
            )
    return tuple(steps)


def step_of(steps: Sequence[Step], question_id: str) -> Step | None:
    return next((step for step in steps if step.question.id == question_id), None)


def first_open_step(steps: Sequence[Step], answered: Mapping[str, object]) -> Step | None:
    """The first question with neither an answer nor a skip."""
    return next((step for step in steps if step.question.id not in answered), None)


# How long answering takes, from what the official reads and taps. Reading speed is that of
# a careful reading of an official text in Thai; a number may need looking up.
READING_CHARS_PER_SECOND = 10
SECONDS_PER_TAP = 3
LOOKUP_SECONDS = {"number": 45}


def _seconds(step: Step) -> float:
    question = step.question
    texts = [question.text, question.help or ""]
    texts += [o.text for o in getattr(question, "options", ())]
    items = getattr(question, "items", ())
    texts += [i.text for i in items]
    taps = 1 + len(items) // 2  # a checklist: about half its items, then "ยืนยัน"
    reading = sum(len(t) for t in texts) / READING_CHARS_PER_SECOND
    return reading + taps * SECONDS_PER_TAP + LOOKUP_SECONDS.get(question.type, 0)


def minutes_needed(steps: Sequence[Step]) -> int:
    """About how many minutes the questions take, rounded up to five."""
    minutes = sum(_seconds(step) for step in steps) / 60
    return max(5, 5 * -(-int(minutes) // 5))
