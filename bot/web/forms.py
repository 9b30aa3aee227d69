"""Each question as a web form field, with the same input types and checks as the chat:
checklists as checkboxes, choices as radio buttons, numbers with their units and ranges
(typed the way the chat reads them: Thai digits, "%", H:MM:SS), and "ไม่แน่ใจ"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.model import CriteriaType, NumberQuestion, Question
from scoring.questions import (
    UNSURE,
    UNSURE_LABEL,
    AnswerError,
    AnswerValue,
    TypedAnswer,
    TypedProblem,
    kind_of,
    normalize_answer,
    read_typed_answer,
)

NUMBER = "number"  # the radio button beside a number box: "the number I typed"
UNANSWERED = "ยังไม่ได้ตอบ"
SKIPPED = "ข้ามไว้"


class FormProblem(ValueError):
    """A submitted answer that does not fit its question; the message is Thai."""


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    checked: bool


@dataclass(frozen=True)
class Field:
    """What a template needs to draw one question's inputs."""

    question_id: str
    # "checkbox" (checklist), "radio" (yes/no, single choice) or "number".
    control: str
    options: tuple[Option, ...]
    allow_unsure: bool
    unsure: bool
    number: str = ""  # the current number as typed ("87:39:29" for a duration)
    number_chosen: bool = False  # the answer is a typed number (not a preset)
    unit: str = ""  # shown after the box: "%", "ระบบ", "ชั่วโมง:นาที:วินาที"
    minimum: str = ""
    maximum: str = ""
    step: str = "any"
    hint: str = ""
    duration: bool = False


def duration_text(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _number_text(question: NumberQuestion, value: AnswerValue | None) -> str:
    if not isinstance(value, int | float) or any(p.value == value for p in question.presets):
        return ""
    if question.unit == "duration":
        return duration_text(float(value))
    return f"{value:g}"


def _number_field(question: NumberQuestion, value: AnswerValue | None) -> Field:
    presets = tuple(
        Option(f"{p.value:g}", p.label, isinstance(value, int | float) and p.value == value)
        for p in question.presets
    )
    duration = question.unit == "duration"
    unit = {"percent": "%", "duration": "ชั่วโมง:นาที:วินาที"}.get(question.unit, "")
    return Field(
        question.id,
        "number",
        presets,
        question.allow_unsure,
        value == UNSURE,
        number=_number_text(question, value),
        number_chosen=bool(_number_text(question, value)),
        unit=unit or (question.unit_label or ""),
        minimum=f"{question.minimum:g}",
        maximum="" if question.maximum is None else f"{question.maximum:g}",
        step="1" if question.integer else "any",
        hint=kind_of(question).hint(question) or "",
        duration=duration,
    )


def field_of(question: Question, value: AnswerValue | None, criteria_type: CriteriaType) -> Field:
    """The inputs of ``question`` showing ``value`` (None: not answered or skipped)."""
    if isinstance(question, NumberQuestion):
        return _number_field(question, value)
    kind = kind_of(question)
    chosen = set(value) if isinstance(value, tuple) else {value}
    options = tuple(
        Option(c.value, c.text, c.value in chosen) for c in kind.choices(question, criteria_type)
    )
    control = "checkbox" if kind.multiple else "radio"
    return Field(question.id, control, options, question.allow_unsure, value == UNSURE)


def _number_answer(question: NumberQuestion, typed: str, criteria_type: CriteriaType) -> float:
    reading = read_typed_answer(question, typed, criteria_type)
    if isinstance(reading, TypedAnswer) and isinstance(reading.value, float):
        return reading.value
    if isinstance(reading, TypedProblem):
        raise FormProblem(reading.message)
    raise FormProblem(kind_of(question).hint(question) or "กรุณาพิมพ์ตัวเลข")


def answer_from_form(
    question: Question, form: Mapping[str, list[str]], criteria_type: CriteriaType
) -> AnswerValue:
    """The answer a submitted form gives (``form``: field name → every value sent):
    "ไม่แน่ใจ", else the option chosen (for a number: a preset, or ``NUMBER`` and the typed
    number), else the boxes ticked."""
    values = form.get("value", [])
    if UNSURE in values or form.get("unsure"):
        if not question.allow_unsure:
            raise FormProblem("ข้อนี้ไม่มีตัวเลือกไม่แน่ใจ")
        return UNSURE
    raw: object
    if isinstance(question, NumberQuestion):
        if values and values[0] != NUMBER:
            raw = values[0]  # a preset ("ยังไม่ได้ประเมิน")
        else:
            typed = (form.get("number") or [""])[0].strip()
            if not typed:
                raise FormProblem(kind_of(question).hint(question) or "กรุณาพิมพ์ตัวเลข")
            return _number_answer(question, typed, criteria_type)
    elif kind_of(question).multiple:
        raw = list(values)
    elif len(values) == 1:
        raw = values[0]
    else:
        raise FormProblem("กรุณาเลือกคำตอบก่อนกดบันทึก")
    try:
        return normalize_answer(question, raw)
    except AnswerError as error:
        hint = kind_of(question).hint(question)
        raise FormProblem(hint or "คำตอบนี้ใช้ไม่ได้ กรุณาเลือกจากตัวเลือกที่มี") from error


def answer_words(question: Question, value: AnswerValue | None, skipped: bool) -> list[str]:
    """The answer in words, one line per ticked item."""
    if value is None:
        return [SKIPPED if skipped else UNANSWERED]
    if value == UNSURE:
        return [UNSURE_LABEL]
    return kind_of(question).labels(question, value)
