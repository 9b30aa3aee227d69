"""Rules for editable texts: LINE's limits, blank text, control characters, aliases."""

from __future__ import annotations

import re

from storage.glossary import folded

# LINE: a text message is at most 5,000 characters. A recommendation is shown in a Flex
# bubble with the result, so we keep it to 1,000; a glossary definition likewise.
LINE_TEXT_MESSAGE_MAX = 5000
RECOMMENDATION_MAX = 1000
DEFINITION_MAX = 1000
ALIAS_MAX = 100
ALIASES_MAX = 50

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def tidy_text(text: str | None) -> str:
    """Browsers send CRLF from a textarea; LINE would count both characters."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def line_length(text: str) -> int:
    """Length as LINE and the browser's counter count it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def text_problems(text: str, limit: int) -> list[str]:
    problems = []
    if not text.strip():
        problems.append("กรุณากรอกข้อความ (ข้อความว่างหรือมีแต่ช่องว่างไม่ได้)")
    length = line_length(text)
    if length > limit:
        problems.append(
            f"ข้อความยาว {length:,} ตัวอักษร เกินขีดจำกัด {limit:,} ตัวอักษร "
            f"กรุณาตัดให้สั้นลง {length - limit:,} ตัวอักษร"
        )
    if _CONTROL.search(text):
        problems.append("ข้อความมีอักขระควบคุมที่แสดงผลใน LINE ไม่ได้ กรุณาลบออก")
    return problems


def parse_aliases(raw: str | None) -> tuple[list[str], list[str]]:
    """One alias a line → (aliases without blanks and repeats, problems)."""
    aliases: list[str] = []
    seen: set[str] = set()
    problems: list[str] = []
    for line in tidy_text(raw).split("\n"):
        alias = " ".join(line.split())
        if not alias or alias.casefold() in seen:
            continue
        seen.add(alias.casefold())
        aliases.append(alias)
        if line_length(alias) > ALIAS_MAX:
            problems.append(f"คำเรียกอื่น “{alias[:30]}…” ยาวเกิน {ALIAS_MAX} ตัวอักษร")
        if _CONTROL.search(alias):
            problems.append("คำเรียกอื่นมีอักขระควบคุม กรุณาลบออก")
    if len(aliases) > ALIASES_MAX:
        problems.append(f"คำเรียกอื่นมีได้ไม่เกิน {ALIASES_MAX} คำ (ตอนนี้ {len(aliases)} คำ)")
    return aliases, problems


def clashes(names: list[str], taken: dict[str, str]) -> list[str]:
    """Problems for names or aliases that another glossary term has (``taken``, from
    ``storage.glossary.names_in_use``)."""
    return [
        f"“{name}” เป็นชื่อหรือคำเรียกอื่นของคำ “{taken[key]}” อยู่แล้ว "
        "แชทบอทจะแยกไม่ได้ว่าหมายถึงคำใด กรุณาใช้คำอื่น หรือแก้ไขที่คำนั้นแทน"
        for name in names
        if (key := folded(name)) in taken
    ]
