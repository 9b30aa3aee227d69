"""How versions of editable texts are shown: the history with readable word diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from storage.models import TextVersion
from storage.texts import TextKind, versions

ACTION_LABELS = {
    "shipped": "ข้อความตั้งต้น",
    "shipped-update": "ปรับตามข้อความตั้งต้นรุ่นใหม่",
    "edit": "แก้ไข",
    "restore": "กู้คืนฉบับเก่า",
    "reset": "คืนค่าข้อความตั้งต้น",
    "create": "เพิ่มคำ",
    "delete": "ลบคำ",
    "import": "นำเข้าจากไฟล์ Excel",
}


def _tokens(text: str) -> list[str]:
    # Thai has no spaces between words: diff by words, not by letters or whole lines.
    from pythainlp.tokenize import word_tokenize

    tokens: list[str] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            tokens.append("\n")
        tokens.extend(word_tokenize(line, engine="newmm", keep_whitespace=True))
    return tokens


def word_diff(old: str, new: str) -> Markup:
    """Escaped HTML: removed words in <del>, added words in <ins>."""
    before, after = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(before[a1:a2]), "".join(after[b1:b2])
        if op == "equal":
            parts.append(str(escape(removed)))
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class HistoryEntry:
    version: TextVersion
    action_label: str
    # Differences from the version before (None for the first version).
    diffs: dict[str, Markup] | None
    is_current: bool


def history(
    session: Session, kind: TextKind, key: str, fields: tuple[str, ...], current: dict[str, Any]
) -> list[HistoryEntry]:
    """Every version, newest first, each with its diff from the one before."""
    rows = versions(session, kind, key)
    entries = []
    previous: TextVersion | None = None
    for row in rows:
        diffs = None
        if previous is not None:
            diffs = {
                name: word_diff(as_text(previous.content.get(name)), as_text(row.content.get(name)))
                for name in fields
            }
        entries.append(
            HistoryEntry(
                version=row,
                action_label=ACTION_LABELS.get(row.action, row.action),
                diffs=diffs,
                is_current=False,
            )
        )
        previous = row
    # The newest version that matches the live text is marked current.
    for index in range(len(entries) - 1, -1, -1):
        content = entries[index].version.content
        if all(content.get(name) == current.get(name) for name in fields):
            entries[index] = HistoryEntry(
                entries[index].version, entries[index].action_label, entries[index].diffs, True
            )
            break
    return list(reversed(entries))


def as_text(value: Any) -> str:
    """A version field as text: lists (aliases) one item a line."""
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return "" if value is None else str(value)
