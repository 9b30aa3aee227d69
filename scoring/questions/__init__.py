"""Question kinds: one handler per question type (see ``base.QuestionKind``)."""

from __future__ import annotations

from typing import Any

from scoring.model import CriteriaType, Question
from scoring.questions.base import (
    UNSURE,
    UNSURE_LABEL,
    AnswerError,
    AnswerValue,
    Choice,
    QuestionKind,
    Typed,
    TypedAnswer,
    TypedProblem,
    TypedSelection,
)
from scoring.questions.checklist import ChecklistKind
from scoring.questions.number import NumberKind
from scoring.questions.single_choice import SingleChoiceKind
from scoring.questions.typed import clean, normalized
from scoring.questions.yes_no import YesNoKind

KINDS: dict[str, QuestionKind[Any]] = {
    "yes_no": YesNoKind(),
    "single_choice": SingleChoiceKind(),
    "checklist": ChecklistKind(),
    "number": NumberKind(),
}
_UNSURE_WORDS = {"ไม่แน่ใจ", "ไม่ทราบ", "ไม่รู้", "unsure", "ไม่แน่ใจว่า"}


def kind_of(question: Question) -> QuestionKind[Any]:
    return KINDS[question.type]


def normalize_answer(question: Question, raw: Any) -> AnswerValue:
    """Check one raw answer (JSON or a button's value) and return its canonical form."""
    if raw == UNSURE:
        if not question.allow_unsure:
            raise AnswerError(question.id, "this question has no 'unsure' answer")
        return UNSURE
    return kind_of(question).normalize(question, raw)


def read_typed_answer(question: Question, text: str, criteria_type: CriteriaType) -> Typed:
    """Typed text as an answer to ``question``; None when it is not an attempt at one."""
    if question.allow_unsure and normalized(text) in _UNSURE_WORDS:
        return TypedAnswer(UNSURE)
    return kind_of(question).read_typed(question, text, criteria_type)


def describe_answer(question: Question, value: AnswerValue) -> str:
    return UNSURE_LABEL if value == UNSURE else kind_of(question).describe(question, value)


def answer_labels(question: Question, value: AnswerValue) -> list[str]:
    return [UNSURE_LABEL] if value == UNSURE else kind_of(question).labels(question, value)


__all__ = [
    "KINDS",
    "UNSURE",
    "UNSURE_LABEL",
    "AnswerError",
    "AnswerValue",
    "Choice",
    "QuestionKind",
    "Typed",
    "TypedAnswer",
    "TypedProblem",
    "TypedSelection",
    "answer_labels",
    "clean",
    "describe_answer",
    "kind_of",
    "normalize_answer",
    "read_typed_answer",
]
