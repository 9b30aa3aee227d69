"""What the bot says, as plain data: a headline, a body of at most ``LIMIT`` characters, the
rest after "อ่านต่อ", suggested entries ("หรือหมายถึง …") and actions. The bot's adapter turns a
``Reply`` into LINE messages; nothing here knows LINE.

Headline first (the Thai name, then the English name once), then what was asked (the level's
criteria, where it sits, what the abbreviation stands for), a short definition in our words,
where it sits in the framework, and for issues "ประเมินข้อนี้" and "ดูเกณฑ์แต่ละระดับ".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.qa.criteria import TYPE_NAMES, all_levels, level_criteria, per_type
from knowledge.qa.entries import Entry
from knowledge.qa.index import QAIndex
from knowledge.qa.names import expansion, names_of
from knowledge.qa.outcomes import Answer, Choose, Context, Outcome, SmallTalk
from scoring.model import CriteriaType

LIMIT = 1000  # characters before "อ่านต่อ"
CHOOSE = "หมายถึงข้อใดครับ"
OUT_OF_SCOPE = (
    "ขออภัยครับ เรื่องนี้ไม่อยู่ในกรอบการประเมินความพร้อมรัฐบาลดิจิทัล จึงตอบให้ไม่ได้\n"
    "ถามได้เรื่องความหมายของตัวชี้วัด ประเด็น และคำศัพท์ในแบบประเมิน เกณฑ์ของแต่ละระดับ "
    'คำย่อ และชื่อระดับ เช่น "Data Governance คืออะไร" "GDX ย่อมาจากอะไร" '
    '"Data Governance ระดับ 4 ต้องทำอะไร" หรือเลือกตัวชี้วัดด้านล่าง'
)
SMALL_TALK = {
    "greeting": "สวัสดีครับ ผู้ช่วยประเมินความพร้อมรัฐบาลดิจิทัลยินดีให้บริการ "
    "เลือกเมนูด้านล่าง หรือพิมพ์ถามความหมายของตัวชี้วัดได้เลยครับ",
    "thanks": "ยินดีครับ หากมีข้อสงสัยเพิ่มเติม พิมพ์ถามได้ทุกเมื่อครับ",
    "acknowledgement": "รับทราบครับ เลือกเมนูด้านล่างเพื่อดำเนินการต่อ "
    "หรือพิมพ์ชื่อตัวชี้วัดหรือคำศัพท์ที่อยากทราบความหมายได้เลยครับ",
    "confused": 'ไม่เป็นไรครับ กด "เริ่มประเมิน" เพื่อเริ่มทำแบบประเมิน หรือ "ประเมินต่อ" เพื่อทำต่อจากข้อที่ค้างไว้ '
    'ระหว่างตอบพิมพ์ถามความหมายของข้อนั้นได้ และกด "ช่วยเหลือ" เพื่อดูคำสั่งทั้งหมดครับ',
}

ReplyKind = Literal["answer", "choose", "out_of_scope", "small_talk"]
ActionKind = Literal["assess", "levels", "more"]


@dataclass(frozen=True)
class Action:
    """A button: "assess" starts the pillar (at the issue), "levels" shows every level's
    criteria of the issue, "more" shows the whole entry."""

    kind: ActionKind
    label: str
    target: str  # pillar id (assess), issue id (levels), entry id (more)
    issue_id: str | None = None


@dataclass(frozen=True)
class Suggestion:
    entry_id: str
    label: str


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    headline: str
    body: str
    more: str | None = None  # the text after "อ่านต่อ", when the body was cut
    suggestions: tuple[Suggestion, ...] = ()
    actions: tuple[Action, ...] = ()

    @property
    def text(self) -> str:
        return f"{self.headline}\n{self.body}".strip() if self.headline else self.body


def compose(outcome: Outcome, index: QAIndex, context: Context | None = None) -> Reply:
    context = context or Context()
    if isinstance(outcome, Answer):
        return answer_reply(outcome, context)
    if isinstance(outcome, Choose):
        return choose_reply(outcome.candidates)
    if isinstance(outcome, SmallTalk):
        return Reply("small_talk", "", SMALL_TALK[outcome.kind])
    return out_of_scope_reply(index)


def answer_reply(answer: Answer, context: Context) -> Reply:
    entry = answer.entry
    criteria_type = answer.criteria_type or context.criteria_type
    first = _asked_part(answer, criteria_type)
    parts = [*first, entry.definition]
    if entry.location and answer.intent != "location":
        parts.append(f"อยู่ใน: {entry.location}")
    if entry.note:
        parts.append(entry.note)
    if entry.issue is not None and answer.intent not in ("level",):
        parts.append("เกณฑ์โดยย่อ:\n" + "\n".join(f"• {line}" for line in entry.levels))
    if answer.also:
        parts.append("หรือหมายถึง: " + " · ".join(names_of(e).thai for e in answer.also))
    return _reply(entry, parts, answer.also)


def entry_reply(entry: Entry, context: Context | None = None) -> Reply:
    """An entry's definition (the "def" button)."""
    return answer_reply(Answer(entry), context or Context())


