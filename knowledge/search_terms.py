"""Glossary terms as search entries (see ``search_entries``).

A term that names the same thing as a framework entry it relates to ("ธรรมาภิบาลข้อมูลภาครัฐ
(Data Governance)" and issue P1.DaP.1) is folded into that entry, so one question has one
answer; the entry then answers with the term's plain definition and knows its aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from knowledge.schema import GlossaryEntry
from knowledge.search_entries import SearchEntry, pillar_label
from scoring.model import Framework, Named

# The database's current glossary texts: term id → (definition, aliases).
GlossaryRows = Mapping[str, tuple[str, Sequence[str]]]

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


def current_term(term: GlossaryEntry, rows: GlossaryRows | None) -> GlossaryEntry:
    row = rows.get(term.id) if rows else None
    if row is None:
        return term
    definition, aliases = row
    return term.model_copy(update={"definition": definition, "aliases": tuple(aliases)})


def _name_keys(named: Named) -> frozenset[str]:
    """A name, with the parts around brackets ("ธรรมาภิบาลข้อมูลภาครัฐ (Data Governance)")."""
    keys = set()
    for name in (named.name_th, named.name_en):
        keys.add(name)
        if match := _PARENTHESIS.match(name):
            keys.update(match.groups())
    return frozenset(_KEY_CHARS.sub("", key.casefold()) for key in keys) - {""}


def folded_terms(places: Mapping[str, Place], glossary: Iterable[GlossaryEntry]) -> dict[str, str]:
    """Glossary term id → framework id, for terms named like an entry they relate to."""
    folded = {}
    for term in glossary:
        names = _name_keys(term)
        target = next((t for t in term.related if t in places and names & places[t].names), None)
        if target:
            folded[term.id] = target
    return folded


def used_by(glossary: Iterable[GlossaryEntry], folded: Mapping[str, str]) -> dict[str, list[str]]:
    """Framework id → glossary terms (not folded) that relate to it."""
    used: dict[str, list[str]] = {}
    for term in glossary:
        if term.id not in folded:
            for target in term.related:
                used.setdefault(target, []).append(term.id)
    return used


def term_entry(
    term: GlossaryEntry, places: Mapping[str, Place], folded: Mapping[str, str]
) -> SearchEntry:
    uses = [places[target] for target in term.related if target in places]
    # The deepest place the term is used in; a pillar only when all its uses share one.
    deepest = max(uses, key=lambda place: place.depth, default=None)
    pillars = {place.pillar_id for place in uses}
    return SearchEntry(
        id=term.id,
        kind="group" if term.category == "group" else "term",
        name_th=term.name_th,
        name_en=term.name_en,
        aliases=term.aliases,
        definition=term.definition,
        location=deepest.label if deepest else None,
        pillar_id=pillars.pop() if len(pillars) == 1 else None,
        related=tuple(dict.fromkeys(folded.get(target, target) for target in term.related)),
    )


def fold(entry: SearchEntry, term: GlossaryEntry, folded: Mapping[str, str]) -> SearchEntry:
    """The framework entry, answering with the glossary's plain definition and aliases."""
    aliases = (*entry.aliases, term.name_th, term.name_en, *term.aliases)
    related = [folded.get(target, target) for target in term.related]
    return replace(
        entry,
        aliases=tuple(dict.fromkeys(alias for alias in aliases if alias)),
        definition=term.definition,
        related=tuple(dict.fromkeys(r for r in (*entry.related, *related) if r != entry.id)),
        extra_text=f"{entry.extra_text} {entry.definition}".strip(),
    )
