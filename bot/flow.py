"""The questionnaire as a sequence: order, progress, and reading typed answers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pythainlp.util import thai_digit_to_arabic_digit

from knowledge.search_text import INVISIBLE
from scoring.model import (
    Framework,
    Issue,
    NumberQuestion,
    Pillar,
    Question,
    SingleChoiceQuestion,
    YesNoQuestion,
)


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


def steps_for(framework: Framework, scope: Sequence[str] | None) -> list[Step]:
    return list(_steps(framework, tuple(scope) if scope else None))


_STEPS: dict[tuple[int, tuple[str, ...] | None], tuple[Framework, tuple[Step, ...]]] = {}


def _steps(framework: Framework, scope: tuple[str, ...] | None) -> tuple[Step, ...]:
    """The sequence for a scope, built once per framework (it never changes at run time)."""
    cached = _STEPS.get((id(framework), scope))
    if cached is not None and cached[0] is framework:
        return cached[1]
    steps = tuple(_build_steps(framework, scope))
    _STEPS[(id(framework), scope)] = (framework, steps)
    return steps


def _build_steps(framework: Framework, scope: Sequence[str] | None) -> list[Step]:
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
    return steps


def step_of(steps: Sequence[Step], question_id: str) -> Step | None:
    return next((step for step in steps if step.question.id == question_id), None)


def first_open_step(steps: Sequence[Step], answered: Mapping[str, object]) -> Step | None:
    """The first question with neither an answer nor a skip."""
    return next((step for step in steps if step.question.id not in answered), None)


def progress_line(step: Step) -> str:
    part = f" ({step.question_number}/{step.question_count})" if step.question_count > 1 else ""
    return (
        f"ข้อ {step.issue_number}/{step.issue_count}{part} · "
        f"ตัวชี้วัดที่ {step.pillar.number} {step.pillar.name_th}"
    )


# --- typed answers -------------------------------------------------------------

_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_DURATION_HMS = re.compile(r"^(\d+):([0-5]?\d)(?::([0-5]?\d))?$")
_DURATION_WORDS = re.compile(
    r"^(?:(\d+(?:\.\d+)?)\s*(?:ชั่วโมง|ชม\.?|hours?|hrs?|h))?\s*"
    r"(?:(\d+)\s*(?:นาที|min(?:utes?)?|m))?\s*(?:(\d+)\s*(?:วินาที|sec(?:onds?)?|s))?$"
)


class InputError(ValueError):
    """A typed answer that does not fit; the message is the Thai re-ask."""


_PARTICLES = re.compile(r"\s*(ครับผม|ครับ|คับ|ค่ะ|คะ|ค่า|จ้ะ|จ้า|นะ|ฮะ)+\s*$")


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", thai_digit_to_arabic_digit(text))
    return INVISIBLE.sub("", text).strip()


def without_particles(text: str) -> str:
    """ "มีครับ" → "มี", "85 ค่ะ" → "85"; a bare "ครับ" stays "ครับ" (it is not an answer)."""
    stripped = _PARTICLES.sub("", text)
    return stripped or text


def range_hint(question: NumberQuestion) -> str:
    if question.unit == "duration":
        return "กรุณาพิมพ์จำนวนชั่วโมง เช่น 12 หรือ 12.5 หรือแบบ ชั่วโมง:นาที:วินาที เช่น 87:39:29"
    low = f"{question.minimum:g}"
    kind = "จำนวนเต็ม" if question.integer else "ตัวเลข"
    if question.maximum is not None:
        return f"กรุณาพิมพ์{kind} {low}–{question.maximum:g}"
    return f"กรุณาพิมพ์{kind}ตั้งแต่ {low} ขึ้นไป"


def parse_duration_seconds(text: str) -> float:
    """Hours ("12", "12.5"), H:MM[:SS], or words ("3 ชั่วโมง 20 นาที") → seconds."""
    compact = text.replace(" ", "").lower()
    if _NUMBER.fullmatch(compact):
        return float(compact) * 3600
    hms = _DURATION_HMS.match(compact)
    if hms:
        hours, minutes, seconds = (int(part or 0) for part in hms.groups())
        return float(hours * 3600 + minutes * 60 + seconds)
    words = _DURATION_WORDS.match(text.strip().lower())
    if words and any(words.groups()):
        hours, minutes, seconds = words.groups()
        return float(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    raise ValueError(text)


def parse_number(question: NumberQuestion, text: str) -> float:
    """A typed number in the question's unit and range, or InputError with a Thai re-ask."""
    cleaned = without_particles(clean(text)).replace(",", "")
    try:
        if question.unit == "duration":
            value = parse_duration_seconds(cleaned)
        else:
            cleaned = re.sub(r"^(ร้อยละ|ประมาณ|ราว)\s*", "", cleaned)
            cleaned = re.sub(r"\s*(%|เปอร์เซ็นต์|ชุด|โครงการ|ระบบ|ด้าน|ข้อ)$", "", cleaned)
            match = _NUMBER.fullmatch(cleaned.strip())
            if not match:
                raise ValueError(text)
            value = float(match.group())
    except ValueError:
        raise InputError(range_hint(question)) from None
    if value < question.minimum or (question.maximum is not None and value > question.maximum):
        raise InputError(range_hint(question))
    if question.integer and value != int(value):
        raise InputError(range_hint(question))
    return value


# Compared after the polite particle is removed ("มีครับ" → "มี"); a bare "ครับ" is not a yes.
YES_WORDS = {"ใช่", "มี", "yes", "y", "ทำแล้ว", "มีแล้ว", "ใช่แล้ว"}
NO_WORDS = {"ไม่ใช่", "ไม่มี", "no", "n", "ยังไม่ได้ทำ", "ยังไม่มี", "ไม่", "ยัง", "ยังไม่ได้"}
PARTIAL_WORDS = {"กำลังดำเนินการ", "กำลังทำ", "บางส่วน"}
UNSURE_WORDS = {"ไม่แน่ใจ", "ไม่ทราบ", "ไม่รู้", "unsure"}


def match_typed_choice(question: Question, text: str) -> str | None:
    """A typed word that means one of the offered answers (label, option text or number)."""
    typed = without_particles(clean(text)).lower()
    if typed in UNSURE_WORDS and question.allow_unsure:
        return "unsure"
    if isinstance(question, YesNoQuestion):
        if typed in YES_WORDS:
            return "yes"
        if typed in NO_WORDS:
            return "no"
        if typed in PARTIAL_WORDS and question.allow_partial:
            return "partial"
        return None
    if isinstance(question, SingleChoiceQuestion):
        numbered = re.fullmatch(r"(?:ข้อ\s*)?(\d{1,2})\)?", typed)
        if numbered and 1 <= int(numbered.group(1)) <= len(question.options):
            return question.options[int(numbered.group(1)) - 1].id
        for option in question.options:
            if typed in {(option.label or "").lower(), option.text.lower()}:
                return option.id
    return None