def levels_reply(entry: Entry, context: Context | None = None) -> Reply:
    """Every level's criteria of an issue, for the official's criteria type (the "lv" button)."""
    context = context or Context()
    if entry.issue is None:
        return entry_reply(entry, context)
    lines = all_levels(entry.issue, context.criteria_type)
    head = _type_note(entry, context.criteria_type)
    return _reply(entry, [*([head] if head else []), *lines], ())


def more_reply(entry: Entry, context: Context | None = None) -> list[Reply]:
    """The whole entry, in parts of at most LIMIT characters (the "อ่านต่อ" button)."""
    context = context or Context()
    parts = [entry.definition]
    if entry.location:
        parts.append(f"อยู่ใน: {entry.location}")
    if entry.note:
        parts.append(entry.note)
    if entry.issue is not None:
        parts += all_levels(entry.issue, context.criteria_type)
    elif entry.levels:
        parts.append("\n".join(entry.levels))
    text = "\n\n".join(parts)
    pieces = _pieces(text)
    headline = names_of(entry).headline
    return [
        Reply("answer", headline if n == 0 else "", piece, actions=_actions(entry, False))
        for n, piece in enumerate(pieces)
    ]


def choose_reply(candidates: tuple[Entry, ...]) -> Reply:
    suggestions = tuple(Suggestion(e.id, _short_label(e)) for e in candidates)
    if len(candidates) == 1:
        return Reply(
            "choose", "", f'หมายถึง "{names_of(candidates[0]).headline}" ใช่ไหมครับ', None, suggestions
        )
    listed = "\n".join(f"• {names_of(e).headline}" for e in candidates)
    return Reply("choose", "", f"{CHOOSE}\n{listed}", None, suggestions)


def out_of_scope_reply(index: QAIndex) -> Reply:
    pillars = tuple(Suggestion(e.id, _short_label(e)) for e in index.entries if e.kind == "pillar")
    return Reply("out_of_scope", "", OUT_OF_SCOPE, None, pillars)


def _asked_part(answer: Answer, criteria_type: CriteriaType | None) -> list[str]:
    entry = answer.entry
    if answer.intent == "abbreviation":
        expanded = expansion(entry, answer.asked)
        return [expanded] if expanded else []
    if answer.intent == "location" and entry.location:
        return [f"อยู่ใน: {entry.location}"]
    if answer.intent == "level" and entry.issue is not None:
        if answer.level is None:
            lines = all_levels(entry.issue, criteria_type)
            return [_type_note(entry, criteria_type) or "เกณฑ์แต่ละระดับ:", *lines]
        lines = level_criteria(entry.issue, answer.level, criteria_type)
        typed = (
            f" สำหรับ{TYPE_NAMES[criteria_type]}" if criteria_type and per_type(entry.issue) else ""
        )
        return [f"เกณฑ์ระดับ {answer.level}{typed}:\n" + "\n".join(f"• {line}" for line in lines)]
    return []


def _type_note(entry: Entry, criteria_type: CriteriaType | None) -> str | None:
    if entry.issue is None or not per_type(entry.issue):
        return None
    if criteria_type is None:
        return "เกณฑ์ของประเด็นนี้ต่างกันตามประเภทหน่วยงาน (ให้บริการเป็นหลัก 12 แนวทาง / ด้านนโยบาย 9 แนวทาง)"
    return f"เกณฑ์สำหรับ{TYPE_NAMES[criteria_type]}:"


def _reply(entry: Entry, parts: list[str], also: tuple[Entry, ...]) -> Reply:
    headline = names_of(entry).headline
    body = "\n\n".join(part for part in parts if part)
    room = LIMIT - len(headline) - 1
    more = None
    if len(body) > room:
        cut = body.rfind("\n", 0, room - 12)
        cut = cut if cut > room // 2 else body.rfind(" ", 0, room - 12)
        body, more = body[:cut].rstrip() + "\n…", body[cut:].strip()
    suggestions = tuple(Suggestion(e.id, _short_label(e)) for e in also)
    return Reply("answer", headline, body, more, suggestions, _actions(entry, more is not None))


def _actions(entry: Entry, cut: bool) -> tuple[Action, ...]:
    actions: list[Action] = []
    if entry.kind == "issue" and entry.pillar_id:
        actions.append(Action("assess", "ประเมินข้อนี้", entry.pillar_id, entry.id))
        actions.append(Action("levels", "ดูเกณฑ์แต่ละระดับ", entry.id))
    elif entry.kind in ("pillar", "sub_pillar", "pillar_2566") and entry.pillar_id:
        actions.append(Action("assess", "ประเมินตัวชี้วัดนี้", entry.pillar_id))
    if cut:
        actions.append(Action("more", "อ่านต่อ", entry.id))
    return tuple(actions)


def _short_label(entry: Entry) -> str:
    """A button's caption: the one written to fit ("1 นโยบาย/หลักปฏิบัติ"), else the short
    name ("GDX") or the Thai name (shortened at a word boundary by the button)."""
    names = names_of(entry)
    return entry.button or names.short or names.thai


def _pieces(text: str) -> list[str]:
    pieces, current = [], ""
    for paragraph in text.split("\n\n"):
        if current and len(current) + len(paragraph) + 2 > LIMIT:
            pieces.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
    return [*pieces, current] if current else pieces
