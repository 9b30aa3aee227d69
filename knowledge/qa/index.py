"""The Q&A index: every entry of the knowledge, matched by words and by meaning.

Pure: no Flask, no database. Build it once per process (again when the admins' glossary
changes) and ask it questions::

    index = build_index(shipped_catalog().current)
    index.ask("ข้อที่ถามว่าเครื่องแม่ข่ายพอใช้ไหม อยู่ตัวชี้วัดไหน")  # → Answer(P5.RI.1, "location")

The question is normalised (``text``), read for what it asks (``intent``), matched by the
lexical matcher (``lexical``) and the semantic one (``semantic``), the two rankings are fused
(``rank``) and the evidence decides (``decide``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from knowledge.catalog import Knowledge
from knowledge.qa import decide
from knowledge.qa.entries import (
    Entry,
    issue_entry,
    pillar_entry,
    stage_entries,
    sub_pillar_entry,
    view_2566_entries,
)
from knowledge.qa.intent import parse
from knowledge.qa.lexical import Matcher, key_sources
from knowledge.qa.outcomes import Context, Outcome, SmallTalk
from knowledge.qa.rank import Candidate, fuse
from knowledge.qa.semantic import Embedder, SemanticIndex, load_embedder
from knowledge.qa.small_talk import small_talk
from knowledge.qa.terms import (
    GlossaryRow,
    current_glossary,
    fold,
    folded_terms,
    places_of,
    term_entry,
    used_by,
)
from knowledge.qa.text import Tokenizer, normalize_text

DEFAULT = "default"


def entries_from_knowledge(
    knowledge: Knowledge, glossary_rows: Sequence[GlossaryRow] | None = None
) -> list[Entry]:
    """All entries; ``glossary_rows`` are the admins' current glossary (edits, additions and
    deletions), used instead of the shipped glossary when given."""
    framework = knowledge.framework
    glossary = current_glossary(knowledge.glossary, glossary_rows)
    places = places_of(framework)
    folded = folded_terms(places, glossary)
    uses = used_by(glossary, folded)

    entries: list[Entry] = []
    for pillar in framework.pillars:
        entries.append(pillar_entry(pillar, uses))
        for sub in pillar.sub_pillars:
            entries.append(sub_pillar_entry(pillar, sub, uses))
            entries.extend(issue_entry(pillar, sub, issue, uses) for issue in sub.issues)
    entries.extend(stage_entries(framework, {term.term_id for term in glossary}))
    views = [pillar for view in knowledge.views for pillar in view.pillars]
    entries.extend(view_2566_entries(views, framework))

    by_id = {entry.id: index for index, entry in enumerate(entries)}
    for term in glossary:
        target = folded.get(term.term_id)
        if target is not None:
            entries[by_id[target]] = fold(entries[by_id[target]], term, folded)
        elif term.term_id not in by_id:
            entries.append(term_entry(term, places, folded))
    return entries


def semantic_texts(entries: Sequence[Entry]) -> list[tuple[int, str, float]]:
    """(entry index, text, weight) of every text the semantic matcher compares questions with."""
    texts = []
    for index, entry in enumerate(entries):
        texts.append((index, f"{entry.name_th} {entry.name_en}", 1.0))
        texts.append((index, entry.definition, 1.0))
        texts.extend(
            (index, f.text, 0.7 + 0.3 * f.weight) for f in entry.fields if f.kind != "part"
        )
    return texts


def spaced(tokenizer: Tokenizer, normalized: str) -> str:
    """Words separated by spaces: the sentence encoder reads Thai better with word boundaries
    (measured: semantic top-3 on the tuning set 78% → 81%)."""
    return " ".join(tokenizer.words(normalized))


class QAIndex:
    def __init__(
        self,
        entries: tuple[Entry, ...],
        tokenizer: Tokenizer,
        semantic: SemanticIndex | None,
    ) -> None:
        self.entries = entries
        self.by_id = {entry.id: entry for entry in entries}
        self.position = {entry.id: index for index, entry in enumerate(entries)}
        self.tokenizer = tokenizer
        self.matcher = Matcher(entries, tokenizer)
        self.semantic = semantic

    @classmethod
    def build(cls, entries: Iterable[Entry], embedder: Embedder | str | None = DEFAULT) -> QAIndex:
        """``embedder``: a model, a model name ("use", "e5", "none") or the process default."""
        entries = tuple(entries)
        if len({entry.id for entry in entries}) != len(entries):
            raise ValueError("Q&A entries need unique ids")
        if isinstance(embedder, str):
            embedder = load_embedder(None if embedder == DEFAULT else embedder)
        tokenizer = Tokenizer.for_texts(text for entry in entries for text in key_sources(entry))
        semantic = None
        if embedder is not None:
            texts = [
                (owner, spaced(tokenizer, normalize_text(text)), weight)
                for owner, text, weight in semantic_texts(entries)
            ]
            semantic = SemanticIndex.build(embedder, texts, len(entries))
        return cls(entries, tokenizer, semantic)

    def ask(self, question: str, context: Context | None = None) -> Outcome:
        context = context or Context()
        text = normalize_text(question)
        kind = small_talk(self.tokenizer, text, question)
        if kind:
            return SmallTalk(kind)
        return decide.decide(self, parse(text), context)

    def candidates(self, topic: str, allowed: frozenset[int] | None = None) -> list[Candidate]:
        """Both matchers' candidates for a normalised topic, best first."""
        lexical = self.matcher.match(topic, allowed)
        semantic = None
        if self.semantic is not None and topic.strip():
            semantic = self.semantic.scores(spaced(self.tokenizer, topic))
        return fuse(lexical, semantic, allowed)

    def rank(self, question: str, k: int = 5) -> list[tuple[Entry, Candidate]]:
        """The k best entries for a question, with their evidence (for tests and the bench)."""
        parsed = parse(normalize_text(question))
        found = self.candidates(parsed.topic or parsed.text)[:k]
        return [(self.entries[c.index], c) for c in found]


def build_index(
    knowledge: Knowledge,
    glossary_rows: Sequence[GlossaryRow] | None = None,
    embedder: Embedder | str | None = DEFAULT,
) -> QAIndex:
    return QAIndex.build(entries_from_knowledge(knowledge, glossary_rows), embedder)
