"""Checklists: the items done, ticked one by one and confirmed together; typed item
numbers ("1 3 5", "1,3,5", "๑ ๓", "1-4") or "ทั้งหมด" pick items too."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from typing import Any

from scoring.conditions import ConditionState
from scoring.model import ChecklistQuestion, Condition, CriteriaType
from scoring.questions.base import (
    AnswerError,
    AnswerValue,
    Choice,
    QuestionKind,
    Typed,
    TypedProblem,
    TypedSelection,
)
from scoring.questions.typed import normalized

NONE_LABEL = "ไม่ได้เลือกข้อใด"
_NUMBER = r"(?:ข้อ\s*)?\d{1,2}(?:\s*(?:-|–|ถึง)\s*(?:ข้อ\s*)?\d{1,2})?"  # "3" or "1-4"
_NUMBERS = re.compile(rf"{_NUMBER}(?:\s*(?:,|และ|กับ|\s)\s*{_NUMBER})*")
_RANGE = re.compile(r"(\d+)(?:\s*(?:-|–|ถึง)\s*(?:ข้อ\s*)?(\d+))?")
_NONE_WORDS = {"ไม่มี", "ไม่มีข้อใด", "ไม่มีเลย", "ยังไม่มี", "none", "ไม่ได้ทำ", "ยังไม่ได้ทำ"}
_ALL_WORDS = {"ทั้งหมด", "ทุกข้อ", "ครบทุกข้อ", "ทำครบทุกข้อ", "เลือกทั้งหมด", "ครบทุกด้าน", "all"}


def _span(first: str, last: str) -> range:
    """ "3" → 3; "1-4" → 1 to 4 (and "4-1" too)."""
    low, high = sorted((int(first), int(last or first)))
    return range(low, high + 1)


class ChecklistKind(QuestionKind[ChecklistQuestion]):
    multiple = True

    def normalize(self, question: ChecklistQuestion, raw: Any) -> AnswerValue:
        if not isinstance(raw, list | tuple) or not all(isinstance(item, str) for item in raw):
            raise AnswerError(question.id, "expected a list of item ids")
        known = {item.id for item in question.items}
        unknown = [item for item in raw if item not in known]
        if unknown:
            raise AnswerError(question.id, f"unknown items {unknown}")
        # The question's order, no repeats, so equal answers compare equal.
        chosen = set(raw)
        return tuple(item.id for item in question.items if item.id in chosen)

    def choices(
        self, question: ChecklistQuestion, criteria_type: CriteriaType
    ) -> tuple[Choice, ...]:
        # Only the items that count for this agency type (Digital Policy: 12 or 9).
        return tuple(
            Choice(i.id, i.label or i.text, i.text) for i in question.items_for(criteria_type)
        )

    def read_typed(
        self, question: ChecklistQuestion, text: str, criteria_type: CriteriaType
    ) -> Typed:
        typed = normalized(text)
        shown = question.items_for(criteria_type)
        if typed in _NONE_WORDS:
            return TypedSelection(())
        if typed in _ALL_WORDS:
            return TypedSelection(tuple(item.id for item in shown))
        if not _NUMBERS.fullmatch(typed):
            return None
        numbers = [n for span in _RANGE.findall(typed) for n in _span(*span)]
        if any(not 1 <= n <= len(shown) for n in numbers):
            return TypedProblem(f"กรุณาพิมพ์หมายเลขข้อ 1–{len(shown)} เช่น 1 3 5")
        picked = {shown[n - 1].id for n in numbers}
        return TypedSelection(tuple(i.id for i in shown if i.id in picked))

    def describe(self, question: ChecklistQuestion, value: AnswerValue) -> str:
        chosen = [item.label or item.text for item in question.items if item.id in value]
        return ", ".join(chosen) if chosen else NONE_LABEL

    def labels(self, question: ChecklistQuestion, value: AnswerValue) -> list[str]:
        chosen = [item.text for item in question.items if item.id in value]
        return chosen or [NONE_LABEL]

    def extreme(self, question: ChecklistQuestion, best: bool) -> AnswerValue:
        return tuple(item.id for item in question.items) if best else ()

    def sample(self, question: ChecklistQuestion, rng: random.Random) -> AnswerValue:
        return tuple(item.id for item in question.items if rng.random() < 0.5)

    def unmet_values(
        self,
        question: ChecklistQuestion,
        condition: Condition,
        state: ConditionState,
        answers: Mapping[str, AnswerValue],
        criteria_type: CriteriaType,
    ) -> dict[str, str]:
        texts = {item.id: item.text for item in question.items}
        missing = [texts[item_id] for item_id in state.missing_items]
        # "choose 1 more from A or B" when fewer are needed than are listed.
        choice = condition.checked_any or state.missing_units < len(missing)
        values = {"missing": thai_list(missing, "หรือ" if choice else "และ")}
        values["missing_count"] = str(state.missing_units)
        if condition.checked_at_least is not None:
            needed = condition.checked_at_least
            needed = needed if isinstance(needed, int) else needed[criteria_type]
            values |= {"needed": str(needed), "have": str(needed - state.missing_units)}
        return values


def thai_list(names: list[str], last_joiner: str) -> str:
    """ "ก และ ข"; three or more numbered as official letters list them:
    "(1) ก (2) ข และ (3) ค" (or "… หรือ (3) ค")."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} {last_joiner} {names[1]}"
    numbered = [f"({number}) {name}" for number, name in enumerate(names, 1)]
    return f"{' '.join(numbered[:-1])} {last_joiner} {numbered[-1]}"
