"""Answers to the framework's questions, and their validation.

An answer is keyed by question id. Its value depends on the question type:

- yes_no: ``"yes"``, ``"no"`` or ``"partial"`` (กำลังดำเนินการ, where the question offers it)
- single_choice: the chosen option id
- checklist: the list of checked item ids (an empty list means none)
- number: a number in the question's range (durations in seconds)
- any type: ``"unsure"`` (ไม่แน่ใจ) — the issue is then left unscored
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from scoring.model import (
    ChecklistQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    YesNoQuestion,
)

UNSURE = "unsure"
YES, NO, PARTIAL = "yes", "no", "partial"

AnswerValue = str | float | tuple[str, ...]
Answers = Mapping[str, AnswerValue]


class AnswerError(ValueError):
    """An answer that does not fit its question."""

    def __init__(self, question_id: str, message: str) -> None:
        super().__init__(f"{question_id}: {message}")
        self.question_id = question_id


def normalize_answer(question: Question, raw: Any) -> AnswerValue:
    """Check one raw answer (e.g. from JSON) against its question and return its canonical form."""
    if raw == UNSURE:
        if not question.allow_unsure:
            raise AnswerError(question.id, "this question has no 'unsure' answer")
        return UNSURE
    if isinstance(question, YesNoQuestion):
        allowed = {YES, NO, PARTIAL} if question.allow_partial else {YES, NO}
        if raw not in allowed:
            raise AnswerError(question.id, f"expected one of {sorted(allowed)}")
        return str(raw)
    if isinstance(question, SingleChoiceQuestion):
        if raw not in {option.id for option in question.options}:
            raise AnswerError(question.id, f"unknown option {raw!r}")
        return str(raw)
    if isinstance(question, ChecklistQuestion):
        if not isinstance(raw, list | tuple) or not all(isinstance(item, str) for item in raw):
            raise AnswerError(question.id, "expected a list of item ids")
        known = {item.id for item in question.items}
        unknown = [item for item in raw if item not in known]
        if unknown:
            raise AnswerError(question.id, f"unknown items {unknown}")
        # Keep the question's order and drop repeats so equal answers compare equal.
        chosen = set(raw)
        return tuple(item.id for item in question.items if item.id in chosen)
    return _normalize_number(question, raw)


def _normalize_number(question: NumberQuestion, raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise AnswerError(question.id, "expected a number")
    if raw < question.minimum or (question.maximum is not None and raw > question.maximum):
        upper = "" if question.maximum is None else f"{question.maximum:g}"
        raise AnswerError(question.id, f"expected {question.minimum:g}–{upper}")
    if question.integer and raw != int(raw):
        raise AnswerError(question.id, "expected a whole number")
    return float(raw)
