"""How an entry is named in a reply: the Thai name, then the English name once.

"ศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ (GDX)" with "Government Data Exchange (GDX)" is shown as
"ศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ (GDX – Government Data Exchange)", never with doubled brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.qa.entries import Entry
from knowledge.qa.text import has_thai

_BRACKETED = re.compile(r"^(.*?)\s+\(([^()]+)\)\s*$")  # not "มาตรา 37(1)"
_INNER = re.compile(r"\s+\(([^()]*)\)")  # "(or equivalent)", not "37(1)"
_YEARS = re.compile(r"^[\d\s–\-]+$")
# "GDX", "GIN Conference", "ISO/IEC 27001", "สพร.": a short name, not a spelled-out one.
_ACRONYM = re.compile(
    r"^(?:[A-Z][A-Za-z0-9/&.\-]*[A-Z0-9][A-Za-z0-9/&.\-]*|[ก-ฮ]{2,6}\.)(?:\s\w+)?$"
)


@dataclass(frozen=True)
class Names:
    thai: str  # the Thai name without an English part in brackets
    english: str  # the spelled-out English name ("" when the Thai name is all there is)
    short: str  # the abbreviation ("GDX", "สพร."), or ""

    @property
    def headline(self) -> str:
        short = self.short if self.short not in self.english else ""
        extra = " – ".join(part for part in (short, self.english) if part and part not in self.thai)
        return f"{self.thai} ({extra})" if extra else self.thai


def names_of(entry: Entry) -> Names:
    thai, thai_tail = _split(entry.name_th)
    english, english_tail = _split(entry.name_en)
    short = ""
    for part in (thai_tail, english_tail, english):
        if part and _ACRONYM.match(part) and len(part) <= 16 and not part.startswith("B.E."):
            short = part
            break
    if thai_tail and has_thai(thai_tail) and thai_tail != short:
        thai = f"{thai} ({thai_tail})"  # "(องค์การมหาชน)", "(บัตรประชาชน และสำเนาทะเบียนบ้าน)"
    if english == short:
        english = english_tail if english_tail and not _YEARS.match(english_tail) else ""
    if not has_thai(thai):
        thai, english = entry.name_th, ""
    if english.lower() in thai.lower():
        english = ""
    english = _INNER.sub(r" \1", english)  # shown in brackets itself: no brackets inside
    return Names(thai=thai, english=english, short=short if short not in thai else "")


def expansion(entry: Entry, asked: str = "") -> str | None:
    """What an abbreviation stands for: "GDX ย่อมาจาก Government Data Exchange
    (ศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ)"; ``asked`` is the abbreviation the question named."""
    names = names_of(entry)
    short = _asked_form(entry, asked) or names.short
    if not short:
        return None
    thai = names.thai if _key(names.thai) != _key(short) else _longest_thai_alias(entry)
    english = [names.english, *(a for a in entry.aliases if not has_thai(a)), entry.name_en]
    spelled = next(
        (name for name in english if name and _key(name) != _key(short) and _spells(short, name)),
        None,
    )
    if spelled:
        return f"{short} ย่อมาจาก {spelled}" + (
            f" ({thai})" if thai and _key(thai) != _key(short) else ""
        )
    if has_thai(short) and thai and _key(thai) != _key(short):
        extra = f" ({names.english})" if names.english else ""
        return f"{short} ย่อมาจาก {thai}{extra}"
    return None


def _key(text: str) -> str:
    return re.sub(r"[\s.\-]", "", text).casefold()


def _asked_form(entry: Entry, asked: str) -> str:
    """The entry's own spelling of the abbreviation the question named."""
    wanted = _key(asked)
    if not wanted:
        return ""
    forms = [*entry.aliases, *_split(entry.name_th), *_split(entry.name_en)]
    return next((form for form in forms if form and _key(form) == wanted), "")


def _spells(short: str, name: str) -> bool:
    """ "GDX" is spelled by "Government Data eXchange": the letters in order, the first one
    starting the name and each next one starting a later word or inside the current or the
    next word ("DGA": Digital Government Development Agency)."""
    letters = "".join(c for c in short.casefold() if c.isalnum())
    words = [w.casefold() for w in re.findall(r"[A-Za-z0-9]+", name)]
    if len(letters) < 2 or not words or not words[0].startswith(letters[0]):
        return False
    return _spell_from(letters[1:], words, 0, 1)


def _spell_from(letters: str, words: list[str], word: int, offset: int) -> bool:
    if not letters:
        return True
    letter, rest = letters[0], letters[1:]
    for later in range(word + 1, len(words)):
        if words[later].startswith(letter) and _spell_from(rest, words, later, 1):
            return True
    inside = words[word].find(letter, offset)
    if inside >= 0 and _spell_from(rest, words, word, inside + 1):
        return True
    if word + 1 < len(words):
        inside = words[word + 1].find(letter, 1)
        return inside >= 0 and _spell_from(rest, words, word + 1, inside + 1)
    return False


def _split(name: str) -> tuple[str, str]:
    match = _BRACKETED.match(name.strip())
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return name.strip(), ""


def _longest_thai_alias(entry: Entry) -> str:
    thai = [a for a in entry.aliases if has_thai(a) and not a.endswith(".")]
    return max(thai, key=len, default="")
