"""From a parsed question to an outcome: which entry, and how sure.

* "ข้อนี้…" with an issue in the context is that issue.
* A stage-name question ("ระดับ 4 ปี 2566 ชื่ออะไร") is the stage of that number, of the
  2566 pillar it names if it names one.
* A question that is a name or alias is that entry.
* Otherwise the fused candidates decide: one clearly ahead with enough evidence is answered
  (the next one or two are offered as "หรือหมายถึง"), close ones are offered to choose from,
  and weak evidence is out of scope. A level or location question, or one that points at a
  questionnaire item ("ข้อที่ถามว่า…"), about a term or a sub-pillar that belongs to an issue is
  answered with that issue.
* A short "X คืออะไร" with a word the knowledge has never seen ("Cloud Kitchen") is out of
  scope unless X is one of the entries' names all but a typo: it is never answered with the
  entry that shares its other word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.qa import targets
from knowledge.qa.entries import Entry
from knowledge.qa.intent import Parsed
from knowledge.qa.outcomes import Answer, Choose, Context, Outcome, OutOfScope
from knowledge.qa.rank import Candidate
from knowledge.qa.text import has_thai
from scoring.model import CriteriaType

if TYPE_CHECKING:
    from knowledge.qa.index import QAIndex

# Evidence (0–1) needed to answer, and to offer a candidate at all.
ANSWER = 0.6
CHOOSE = 0.45
# A runner-up this close to the best (in evidence and in fused rank score) makes it a choice.
CLOSE_EVIDENCE = 0.06
CLOSE_FUSED = 0.85
# Candidates whose fused scores are this close are ordered by their evidence.
TIE = 0.95
# A short name-like question with an unknown word needs a match this good.
UNKNOWN_WORD_EVIDENCE = 0.85
NAME_LIKE_WORDS = 4
MAX_CHOICES = 4
MAX_ALSO = 2
# An alternative offered with a direct answer is at most this far behind it.
ALSO_BEHIND = 0.15
ALSO_FUSED = 0.6

SCOPE_KINDS = {
    "issue": ("issue",),
    "sub_pillar": ("sub_pillar",),
    "pillar": ("pillar", "pillar_2566"),
    "stage": ("stage", "stage_name_2566"),
}


def decide(index: QAIndex, parsed: Parsed, context: Context) -> Outcome:
    criteria_type = parsed.criteria_type or context.criteria_type
    current = index.by_id.get(context.issue_id or "")
    words = index.tokenizer.content_words(parsed.topic)
    about_current = parsed.this_issue or (parsed.intent in ("level", "location") and not words)
    if about_current and current is not None and not _names_another(index, parsed.topic):
        # "ข้อนี้…", or mid-assessment "ต้องทำอะไรถึงได้ระดับ 4" without naming anything else.
        return _answer(current, parsed, criteria_type)
    if parsed.intent == "stage":
        stage = _stage(index, parsed)
        if stage is not None:
            return Answer(stage, "stage")
    if not words:
        # "ระดับ 4 คืออะไร": nothing but the level; the question is about the stage.
        parsed = Parsed(text=parsed.text, topic=parsed.text, intent="definition")
        words = index.tokenizer.content_words(parsed.topic)
    candidates = targets.head_first(index, parsed.topic, index.candidates(parsed.topic))
    candidates = targets.twins_merged(index, candidates, parsed.year)
    if parsed.intent in ("level", "location") or parsed.scope == "issue":
        candidates = targets.toward_issues(index, candidates)
    elif parsed.scope in ("pillar", "sub_pillar"):
        candidates = targets.toward_parents(index, candidates, parsed.scope)
    kinds = SCOPE_KINDS.get(parsed.scope or ("issue" if parsed.intent == "level" else ""))
    if kinds:
        in_scope = [c for c in candidates if index.entries[c.index].kind in kinds]
        if in_scope and max(c.evidence for c in in_scope) >= CHOOSE:
            candidates = in_scope
    if _unexplained(index, words, parsed, candidates):
        return OutOfScope()
    return _judge(index, candidates, parsed, criteria_type)


def _answer(
    entry: Entry,
    parsed: Parsed,
    criteria_type: CriteriaType | None,
    also: tuple[Entry, ...] = (),
    score: float = 1.0,
) -> Answer:
    level = parsed.level
    if parsed.top and entry.issue is not None:
        level = entry.issue.rule.top
    intent = parsed.intent if parsed.intent != "stage" else "definition"
    return Answer(entry, intent, level, criteria_type, also, round(score, 3), parsed.topic)


def _names_another(index: QAIndex, topic: str) -> bool:
    """ "ข้อนี้หมายถึง GDX ใช่ไหม" is about GDX, not the current issue."""
    return any(m.exact_tier for m in index.matcher.match(topic).values())


def _stage(index: QAIndex, parsed: Parsed) -> Entry | None:
    n = parsed.stage
    if n is None:
        return None
    pillars = frozenset(i for i, e in enumerate(index.entries) if e.kind == "pillar_2566")
    words = [
        w
        for w in index.tokenizer.content_words(parsed.topic)
        if not w.isdigit() and w not in ("ปี", "กรอบ", "ขั้น", "ระดับ")
    ]
    if words:
        # A pillar's name or number ("ตัวชี้วัดที่ 1 ปี 66") first; what it is about second.
        named = index.matcher.match(parsed.topic, pillars)
        best = max(named, key=lambda i: named[i].score, default=None)
        if best is not None and named[best].score >= ANSWER:
            return index.by_id.get(f"{index.entries[best].id}.S{n}")
        found = index.candidates(parsed.topic, pillars)
        if found and found[0].evidence >= CHOOSE:
            return index.by_id.get(f"{index.entries[found[0].index].id}.S{n}")
    return index.by_id.get(f"stage-{n}")


def _unexplained(
    index: QAIndex, words: list[str], parsed: Parsed, candidates: list[Candidate]
) -> bool:
    """A short "X คืออะไร" with a real word that the knowledge never uses, or that the best
    candidate does not use and hardly any entry does, is not about that candidate."""
    if parsed.intent not in ("definition", "abbreviation") or parsed.scope:
        return False
    if len(words) > NAME_LIKE_WORDS or any(c.exact_tier for c in candidates) or not candidates:
        return False
    best = _ordered(candidates)[0]
    if best.lexical >= UNKNOWN_WORD_EVIDENCE:
        return False
    real = [w for w in words if index.tokenizer.is_real_word(w)]
    return any(
        not index.matcher.known(w) or (has_thai(w) and index.matcher.rare_elsewhere(w, best.index))
        for w in real
    )


def _ordered(candidates: list[Candidate]) -> list[Candidate]:
    """By fused rank score; near ties by evidence, and one ahead in both matchers first."""
    ranked = sorted(candidates, key=lambda c: -c.fused)
    if not ranked:
        return ranked
    best = ranked[0].fused
    tied = sorted((c for c in ranked if c.fused >= best * TIE), key=lambda c: -c.evidence)
    rest = ranked[len(tied) :]
    dominant = next((c for c in tied if all(c.dominates(o) for o in tied)), None)
    if dominant is not None:
        tied = [dominant, *(c for c in tied if c is not dominant)]
    return tied + rest


def _judge(
    index: QAIndex, candidates: list[Candidate], parsed: Parsed, criteria_type: CriteriaType | None
) -> Outcome:
    ranked = _ordered(candidates)
    if not ranked:
        return OutOfScope()
    exact = [c for c in ranked if c.exact_tier]
    if exact:
        tier = max(c.exact_tier or 0.0 for c in exact)
        winners = [c for c in exact if c.exact_tier == tier]
        if len(winners) == 1:
            entry = index.entries[winners[0].index]
            # The question is a name: the runner-ups are noise, its related entries are not.
            return _answer(entry, parsed, criteria_type, _also(index, winners[0], []), tier)
        return _choose(index, winners, parsed)
    top = ranked[0]
    if top.evidence < CHOOSE:
        top = max(ranked[:3], key=lambda c: c.evidence)
    if top.evidence < CHOOSE:
        return OutOfScope()
    close = _close(index, top, ranked)
    better = next((c for c in close if _yields(index, top, c)), None)
    if better is not None:
        # "trusted protocal": the sub-pillar gives way to its one issue of the same name.
        top, close = better, _close(index, better, ranked)
    rest = [c for c in ranked if c is not top]
    # First in both matchers' rankings is enough, when the evidence is credible at all.
    agreed = all(top.dominates(c) for c in ranked if c is not top)
    if not close and (top.evidence >= ANSWER or agreed):
        entry = index.entries[top.index]
        return _answer(entry, parsed, criteria_type, _also(index, top, rest), top.evidence)
    return _choose(index, [top, *close], parsed)


def _close(index: QAIndex, top: Candidate, ranked: list[Candidate]) -> list[Candidate]:
    """Runner-ups too close to the best to answer it directly: close in evidence and in rank,
    not behind it in both matchers, and not giving way to it."""
    return [
        c
        for c in ranked
        if c is not top
        and c.evidence >= max(CHOOSE, top.evidence - CLOSE_EVIDENCE)
        and c.fused >= top.fused * CLOSE_FUSED
        and not top.dominates(c)
        and not _yields(index, c, top)
    ]


def _choose(index: QAIndex, candidates: list[Candidate], parsed: Parsed) -> Choose:
    entries = tuple(index.entries[c.index] for c in candidates[:MAX_CHOICES])
    return Choose(entries, parsed.intent, parsed.level)


def _yields(index: QAIndex, candidate: Candidate, top: Candidate) -> bool:
    return index.entries[top.index].id in index.entries[candidate.index].yields_to


def _also(index: QAIndex, top: Candidate, rest: list[Candidate]) -> tuple[Entry, ...]:
    """One or two entries to offer as "หรือหมายถึง …": the next candidates that are nearly as
    credible, else the entries the answer relates to (GDX → the issue that counts it)."""
    entry = index.entries[top.index]
    found = [
        index.entries[c.index]
        for c in rest
        if c.evidence >= max(ANSWER, top.evidence - ALSO_BEHIND)
        and c.fused >= top.fused * ALSO_FUSED
        and not _yields(index, c, top)
        and not _yields(index, top, c)
    ]
    related = [index.by_id[r] for r in entry.related if r in index.by_id]
    found += [e for e in related if e not in found]
    return tuple(found[:MAX_ALSO])
