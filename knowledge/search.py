"""Thai free-text Q&A search over the knowledge entries ("Data Governance คืออะไร").

Pure: no Flask, no database. Build an index once per process from the entries (again when
an admin edits a glossary text) and ask it questions::

    index = SearchIndex.build(entries_from_knowledge(shipped_knowledge()))
    index.ask("e-decision making หมายถึงอะไร")  # → Answer(entry=<P3.PP.3>, …)

Entries are built by ``search_entries`` (framework) and ``search_terms`` (glossary); with
``glossary_rows`` the database's current glossary definitions and aliases are used. The
question is normalised and tokenised (``search_text``), question words and particles are
dropped, and every entry is scored (``search_match``). The scores decide: one clear winner is
answered, close candidates are offered to choose from, and a weak best score is no answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.catalog import Knowledge
from knowledge.search_entries import (
    SearchEntry,
    issue_entry,
    pillar_entry,
    stage_entries,
    sub_pillar_entry,
    view_2566_entries,
)
from knowledge.search_match import Match, Matcher, key_sources
from knowledge.search_terms import (
    GlossaryRows,
    current_term,
    fold,
    folded_terms,
    places_of,
    term_entry,
    used_by,
)
from knowledge.search_text import SmallTalkKind, Tokenizer, level_asked, normalize_text

__all__ = [
    "Answer",
    "Choose",
    "NoMatch",
    "Outcome",
    "SearchEntry",
    "SearchIndex",
    "SmallTalk",
    "entries_from_knowledge",
]

# Answer at or above ANSWER when no other candidate scores CLOSE × the best or more; offer
# candidates from CHOOSE upwards; below CHOOSE nothing is credible.
ANSWER = 0.74
CHOOSE = 0.55
CLOSE = 0.92
MAX_CHOICES = 4


@dataclass(frozen=True)
class Answer:
    entry: SearchEntry
    score: float
    # The level asked about ("ระดับ 4 ของ data governance ต้องทำอะไร"), if one was named.
    level: int | None = None


@dataclass(frozen=True)
class Choose:
    """Close candidates, or one uncertain candidate: ask "หมายถึงข้อใดครับ"."""

    candidates: tuple[SearchEntry, ...]


@dataclass(frozen=True)
class NoMatch:
    pass


@dataclass(frozen=True)
class SmallTalk:
    kind: SmallTalkKind


Outcome = Answer | Choose | NoMatch | SmallTalk


def entries_from_knowledge(
    knowledge: Knowledge, glossary_rows: GlossaryRows | None = None
) -> list[SearchEntry]:
    """All search entries; ``glossary_rows`` (term id → definition, aliases) are the database's
    current glossary texts and replace the shipped ones."""
    framework = knowledge.framework
    glossary = [current_term(term, glossary_rows) for term in knowledge.glossary]
    places = places_of(framework)
    folded = folded_terms(places, glossary)
    uses = used_by(glossary, folded)

    entries: list[SearchEntry] = []
    for pillar in framework.pillars:
        entries.append(pillar_entry(pillar, uses))
        for sub in pillar.sub_pillars:
            entries.append(sub_pillar_entry(pillar, sub, uses))
            entries.extend(issue_entry(pillar, sub, issue, uses) for issue in sub.issues)
    entries.extend(stage_entries(framework, {term.id for term in glossary}))
    entries.extend(view_2566_entries(knowledge, framework))

    by_id = {entry.id: index for index, entry in enumerate(entries)}
    for term in glossary:
        target = folded.get(term.id)
        if target is None:
            entries.append(term_entry(term, places, folded))
        else:
            index = by_id[target]
            entries[index] = fold(entries[index], term, folded)
    return entries


class SearchIndex:
    def __init__(self, entries: tuple[SearchEntry, ...], tokenizer: Tokenizer) -> None:
        self.entries = entries
        self._tokenizer = tokenizer
        self._matcher = Matcher(entries, tokenizer)
        self._issues = frozenset(i for i, entry in enumerate(entries) if entry.kind == "issue")

    @classmethod
    def build(cls, entries: Iterable[SearchEntry]) -> SearchIndex:
        entries = tuple(entries)
        if len({entry.id for entry in entries}) != len(entries):
            raise ValueError("search entries need unique ids")
        tokenizer = Tokenizer.for_texts(text for entry in entries for text in key_sources(entry))
        return cls(entries, tokenizer)

    def ask(self, query: str) -> Outcome:
        text = normalize_text(query)
        small_talk = self._tokenizer.small_talk(text)
        if small_talk:
            return SmallTalk(small_talk)
        matches, level = self._matches(text)
        return self._decide(matches, level)

    def rank(self, query: str, k: int = 5) -> list[tuple[SearchEntry, float]]:
        """The k best entries with their scores, in the order ``ask`` considers them."""
        matches, _ = self._matches(normalize_text(query))
        ranked = sorted(matches.items(), key=lambda item: -item[1].score)[:k]
        return [(self.entries[index], round(m.score, 3)) for index, m in ranked]

    def _matches(self, text: str) -> tuple[dict[int, Match], int | None]:
        asked = level_asked(text)
        if asked is None:
            return self._matcher.match(text), None
        if asked.rest:
            # A question about levels is about an issue: issues first, when one is credible.
            issues = self._matcher.match(asked.rest, self._issues)
            if any(m.score >= CHOOSE or m.exact_tier for m in issues.values()):
                return issues, asked.level
        return self._matcher.match(text), asked.level

    def _decide(self, matches: dict[int, Match], level: int | None) -> Outcome:
        exact = {index: m.exact_tier for index, m in matches.items() if m.exact_tier}
        if exact:
            # The whole question is a name or alias: its best tier wins outright.
            top_tier = max(exact.values())
            winners = [index for index, tier in exact.items() if tier == top_tier]
            if len(winners) == 1:
                return Answer(self.entries[winners[0]], round(top_tier, 3), level)
            return Choose(tuple(self.entries[index] for index in winners[:MAX_CHOICES]))
        ranked = sorted(matches.items(), key=lambda item: -item[1].score)
        if not ranked or ranked[0][1].score < CHOOSE:
            return NoMatch()
        top_index, top = ranked[0]
        close = [
            index
            for index, m in ranked
            if m.score >= max(CHOOSE, top.score * CLOSE)
            and (index == top_index or not self._gives_way(index, m, top_index, top))
        ]
        if top.score >= ANSWER and len(close) == 1:
            return Answer(self.entries[top_index], round(top.score, 3), level)
        return Choose(tuple(self.entries[index] for index in close[:MAX_CHOICES]))

    def _gives_way(self, index: int, m: Match, top_index: int, top: Match) -> bool:
        """A runner-up that yields to the best entry, or matched the same text at a lower tier."""
        if self.entries[top_index].id in self.entries[index].yields_to:
            return True
        return (
            m.key is not None
            and top.key is not None
            and m.key.text == top.key.text
            and m.key.tier < top.key.tier
        )
