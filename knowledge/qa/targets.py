"""Reshaping the candidates toward what the question points at (used by ``decide``).

* "A ของ B", both names: the question is about A.
* A 2566 pillar and its 2565 twin are one candidate; the year named decides which.
* A level or location question, or one pointing at a questionnaire item, is about an issue:
  a term or a sub-pillar stands for the (first) issue it belongs to.
* A question asking for a pillar or sub-pillar counts what matches inside it for that pillar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.qa.entries import Entry
from knowledge.qa.rank import Candidate

if TYPE_CHECKING:
    from knowledge.qa.index import QAIndex

# A name before "ของ" ("A ของ B") at least this well matched leads.
HEAD_NAME = 0.85


def head_first(index: QAIndex, topic: str, candidates: list[Candidate]) -> list[Candidate]:
    """In "A ของ B", both names, the question is about A: "ยุทธศาสตร์ที่ 3 ของแผนรัฐบาลดิจิทัล"
    is the strategy, not the plan ("ของเรา", "ของนักกีฬา" are not names)."""
    head, of, tail = topic.partition("ของ")
    if not of or not index.tokenizer.content_words(head):
        return candidates
    named = {i: m for i, m in index.matcher.match(head).items() if m.score >= HEAD_NAME}
    if not named or not any(m.exact_tier for m in index.matcher.match(tail).values()):
        return candidates
    best = max(named.values(), key=lambda m: m.score).score
    lead = {i for i, m in named.items() if m.score >= best - 0.02}
    top = max(c.fused for c in candidates) if candidates else 1.0
    found = {c.index: c for c in candidates}
    for i in lead:
        old = found.get(i)
        found[i] = Candidate(
            i,
            top * 1.1,
            max(named[i].score, old.lexical if old else 0.0),
            old.semantic if old else -1.0,
            old.exact_tier if old else None,
            1.0,
        )
    return sorted(found.values(), key=lambda c: -c.fused)


def twins_merged(index: QAIndex, candidates: list[Candidate], year: int | None) -> list[Candidate]:
    """One candidate for one meaning: a 2566 pillar is its 2565 twin unless the question names
    2566, and the other way round."""
    merged: dict[int, Candidate] = {}
    for candidate in candidates:
        entry = index.entries[candidate.index]
        target = entry
        if entry.kind == "pillar_2566" and year != 2566 and entry.pillar_id:
            target = index.by_id.get(entry.pillar_id, entry)
        elif entry.kind == "pillar" and year == 2566:
            twin = next(
                (e for e in index.entries if e.kind == "pillar_2566" and e.pillar_id == entry.id),
                None,
            )
            target = twin or entry
        keep_best(merged, index.position[target.id], candidate)
    return sorted(merged.values(), key=lambda c: -c.fused)


def keep_best(merged: dict[int, Candidate], position: int, candidate: Candidate) -> None:
    old = merged.get(position)
    if old is None:
        merged[position] = Candidate(
            position,
            candidate.fused,
            candidate.lexical,
            candidate.semantic,
            candidate.exact_tier,
            candidate.key_cover,
        )
        return
    merged[position] = Candidate(
        position,
        max(old.fused, candidate.fused),
        max(old.lexical, candidate.lexical),
        max(old.semantic, candidate.semantic),
        old.exact_tier or candidate.exact_tier,
        max(old.key_cover, candidate.key_cover),
    )


def issue_target(index: QAIndex, entry: Entry) -> Entry:
    """The issue a term or sub-pillar stands for in a level or location question (the first
    issue it relates to), or the entry itself."""
    if entry.kind in ("term", "group", "sub_pillar"):
        issues = [index.by_id[r] for r in entry.related if r in index.by_id]
        issues = [e for e in issues if e.kind == "issue"]
        if issues and (entry.kind != "sub_pillar" or len(issues) == 1):
            return issues[0]
    return entry


def toward_issues(index: QAIndex, candidates: list[Candidate]) -> list[Candidate]:
    merged: dict[int, Candidate] = {}
    for candidate in candidates:
        target = issue_target(index, index.entries[candidate.index])
        keep_best(merged, index.position[target.id], candidate)
    return sorted(merged.values(), key=lambda c: -c.fused)


def toward_parents(index: QAIndex, candidates: list[Candidate], scope: str) -> list[Candidate]:
    """ "หมวดที่เกี่ยวกับเซิร์ฟเวอร์ เครือข่าย และไซเบอร์" asks for a pillar: what matches
    inside it (its sub-pillars, issues and terms) counts for the pillar."""
    merged: dict[int, Candidate] = {}
    for candidate in candidates:
        entry = index.entries[candidate.index]
        target = entry
        if scope == "pillar" and entry.kind in ("sub_pillar", "issue") and entry.pillar_id:
            target = index.by_id.get(entry.pillar_id, entry)
        elif scope == "sub_pillar" and entry.kind == "issue":
            target = next(
                (e for e in index.entries if e.kind == "sub_pillar" and entry.id in e.related),
                entry,
            )
        keep_best(merged, index.position[target.id], candidate)
    return sorted(merged.values(), key=lambda c: -c.fused)
