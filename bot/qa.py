"""Free-text questions: "ข้อนี้หมายถึงอะไร" explains the current issue; everything else goes to
the knowledge search (knowledge.search), whose index follows the admins' glossary edits."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import texts
from bot.chat.postbacks import AssessPillar, Define, encode
from bot.messages import Message, QuickItem, label, plain, say, tap, text
from knowledge.catalog import Knowledge
from knowledge.labels import bilingual_name
from knowledge.search import Answer, Choose, NoMatch, SearchEntry, SearchIndex, SmallTalk
from knowledge.search import entries_from_knowledge as search_entries
from scoring.model import Issue
from scoring.questions import clean
from storage.texts import glossary_revision, glossary_texts

THIS_QUESTION = re.compile(r"^(ข้อนี้|คำถามนี้|ประเด็นนี้|อันนี้|ตรงนี้)")
SMALL_TALK = {
    "greeting": "สวัสดีครับ ผู้ช่วยประเมินความพร้อมรัฐบาลดิจิทัลยินดีให้บริการ "
    "เลือกเมนูด้านล่าง หรือพิมพ์ถามความหมายของตัวชี้วัดได้เลยครับ",
    "thanks": "ยินดีครับ หากมีข้อสงสัยเพิ่มเติม พิมพ์ถามได้ทุกเมื่อครับ",
}
NO_MATCH = (
    "ขออภัย ไม่พบคำนี้ในกรอบการประเมินหรืออภิธานศัพท์ ลองพิมพ์ชื่อตัวชี้วัด ประเด็น "
    'หรือคำศัพท์อีกครั้ง เช่น "Data Governance" หรือ "GDX" หรือเลือกตัวชี้วัดด้านล่าง'
)
CHOOSE = "หมายถึงข้อใดครับ"
CHOOSE_PREFIXES = (CHOOSE, 'หมายถึง "')


@dataclass
class _IndexCache:
    revision: tuple[int, tuple[int, str]] | None = None
    index: SearchIndex | None = None


_cache = _IndexCache()
_lock = threading.Lock()


def search_index(session: Session, knowledge: Knowledge) -> SearchIndex:
    """The index for the current glossary texts: built once per process, rebuilt when an
    admin's edit changes the glossary (every worker notices on its next question)."""
    revision = (knowledge.year, glossary_revision(session))
    with _lock:
        if _cache.index is None or _cache.revision != revision:
            rows = glossary_texts(session)
            _cache.index = SearchIndex.build(search_entries(knowledge, rows or None))
            _cache.revision = revision
        return _cache.index


def entry_by_id(index: SearchIndex, entry_id: str) -> SearchEntry | None:
    return next((e for e in index.entries if e.id == entry_id), None)


def title(entry: SearchEntry) -> str:
    return bilingual_name(entry.name_th, entry.name_en)


def _level_line(line: str, level: int) -> bool:
    prefix = "ระดับ 1–3" if level <= 3 else f"ระดับ {level}"
    return line.startswith(prefix)


def definition_messages(entry: SearchEntry, level: int | None = None) -> list[Message]:
    lines = [title(entry), entry.definition]
    if entry.location:
        lines.append(f"อยู่ใน: {entry.location}")
    if entry.note:
        lines.append(entry.note)
    if entry.levels:
        asked = [line for line in entry.levels if level and _level_line(line, level)]
        lines.append("เกณฑ์ที่ถาม:" if asked else "แต่ละระดับ:")
        lines.extend(f"• {line}" for line in (asked or entry.levels))
    items: list[QuickItem] = []
    if entry.pillar_id:
        items.append(
            tap(
                "ประเมินตัวชี้วัดนี้",
                encode(AssessPillar(entry.pillar_id)),
                shown="ประเมินตัวชี้วัดนี้",
            )
        )
    items += [say(texts.START), say(texts.RESUME), say(texts.HELP)]
    return plain("\n".join(lines), items)


def _entry_button(entry: SearchEntry) -> QuickItem:
    return tap(label(entry.name_th), encode(Define(entry.id)), shown=entry.name_th)


def _pillar_buttons(index: SearchIndex) -> list[QuickItem]:
    pillars = [e for e in index.entries if e.kind == "pillar"]
    return [_entry_button(e) for e in pillars] + [say(texts.HELP)]


def explain_issue(index: SearchIndex, issue: Issue) -> list[Message]:
    entry = entry_by_id(index, issue.id)
    return definition_messages(entry) if entry else []


def answer(
    index: SearchIndex, typed: str, current_issue: Issue | None = None
) -> list[Message] | None:
    """Messages that answer a free-text question, or None when nothing credible is found
    while a question is being asked (the caller then re-asks it)."""
    if current_issue is not None and THIS_QUESTION.match(clean(typed)):
        return explain_issue(index, current_issue)
    outcome = index.ask(typed)
    if isinstance(outcome, Answer):
        return definition_messages(outcome.entry, outcome.level)
    if isinstance(outcome, Choose):
        buttons = [_entry_button(entry) for entry in outcome.candidates]
        if len(outcome.candidates) == 1:
            question = f'หมายถึง "{title(outcome.candidates[0])}" ใช่ไหมครับ'
        else:
            names = "\n".join(f"• {title(e)}" for e in outcome.candidates)
            question = f"{CHOOSE}\n{names}"
        return [text(question, [*buttons, say(texts.HELP)])]
    if isinstance(outcome, SmallTalk):
        return plain(SMALL_TALK.get(outcome.kind, SMALL_TALK["greeting"]))
    assert isinstance(outcome, NoMatch)
    if current_issue is not None:
        return None
    return [text(NO_MATCH, _pillar_buttons(index))]


def show_entry(index: SearchIndex, entry_id: str) -> list[Message]:
    entry = entry_by_id(index, entry_id)
    if entry is None:
        return plain(NO_MATCH)
    return definition_messages(entry)
