"""Single-choice questions: one option, by button, number ("2", "ข้อ 2", "ตัวเลือกที่ 2") or
its words."""

from __future__ import annotations

import random
import re
from typing import Any

from scoring.model import CriteriaType, SingleChoiceQuestion
from scoring.questions.base import (
    AnswerError,
    AnswerValue,
    Choice,
    QuestionKind,
    Typed,
    TypedAnswer,
)
from scoring.questions.typed import normalized

# "2", "ข้อ 2", "ข้อที่ 2", "ตัวเลือกที่ 2", "เลือกข้อ 2", "ตอบ 2"
_NUMBERED = re.compile(r"(?:(?:ตอบ|เลือก)\s*)?(?:(?:ตัวเลือก|ข้อ)\s*)?(?:ที่\s*)?(\d{1,2})\)?")


class SingleChoiceKind(QuestionKind[SingleChoiceQuestion]):
    def normalize(self, question: SingleChoiceQuestion, raw: Any) -> AnswerValue:
        if raw not in {option.id for option in question.options}:
            raise AnswerError(question.id, f"unknown option {raw!r}")
        return str(raw)

    def choices(
        self, question: SingleChoiceQuestion, criteria_type: CriteriaType
    ) -> tuple[Choice, ...]:
        return tuple(Choice(o.id, o.label or o.text, o.text) for o in question.options)

    def read_typed(
        self, question: SingleChoiceQuestion, text: str, criteria_type: CriteriaType
    ) -> Typed:
        typed = normalized(text)
        numbered = _NUMBERED.fullmatch(typed)
        if numbered and 1 <= int(numbered.group(1)) <= len(question.options):
            return TypedAnswer(question.options[int(numbered.group(1)) - 1].id)
        for option in question.options:
            if typed in {(option.label or "").lower(), option.text.lower()}:
                return TypedAnswer(option.id)
        return None

    def describe(self, question: SingleChoiceQuestion, value: AnswerValue) -> str:
        return next((o.text for o in question.options if o.id == value), str(value))

    def extreme(self, question: SingleChoiceQuestion, best: bool) -> AnswerValue:
        ranked = sorted(question.options, key=lambda o: o.level or 0)
        return (ranked[-1] if best else ranked[0]).id

    def sample(self, question: SingleChoiceQuestion, rng: random.Random) -> AnswerValue:
        return rng.choice(question.options).id
