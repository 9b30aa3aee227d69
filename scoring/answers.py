"""Answers to the framework's questions.

An answer is keyed by question id. Its value depends on the question type:

- yes_no: ``"yes"``, ``"no"`` or ``"partial"`` (กำลังดำเนินการ, where the question offers it)
- single_choice: the chosen option id
- checklist: the checked item ids (an empty list means none)
- number: a number in the question's range (durations in seconds)
- any type: ``"unsure"`` (ไม่แน่ใจ)

Checking and describing answers is each question kind's job (``scoring.questions``).
"""

from __future__ import annotations

from collections.abc import Mapping

from scoring.questions import UNSURE, AnswerError, AnswerValue, normalize_answer
from scoring.questions.yes_no import NO, PARTIAL, YES

Answers = Mapping[str, AnswerValue]

__all__ = [
    "NO",
    "PARTIAL",
    "UNSURE",
    "YES",
    "AnswerError",
    "AnswerValue",
    "Answers",
    "normalize_answer",
]
