"""Yes/no questions, with "กำลังดำเนินการ" where the question offers a partial answer."""

from __future__ import annotations

import random
from typing import Any

from scoring.model import CriteriaType, YesNoQuestion
from scoring.questions.base import (
    AnswerError,
    AnswerValue,
    Choice,
    QuestionKind,
    Typed,
    TypedAnswer,
)
from scoring.questions.typed import normalized

YES, NO, PARTIAL = "yes", "no", "partial"
LABELS = {YES: "ใช่", NO: "ไม่ใช่", PARTIAL: "กำลังดำเนินการ"}
# Compared after the polite particle is removed ("มีครับ" → "มี"); a bare "ครับ" is not a yes.
_TYPED = {
    YES: {"ใช่", "มี", "yes", "y", "ทำแล้ว", "มีแล้ว", "ใช่แล้ว", "เคย"},
    NO: {"ไม่ใช่", "ไม่มี", "no", "n", "ยังไม่ได้ทำ", "ยังไม่มี", "ไม่", "ยัง", "ยังไม่ได้", "ไม่เคย"},
    PARTIAL: {"กำลังดำเนินการ", "กำลังทำ", "บางส่วน", "อยู่ระหว่างดำเนินการ"},
}


class YesNoKind(QuestionKind[YesNoQuestion]):
    def _values(self, question: YesNoQuestion) -> tuple[str, ...]:
        return (YES, NO, PARTIAL) if question.allow_partial else (YES, NO)

    def normalize(self, question: YesNoQuestion, raw: Any) -> AnswerValue:
        if raw not in self._values(question):
            raise AnswerError(question.id, f"expected one of {sorted(self._values(question))}")
        return str(raw)

    def choices(self, question: YesNoQuestion, criteria_type: CriteriaType) -> tuple[Choice, ...]:
        return tuple(Choice(v, LABELS[v], LABELS[v]) for v in self._values(question))

    def read_typed(self, question: YesNoQuestion, text: str, criteria_type: CriteriaType) -> Typed:
        typed = normalized(text)
        for value in self._values(question):
            if typed in _TYPED[value]:
                return TypedAnswer(value)
        return None

    def describe(self, question: YesNoQuestion, value: AnswerValue) -> str:
        return LABELS.get(str(value), str(value))

    def extreme(self, question: YesNoQuestion, best: bool) -> AnswerValue:
        return YES if best else NO

    def sample(self, question: YesNoQuestion, rng: random.Random) -> AnswerValue:
        return rng.choice(self._values(question))
