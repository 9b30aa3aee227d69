"""Glossary terms as Q&A entries (see ``entries``).

The glossary the index uses is the shipped one, or the admins' current one when its rows are
passed in (``GlossaryRow``: edited definitions and aliases, terms added, terms deleted).

A term that names the same thing as a framework entry it relates to ("ธรรมาภิบาลข้อมูลภาครัฐ
(Data Governance)" and issue P1.DaP.1) is folded into that entry, so one question has one
answer; the entry then answers with the term's plain definition and knows its aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from knowledge.qa.entries import Entry, Field, pillar_label
from knowledge.schema import GlossaryEntry
from scoring.model import Framework, Named


@dataclass(frozen=True)
class GlossaryRow:
    """A glossary term as the admins keep it (the database row, as plain data)."""

    term_id: str
    category: str
    name_th: str
    name_en: str
    definition: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    framework_year: int | None = None

    @classmethod
    def shipped(cls, term: GlossaryEntry) -> GlossaryRow:
        return cls(
            term_id=term.id,
            category=term.category,
            name_th=term.name_th,
            name_en=term.name_en,
            definition=term.definition,
            aliases=tuple(term.aliases),
            related=tuple(term.related),
            framework_year=term.framework_year,
        )


def current_glossary(
    shipped: Sequence[GlossaryEntry], rows: Sequence[GlossaryRow] | None
) -> list[GlossaryRow]:
    """The admins' rows when there are any (their edits, additions and deletions), else the
    shipped glossary. A row keeps the shipped year label of its term."""
    if not rows:
        return [GlossaryRow.shipped(term) for term in shipped]
    years = {term.id: term.framework_year for term in shipped}
    return [
        row
        if row.framework_year is not None
        else replace(row, framework_year=years.get(row.term_id))
        for row in rows
        if row.name_th.strip() and row.definition.strip()
    ]


_PARENTHESIS = re.compile(r"^(.*?)\s*\((.+)\)\s*$")
_KEY_CHARS = re.compile(r"[\s\-_.()/&]+")


@dataclass(frozen=True)
class Place:
    """Where a framework entry sits, for the glossary terms that relate to it."""

    label: str
    pillar_id: str
    depth: int
    names: frozenset[str]


def places_of(framework: Framework) -> dict[str, Place]:
    places = {}
    for pillar in framework.pillars:
        label = pillar_label(pillar)
        places[pillar.id] = Place(label, pillar.id, 1, _name_keys(pillar))
        for sub in pillar.sub_pillars:
            sub_label = f"{label} › {sub.name_th}"
            places[sub.id] = Place(sub_label, pillar.id, 2, _name_keys(sub))
            for issue in sub.issues:
                label_3 = f"{sub_label} › {issue.name_th}"
                places[issue.id] = Place(label_3, pillar.id, 3, _name_keys(issue))
    return places


def _name_keys(named: Named | GlossaryRow) -> frozenset[str]:
    """A name, with the parts around brackets ("ธรรมาภิบาลข้อมูลภาครัฐ (Data Governance)")."""
    keys = set()
    for name in (named.name_th, named.name_en):
        keys.add(name)
        if match := _PARENTHESIS.match(name):
            keys.update(match.groups())
    return frozenset(_KEY_CHARS.sub("", key.casefold()) for key in keys) - {""}


def folded_terms(places: Mapping[str, Place], glossary: Iterable[GlossaryRow]) -> dict[str, str]:
    """Glossary term id → framework id, for terms named like an entry they relate to."""
    folded = {}
    for term in glossary:
        names = _name_keys(term)
        target = next((t for t in term.related if t in places and names & places[t].names), None)
        if target:
            folded[term.term_id] = target
    return folded


def used_by(glossary: Iterable[GlossaryRow], folded: Mapping[str, str]) -> dict[str, list[str]]:
    """Framework id → glossary terms (not folded) that relate to it."""
    used: dict[str, list[str]] = {}
    for term in glossary:
        if term.term_id not in folded:
            for target in term.related:
                used.setdefault(target, []).append(term.term_id)
    return used


def term_entry(term: GlossaryRow, places: Mapping[str, Place], folded: Mapping[str, str]) -> Entry:
    uses = [places[target] for target in term.related if target in places]
    # The deepest place the term is used in; a pillar only when all its uses share one.
    deepest = max(uses, key=lambda place: place.depth, default=None)
    pillars = {place.pillar_id for place in uses}
    return Entry(
        id=term.term_id,
        kind="group" if term.category == "group" else "term",
        name_th=term.name_th,
        name_en=term.name_en,
        aliases=term.aliases,
        definition=term.definition,
        location=deepest.label if deepest else None,
        pillar_id=pillars.pop() if len(pillars) == 1 else None,
        related=tuple(dict.fromkeys(folded.get(target, target) for target in term.related)),
        year=term.framework_year,
    )


def fold(entry: Entry, term: GlossaryRow, folded: Mapping[str, str]) -> Entry:
    """The framework entry, answering with the glossary's plain definition and aliases."""
    aliases = (*entry.aliases, term.name_th, term.name_en, *term.aliases)
    related = [folded.get(target, target) for target in term.related]
    return replace(
        entry,
        aliases=tuple(dict.fromkeys(alias for alias in aliases if alias)),
        definition=term.definition,
        related=tuple(dict.fromkeys(r for r in (*entry.related, *related) if r != entry.id)),
        fields=(Field(entry.definition, "framework_text"), *entry.fields),
    )
