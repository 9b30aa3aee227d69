"""The lexical matcher: scores every entry against one question's words.

An entry is known by its keys (names and aliases). A question matches a key exactly, with
rapidfuzz (a typo of the whole key, the key inside a longer question or the question inside a
longer key) or word by word (IDF-weighted F-measure); the best key gives the key score. The
entry's texts (definition, and for issues the questions, checklist items, criteria and
recommendations) add their coverage of the question's words, each word counted at the weight of
the strongest field it appears in. Scores lie in 0–1.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.qa.entries import Entry
from knowledge.qa.text import Tokenizer, compact, has_thai, normalize_text

# How much a matched key counts: an entry's own name, an alias, or a key it shares with an
# entry it yields to.
NAME, ALIAS, YIELDED = 1.0, 0.95, 0.8
# Share of the texts' match in the score (names and aliases decide most questions).
TEXT_WEIGHT = 0.5

_BRACKETED = re.compile(r"^(.*?)\s*\((.+)\)\s*$")
_TRAILING_YEAR = re.compile(r"\s*(?:พ\.ศ\.|b\.e\.|B\.E\.)\s*[\d–\-]+\s*$")
_NUMBER = re.compile(r"\d+")
# IDF of a word found in about one entry in twenty.
_MIN_QUESTION_MASS = math.log(1 + 19.5 / 1.5)


@dataclass
class Key:
    entry: int
    tier: float
    words: Counter[str]  # counted: "ข้อมูลเกี่ยวกับข้อมูล" is not just "ข้อมูล"
    text: str  # the words joined without spaces
    mass: float = 0.0  # IDF weight of its words


@dataclass(frozen=True)
class Match:
    score: float
    key: Key | None  # the key that matched best (None: the definition only)
    exact_tier: float | None = None  # set when the whole question is one of its keys
    # How much of that key the question contains: "เศรษฐกิจ" is a small part of the name
    # "สำนักงานคณะกรรมการดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งชาติ".
    key_cover: float = 0.0


class Matcher:
    def __init__(self, entries: Sequence[Entry], tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        keys = _keys(entries, tokenizer)
        # Each entry's words, at the weight of the strongest text they appear in.
        docs: list[dict[str, float]] = [{} for _ in entries]
        for key in keys:
            docs[key.entry].update(dict.fromkeys(key.words, 1.0))
        for doc, entry in zip(docs, entries, strict=True):
            texts = [(entry.definition, 1.0)] + [(f.text, f.weight) for f in entry.fields]
            for text, weight in texts:
                for word in tokenizer.content_words(normalize_text(text)):
                    if doc.get(word, 0.0) < weight:
                        doc[word] = weight
        df: dict[str, int] = {}
        for doc in docs:
            for word in doc:
                df[word] = df.get(word, 0) + 1
        n = len(entries)
        # BM25's IDF: rare words tell entries apart; unknown words weigh the most.
        self._idf = {word: math.log(1 + (n - d + 0.5) / (d + 0.5)) for word, d in df.items()}
        self._unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        self._vocabulary = list(self._idf)
        self._docs = docs
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for index, doc in enumerate(docs):
            for word, weight in doc.items():
                self._postings.setdefault(word, []).append((index, weight))
        self._keys = keys
        self._texts = [key.text for key in keys]
        self._long = [i for i, text in enumerate(self._texts) if len(text) >= 5]
        self._long_texts = [self._texts[i] for i in self._long]
        self._exact: dict[str, list[Key]] = {}
        self._by_word: dict[str, list[Key]] = {}
        for key in keys:
            key.mass = sum(self._weight(word) * n for word, n in key.words.items())
            self._exact.setdefault(key.text, []).append(key)
            for word in key.words:
                self._by_word.setdefault(word, []).append(key)

    def rare_elsewhere(self, word: str, entry: int) -> bool:
        """A word the entry never uses and at most two other entries do ("สิ่งแวดล้อม" is not
        part of Data Governance)."""
        doc = self._docs[entry]
        if word in doc or sum(1 for _ in self._postings.get(word, ())) > 2:
            return False
        near = process.extractOne(word, list(doc), scorer=fuzz.ratio, score_cutoff=80)
        return near is None  # not a typo of one of its words either

    def known(self, word: str) -> bool:
        """Whether any entry uses the word, or a word one typo away from it."""
        if word in self._idf or word.isdigit():
            return True
        if len(word) < 4:
            return False
        near = process.extract(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=5)
        # A typo keeps the length; "ลดน้ำหนัก" is not "น้ำหนัก".
        return any(abs(len(known) - len(word)) <= max(1, len(word) // 6) for known, _, _ in near)

    def match(self, normalized: str, allowed: frozenset[int] | None = None) -> dict[int, Match]:
        words = self._tokenizer.content_words(normalized)
        if not words:
            return {}
        core = compact(words)
        best: dict[int, Match] = {}

        def offer(key: Key, similarity: float, cover: float = 1.0) -> None:
            if allowed is not None and key.entry not in allowed:
                return
            score = key.tier * similarity
            old = best.get(key.entry)
            if old is None or score > old.score:
                exact = old.exact_tier if old else None
                best[key.entry] = Match(score, key, exact, max(cover, old.key_cover if old else 0))

        for key in self._exact.get(core, ()):
            old = best.get(key.entry)
            if (allowed is None or key.entry in allowed) and (old is None or key.tier > old.score):
                best[key.entry] = Match(key.tier, key, key.tier, 1.0)
        self._fuzzy(core, offer)
        self._by_words(Counter(words), offer)
        for index, cover in self._coverage(set(words), allowed).items():
            old = best.get(index)
            score = 1 - (1 - (old.score if old else 0.0)) * (1 - TEXT_WEIGHT * cover)
            best[index] = (
                Match(score, old.key, old.exact_tier, old.key_cover) if old else Match(score, None)
            )
        return best

    def _fuzzy(self, core: str, offer: Callable[..., None]) -> None:
        """A typo of a whole key, a key inside a longer question, or the question inside a key."""
        numbers = _NUMBER.findall(core)
        if len(core) >= 5:
            cutoff = 80 if len(core) < 9 else 75
            for _, ratio, i in process.extract(
                core,
                self._texts,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=cutoff,
                limit=None,
            ):
                if len(self._texts[i]) >= 4 and _NUMBER.findall(self._texts[i]) == numbers:
                    offer(self._keys[i], (ratio / 100) ** 1.5)
        for i, text in enumerate(self._texts):
            if len(text) < len(core) and text in core and _contains(core, text):
                offer(self._keys[i], 0.5 + 0.45 * len(text) / len(core))
        if len(core) < 5:
            return
        for _, ratio, i in process.extract(
            core,
            self._long_texts,
            scorer=fuzz.partial_ratio,
            processor=None,
            score_cutoff=85,
            limit=None,
        ):
            shorter, longer = sorted((self._long_texts[i], core), key=len)
            if set(_NUMBER.findall(shorter)) <= set(_NUMBER.findall(longer)):
                cover = len(shorter) / len(longer)
                key_cover = cover if shorter is core else 1.0
                offer(
                    self._keys[self._long[i]], (ratio / 100) ** 2 * (0.45 + 0.45 * cover), key_cover
                )

    def _by_words(self, query: Counter[str], offer: Callable[..., None]) -> None:
        """IDF-weighted F-measure of the question's words against each key's words."""
        q_mass = sum(self._weight(word) * n for word, n in query.items())
        q_numbers = {word for word in query if word.isdigit()}
        seen: set[int] = set()
        for word in query:
            for key in self._by_word.get(word, ()):
                if id(key) in seen:
                    continue
                seen.add(id(key))
                shared = sum(self._weight(w) * n for w, n in (query & key.words).items())
                precision, recall = shared / key.mass, shared / q_mass
                f_measure = 2 * precision * recall / (precision + recall)
                key_numbers = {w for w in key.words if w.isdigit()}
                if q_numbers and key_numbers and not key_numbers <= q_numbers:
                    f_measure *= 0.6  # "ยุทธศาสตร์ที่ 3" is not "ยุทธศาสตร์ที่ 1"
                offer(key, f_measure, precision)

    def _coverage(self, query: set[str], allowed: frozenset[int] | None) -> dict[int, float]:
        """Share of the question's IDF weight found in each entry's words and texts.

        A question of common words only ("ได้ครับ") carries little: its weight counts as at
        least that of one uncommon word.
        """
        q_mass = max(sum(self._weight(word) for word in query), _MIN_QUESTION_MASS)
        found: dict[int, float] = {}
        for word in query:
            idf = self._weight(word)
            for index, weight in self._postings.get(word, ()):
                if allowed is None or index in allowed:
                    found[index] = found.get(index, 0.0) + idf * weight
        return {index: mass / q_mass for index, mass in found.items()}

    def _weight(self, word: str) -> float:
        return self._idf.get(word, self._unknown_idf)


def key_sources(entry: Entry) -> dict[str, float]:
    """Texts an entry is known by, with their tier (a name counts more than an alias)."""
    sources: dict[str, float] = dict.fromkeys(entry.aliases, ALIAS)
    for name in (entry.name_th, entry.name_en):
        for variant in _name_variants(name):
            sources[variant] = NAME
    return sources


def _name_variants(name: str) -> list[str]:
    """A name, its parts around an English or abbreviated name in brackets, and the name
    without a trailing year ("แผนพัฒนารัฐบาลดิจิทัลของประเทศไทย พ.ศ. 2566–2570")."""
    variants = [name]
    match = _BRACKETED.match(name)
    if match and not match.group(2).isdigit():  # not "มาตรา 37(1)"
        head, tail = match.groups()
        variants.append(head)
        if not has_thai(tail):  # "(Data Governance)"; not "(กรอบปี 2566)"
            variants.append(tail)
    variants += [_TRAILING_YEAR.sub("", variant) for variant in variants]
    return [variant.strip() for variant in dict.fromkeys(variants) if variant.strip()]


def _keys(entries: Sequence[Entry], tokenizer: Tokenizer) -> list[Key]:
    keys: dict[tuple[int, str], Key] = {}
    for index, entry in enumerate(entries):
        for source, tier in key_sources(entry).items():
            normalized = normalize_text(source)
            words = tokenizer.content_words(normalized) or tokenizer.words(normalized)
            if words:
                key = Key(index, tier, Counter(words), compact(words))
                old = keys.get((index, key.text))
                if old is None or old.tier < tier:
                    keys[(index, key.text)] = key
    # A key shared with an entry this one yields to counts less here ("GDX" → the term GDX).
    position = {entry.id: index for index, entry in enumerate(entries)}
    for (index, text), key in keys.items():
        for winner_id in entries[index].yields_to:
            rival = keys.get((position.get(winner_id, -1), text))
            if rival is not None and rival.tier >= key.tier:
                key.tier = min(key.tier, YIELDED)
    return list(keys.values())


def _contains(core: str, text: str) -> bool:
    """``text`` inside ``core``; Latin letters and digits only on word boundaries ("ai" is
    not in "maintain", "ยุทธศาสตร์ที่ 1" is not in "ยุทธศาสตร์ที่ 12"); Thai keys of 3+ letters."""
    start = core.find(text)
    while start >= 0:
        end = start + len(text)
        before = core[start - 1] if start else ""
        after = core[end] if end < len(core) else ""
        if not (_latin(text[0]) and _latin(before)) and not (_latin(text[-1]) and _latin(after)):
            return len(text) >= 3 or _latin(text[0])
        start = core.find(text, start + 1)
    return False


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()
