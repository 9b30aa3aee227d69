"""What every question kind knows about its answers.

A question kind (yes/no, single choice, checklist, number) is one handler: it checks a
raw answer, reads typed text, names an answer in Thai, lists the buttons it offers,
says what an unmet criterion still needs and makes sample answers. Everything else asks
``kind_of(question)`` instead of testing the question's class.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from scoring.conditions import ConditionState
from scoring.model import Condition, CriteriaType, QuestionBase

AnswerValue = str | float | tuple[str, ...]
UNSURE = "unsure"
UNSURE_LABEL = "ไม่แน่ใจ"


class AnswerError(ValueError):
    """An answer that does not fit its question."""

    def __init__(self, question_id: str, message: str) -> None:
        super().__init__(f"{question_id}: {message}")
        self.question_id = question_id


@dataclass(frozen=True, slots=True)
class Choice:
    """One button: ``value`` is what its postback carries, ``label`` fits a button,
    ``text`` is the full wording shown in the question."""

    value: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class TypedAnswer:
    value: AnswerValue


@dataclass(frozen=True, slots=True)
class TypedSelection:
    """Checklist items picked by typing their numbers, still to be confirmed."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TypedProblem:
    """An attempt at an answer that does not fit; ``message`` is the Thai re-ask."""

    message: str


Typed = TypedAnswer | TypedSelection | TypedProblem | None


Q = TypeVar("Q", bound=QuestionBase)


class QuestionKind(ABC, Generic[Q]):
    # Several items confirmed together (a checklist) rather than one tap.
    multiple: ClassVar[bool] = False

    @abstractmethod
    def normalize(self, question: Q, raw: Any) -> AnswerValue:
        """The canonical form of a raw answer (JSON or postback); AnswerError otherwise."""

    @abstractmethod
    def choices(self, question: Q, criteria_type: CriteriaType) -> tuple[Choice, ...]:
        """The buttons offered (a number question's presets; a checklist's items)."""

    @abstractmethod
    def read_typed(self, question: Q, text: str, criteria_type: CriteriaType) -> Typed:
        """Typed text as an answer; None when it is not an attempt at one."""

    @abstractmethod
    def describe(self, question: Q, value: AnswerValue) -> str:
        """An answer in words, on one line."""

    def labels(self, question: Q, value: AnswerValue) -> list[str]:
        """An answer in words, one entry per chosen item where there are several."""
        return [self.describe(question, value)]

    def hint(self, question: Q) -> str | None:
        """How to type an answer, when typing is the way to answer."""
        return None

    @abstractmethod
    def extreme(self, question: Q, best: bool) -> AnswerValue:
        """The answer that meets the most (best) or the least of any criterion."""

    @abstractmethod
    def sample(self, question: Q, rng: random.Random) -> AnswerValue:
        """A random valid answer (tests and benchmarks)."""

    def unmet_values(
        self,
        question: Q,
        condition: Condition,
        state: ConditionState,
        answers: Mapping[str, AnswerValue],
        criteria_type: CriteriaType,
    ) -> dict[str, str]:
        """The placeholders of an unmet condition's action text (``scoring.actions``):
        what is missing, the target and where the answer stands, in words."""
        return {}
