"""Number questions: percentages, counts and durations (stored in seconds).

Typed answers are read generously ("ประมาณ 85 %", "3 ระบบ", "2 วัน", "5 ชม. 30 น.", Thai
digits, numbers in Thai words as "สามโครงการ", a preset's label) and checked in one place,
the same for typed text and buttons: the range, whole numbers, and no huge or non-finite
value ever goes further.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from typing import Any

from scoring.conditions import ConditionState
from scoring.model import Condition, CriteriaType, NumberQuestion
from scoring.questions.base import (
    AnswerError,
    AnswerValue,
    Choice,
    QuestionKind,
    Typed,
    TypedAnswer,
    TypedProblem,
)
from scoring.questions.typed import looks_like_question, normalized

# Longer than any real answer; keeps "1" followed by 400 digits away from float().
MAX_NUMBER_CHARS = 18
_NUMBER = r"[-+−]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)"
_APPROX = re.compile(r"^(?:ประมาณ|ราวๆ|ราว ๆ|ราว|เกือบ|about|around|approx\.?|~)\s*")
_PERCENT_PREFIX = re.compile(r"^ร้อยละ\s*")
_PLAIN_SUFFIX = re.compile(
    r"\s*(?:%|เปอร์เซ็นต์|เปอร์เซ็น|percent|ชุดข้อมูล|ชุด|โครงการ|ระบบ|ด้านงาน|ด้าน|ข้อ|งาน|บริการ"
    r"|รายการ|กระบวนการ|หน่วยงาน|คน|ครั้ง)$"
)
_HMS = re.compile(r"^(\d{1,6}):([0-5]?\d)(?::([0-5]?\d))?$")
_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(วัน|days?|d|ชั่วโมง|ชม\.?|hours?|hrs?|h|นาที|น\.|mins?|minutes?|m"
    r"|วินาที|วิ\.?|secs?|seconds?|s)(?![a-z])"
)
_SECONDS = {"ว": 86400, "d": 86400, "ช": 3600, "h": 3600, "น": 60, "m": 60, "s": 1}
_NONE_WORDS = {"ไม่มี", "ไม่มีเลย", "ยังไม่มี", "none", "zero", "ศูนย์"}
# The letters of Thai number words, at most as long as "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้า".
_THAI_NUMERAL = re.compile("[ศูนย์หนึ่งสองสามสี่ห้าหกเจ็ดแปดเก้าสิบเอ็ดยี่ร้อยพันหมื่นแสน]{1,40}")


def _seconds_of(unit: str) -> int:
    if unit.startswith("วิ"):
        return 1
    return _SECONDS[unit[0]]


def _plain_amount(text: str) -> float | None:
    text = _PERCENT_PREFIX.sub("", _APPROX.sub("", text))
    text = _PLAIN_SUFFIX.sub("", text).strip()
    if not re.fullmatch(_NUMBER, text):
        return _number_in_words(text)
    return float(text.replace(",", "").replace("−", "-"))


def _number_in_words(text: str) -> float | None:
    """A whole number in Thai words ("สาม", "เก้าสิบห้า", "หนึ่งร้อย"), read by pythainlp."""
    if not _THAI_NUMERAL.fullmatch(text):
        return None
    from pythainlp.util import thaiword_to_num  # loaded only when a number comes in words

    try:
        return float(thaiword_to_num(text))
    except ValueError:
        return None


def _duration_amount(text: str) -> float | None:
    """Seconds from hours ("12", "12.5"), H:MM[:SS] or words ("2 วัน", "5 ชม. 30 น.")."""
    text = _APPROX.sub("", text)
    plain = _plain_amount(re.sub(r"\s*(?:ชั่วโมง|ชม\.?|hours?|hrs?|h)$", "", text))
    if plain is not None:
        return plain * 3600
    hms = _HMS.match(text.replace(" ", ""))
    if hms:
        hours, minutes, seconds = (int(part or 0) for part in hms.groups())
        return float(hours * 3600 + minutes * 60 + seconds)
    parts = list(_DURATION_PART.finditer(text))
    if not parts or _DURATION_PART.sub("", text).strip(" ,และ"):
        return None
    return sum(float(p.group(1)) * _seconds_of(p.group(2)) for p in parts)


def duration_words(seconds: float) -> str:
    whole = round(seconds)
    parts = [(whole // 3600, "ชั่วโมง"), (whole % 3600 // 60, "นาที"), (whole % 60, "วินาที")]
    words = " ".join(f"{amount:,} {unit}" for amount, unit in parts if amount)
    return words or "0 ชั่วโมง"


class NumberKind(QuestionKind[NumberQuestion]):
    def hint(self, question: NumberQuestion) -> str:
        if question.unit == "duration":
            return (
                "กรุณาพิมพ์จำนวนชั่วโมง เช่น 12 หรือ 12.5 หรือแบบ ชั่วโมง:นาที:วินาที "
                "เช่น 87:39:29 หรือพิมพ์เป็นวันหรือนาทีก็ได้ เช่น 2 วัน หรือ 5 ชม. 30 น."
            )
        low = f"{question.minimum:g}"
        kind = "จำนวนเต็ม" if question.integer else "ตัวเลข"
        if question.maximum is not None:
            return f"กรุณาพิมพ์{kind} {low}–{question.maximum:g}"
        return f"กรุณาพิมพ์{kind}ตั้งแต่ {low} ขึ้นไป"

    def check(self, question: NumberQuestion, value: float) -> str | None:
        """Why ``value`` cannot be this question's answer (a Thai re-ask), or None."""
        if not math.isfinite(value):
            return f"ตัวเลขนี้ใช้ไม่ได้ {self.hint(question)}"
        too_high = question.maximum is not None and value > question.maximum
        if value < question.minimum or too_high:
            return f"ตัวเลขนี้อยู่นอกช่วงที่ตอบได้ {self.hint(question)}"
        if question.integer and value != int(value):
            return f"ข้อนี้ตอบเป็นจำนวนเต็ม {self.hint(question)}"
        return None

    def normalize(self, question: NumberQuestion, raw: Any) -> AnswerValue:
        if isinstance(raw, str):
            text = raw.strip()
            if len(text) > MAX_NUMBER_CHARS or not re.fullmatch(r"[-+]?[\d.eE+-]+", text):
                raise AnswerError(question.id, "expected a number")
            try:
                raw = float(text)
            except ValueError:
                raise AnswerError(question.id, "expected a number") from None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise AnswerError(question.id, "expected a number")
        if isinstance(raw, int) and abs(raw) > 10**MAX_NUMBER_CHARS:
            raise AnswerError(question.id, "number too large")
        problem = self.check(question, float(raw))
        if problem is not None:
            raise AnswerError(question.id, problem)
        return float(raw)

    def choices(self, question: NumberQuestion, criteria_type: CriteriaType) -> tuple[Choice, ...]:
        return tuple(Choice(f"{p.value:g}", p.label, p.label) for p in question.presets)

    def read_typed(self, question: NumberQuestion, text: str, criteria_type: CriteriaType) -> Typed:
        typed = normalized(text)
        for preset in question.presets:
            if typed == preset.label.lower():
                return TypedAnswer(preset.value)
        if typed in _NONE_WORDS and self.check(question, 0.0) is None:
            return TypedAnswer(0.0)
        digits = sum(ch.isdigit() for ch in typed)
        if digits > MAX_NUMBER_CHARS:
            return TypedProblem(f"ตัวเลขยาวเกินไป {self.hint(question)}")
        if question.unit == "duration":
            amount = _duration_amount(typed)
        else:
            compact = typed.replace(" ", "")
            if question.unit_label:
                compact = compact.removesuffix(question.unit_label.replace(" ", ""))
            amount = _plain_amount(compact)
        if amount is not None:
            problem = self.check(question, amount)
            return TypedProblem(problem) if problem else TypedAnswer(amount)
        # Text with digits is an attempt at a number unless it is clearly a question
        # ("ISO 27001 คืออะไร"); text without digits may be a question to the Q&A.
        if looks_like_question(typed) or not digits:
            return None
        return TypedProblem(self.hint(question))

    def amount(self, question: NumberQuestion, value: float) -> str:
        """A value with its unit: "ร้อยละ 60", "3 ระบบ", "175 ชั่วโมง 18 นาที 59 วินาที"."""
        if question.unit == "duration":
            return duration_words(value)
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        if question.unit == "percent":
            return f"ร้อยละ {text}"
        return f"{text} {question.unit_label}" if question.unit_label else text

    def describe(self, question: NumberQuestion, value: AnswerValue) -> str:
        assert isinstance(value, int | float)
        for preset in question.presets:
            if preset.value == value:
                return preset.label
        return self.amount(question, float(value))

    def extreme(self, question: NumberQuestion, best: bool) -> AnswerValue:
        high = question.maximum if question.maximum is not None else 1_000_000.0
        return float(high if best else question.minimum)

    def sample(self, question: NumberQuestion, rng: random.Random) -> AnswerValue:
        if question.maximum is not None:
            high = question.maximum
        else:
            high = 1_000_000.0 if question.unit == "duration" else 20.0
        value = rng.uniform(question.minimum, high)
        return float(round(value)) if question.integer or question.unit == "duration" else value

    def current(self, question: NumberQuestion, value: AnswerValue) -> str:
        """Where the answer stands, as a phrase: "ตอนนี้ 1 ระบบ", "ตอนนี้ยังไม่ได้ประเมิน"."""
        amount = self.describe(question, value)
        return f"ตอนนี้ {amount}" if amount[:1].isdigit() else f"ตอนนี้{amount}"

    def unmet_values(
        self,
        question: NumberQuestion,
        condition: Condition,
        state: ConditionState,
        answers: Mapping[str, AnswerValue],
        criteria_type: CriteriaType,
    ) -> dict[str, str]:
        current = answers[question.id]
        assert isinstance(current, int | float)
        values = {"current": self.current(question, current)}
        if condition.increase_from is not None:
            base = answers[condition.increase_from]
            percent = condition.increase_at_least_percent
            assert isinstance(base, int | float) and percent
            target = math.ceil(base * (1 + percent / 100)) or 1
            return values | {
                "target": self.amount(question, target),
                "base": self.amount(question, float(base)),
                "percent": f"{percent:g}",
            }
        threshold = condition.at_least if condition.at_least is not None else condition.at_most
        assert threshold is not None
        return values | {"target": self.amount(question, float(threshold))}
