"""Glossary terms as the admins keep them: listing in Thai dictionary order, adding and
deleting (each a version, like edits; see ``storage.texts``).

Thai order: PostgreSQL sorts with ICU's Thai collation (``th-x-icu``); SQLite, and a
PostgreSQL built without ICU, sort in Python with ``thai_sort_key``, which gives the same
order (leading vowels เ แ โ ใ ไ after their consonant, tone marks only after the letters,
spaces and punctuation ignored at first, digits before Thai before Latin, lower case first).
PyICU is not used: it has no wheels on PyPI and needs the ICU headers and a compiler.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import collate, select, text
from sqlalchemy.orm import Session

from storage.models import GlossaryTerm, TextVersion
from storage.texts import GLOSSARY, add_version, glossary_content

ICU_THAI = "th-x-icu"
CREATED, DELETED = "create", "delete"

_TONES = frozenset("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_LEADING_VOWEL = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])")
_MAIYAMOK = "\u0e46"


def _primary(char: str) -> tuple[int, int] | None:
    """The letter's place; None for what ICU ignores at first (spaces, punctuation)."""
    code = ord(char)
    if char.isspace() or unicodedata.category(char)[0] in "PSZ":
        return None
    if char == _MAIYAMOK:
        return (0, code)
    if char.isdigit():
        return (1, int(char))
    if 0x0E00 <= code <= 0x0E7F:
        return (2, code)
    return (3, code)


def thai_sort_key(name: str) -> tuple[Any, ...]:
    """Sorts as ICU's Thai collation does (checked against PostgreSQL's in the tests)."""
    normal = unicodedata.normalize("NFC", name)
    folded = _LEADING_VOWEL.sub(r"\2\1", normal.casefold())
    letters = tuple(p for char in folded if char not in _TONES and (p := _primary(char)))
    tones = tuple(ord(char) for char in folded if char in _TONES)
    upper = tuple(char.isupper() for char in normal if char.isalpha())
    # ICU's Thai collation "shifts" spaces and punctuation: they count last, and lower.
    shifted = tuple((0, ord(c)) if _primary(c) is None else (1, 0) for c in folded)
    return (letters, tones, upper, shifted, normal)


def _has_icu_thai(session: Session) -> bool:
    if session.get_bind().dialect.name != "postgresql":
        return False
    found = session.execute(
        text("SELECT 1 FROM pg_collation WHERE collname = :name"), {"name": ICU_THAI}
    )
    return found.first() is not None


def terms_in_thai_order(session: Session) -> list[GlossaryTerm]:
    """Every term, by its Thai name in Thai dictionary order (the id breaks ties)."""
    query = select(GlossaryTerm)
    if _has_icu_thai(session):
        ordered = query.order_by(collate(GlossaryTerm.name_th, ICU_THAI), GlossaryTerm.term_id)
        return list(session.scalars(ordered))
    terms = list(session.scalars(query))
    return sorted(terms, key=lambda t: (thai_sort_key(t.name_th), t.term_id))


def term_by_id(session: Session, term_id: str) -> GlossaryTerm | None:
    return session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_id == term_id))


def new_term_id(session: Session, name_en: str) -> str:
    """A readable, unused id from the English name ("open-data-portal"), else "term-N"."""
    slug = re.sub(r"[^a-z0-9]+", "-", name_en.casefold()).strip("-")[:60] or "term"
    taken = set(session.scalars(select(GlossaryTerm.term_id)))
    taken |= set(
        session.scalars(select(TextVersion.target_key).where(TextVersion.target_kind == GLOSSARY))
    )
    candidate, number = slug, 1
    while candidate in taken or candidate == "term":
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def add_term(
    session: Session,
    *,
    category: str,
    name_th: str,
    name_en: str,
    definition: str,
    aliases: list[str],
    author: str,
) -> GlossaryTerm:
    """A term the admins add; its first version records who added it."""
    term = GlossaryTerm(
        term_id=new_term_id(session, name_en),
        category=category,
        name_th=name_th,
        name_en=name_en,
        definition=definition,
        aliases=aliases,
        related=[],
        # An added term has no shipped text: "reset" keeps what its author wrote.
        shipped_definition=definition,
        shipped_aliases=aliases,
        edited_by=author,
    )
    session.add(term)
    content = {**glossary_content(term), "name_th": name_th, "name_en": name_en}
    add_version(session, GLOSSARY, term.term_id, content, CREATED, author)
    return term


def delete_term(session: Session, term: GlossaryTerm, author: str) -> int:
    """Delete a term; its last content is kept as a "delete" version (the history stays and
    ``dgr load-knowledge`` does not bring a deleted shipped term back). The version number."""
    content = {**glossary_content(term), "name_th": term.name_th, "name_en": term.name_en}
    version = add_version(session, GLOSSARY, term.term_id, content, DELETED, author)
    session.delete(term)
    return version.version


def deleted_term_ids(session: Session) -> set[str]:
    """Terms whose latest version is a deletion."""
    latest: dict[str, str] = {}
    query = (
        select(TextVersion.target_key, TextVersion.action)
        .where(TextVersion.target_kind == GLOSSARY)
        .order_by(TextVersion.target_key, TextVersion.version)
    )
    for key, action in session.execute(query):
        latest[key] = action
    return {key for key, action in latest.items() if action == DELETED}


def names_in_use(session: Session, except_term_id: str | None = None) -> dict[str, str]:
    """Every live term's names and aliases, compared case- and space-blind, → the Thai name
    of the term that has it (but ``except_term_id``'s): a name two terms share would leave
    the bot unable to tell which one an official means."""
    taken: dict[str, str] = {}
    for term in session.scalars(select(GlossaryTerm).where(GlossaryTerm.term_id != except_term_id)):
        for name in (term.name_th, term.name_en, *term.aliases):
            if name:
                taken.setdefault(folded(name), term.name_th)
    return taken


def folded(name: str) -> str:
    return " ".join(name.split()).casefold()
