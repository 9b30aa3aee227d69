"""Text handling of the Q&A: normalisation, tokens, question words, small talk.

Everything works offline: pythainlp's bundled word list and ``newmm`` tokenizer, with the
domain terms of the index added as an overlay dictionary.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie, normalize, thai_digit_to_arabic_digit

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")
# Zero-width characters, soft hyphens and direction marks: invisible in LINE, kept in
# typed text (bot.flow.clean removes them too).
INVISIBLE = re.compile(r"[\u00AD\u200B-\u200F\u2060\uFEFF]")
# Three or more of the same letter is emphasis ("ครับบบบ", "ค่าาา"); digits keep their runs,
# and so does อ, which a word ending in it meets at the next one's start ("คำขอออนไลน์").
_REPEATS = re.compile(r"([^\W\d_อ])\1{2,}")
_PUNCTUATION = re.compile(r"[^\w\s\u0E00-\u0E7F]|_")
# "ปี 66" and "กรอบ 65" mean the Buddhist years 2566 and 2565.
_SHORT_YEAR = re.compile(r"(ปี|กรอบ)\s*(6\d)(?!\d)")
_SECOND_SHORT_YEAR = re.compile(r"(25\d\d\s*(?:กับ|และ|ถึง|หรือ|-)\s*)(6\d)(?!\d)")


def _nfkc_outside_thai(text: str) -> str:
    # NFKC would split Thai SARA AM (ำ), so only non-Thai characters are folded (ＧＤＸ → GDX).
    return "".join(ch if _THAI.match(ch) else unicodedata.normalize("NFKC", ch) for ch in text)


@lru_cache(maxsize=16384)  # an index rebuild normalises the same names and definitions again
def normalize_text(text: str) -> str:
    """Lower-case, single-spaced text with Thai and typing variants folded together.

    Folds: zero-width characters, full-width letters, Thai digits, pythainlp's Thai fixes
    (doubled vowels, tone-mark order), letters repeated for emphasis, punctuation and
    hyphens ("e-decision-making" = "e decision making"), and short Buddhist years.
    """
    text = INVISIBLE.sub("", text)
    text = _nfkc_outside_thai(text)
    text = normalize(text)
    text = thai_digit_to_arabic_digit(text)
    text = text.casefold()
    text = _REPEATS.sub(r"\1", text)
    text = _PUNCTUATION.sub(" ", text)
    text = _SHORT_YEAR.sub(r"\1 25\2", text)
    text = _SECOND_SHORT_YEAR.sub(r"\g<1>25\2", text)
    return " ".join(text.split())


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Question phrases removed before tokenising, because newmm may cut them across the next word
# ("หมายถึงขั้นไหน" → หมาย|ถึงขั้น|ไหน).
_QUESTION_PHRASES = re.compile("คืออะไร|คือไร|หมายถึง|หมายความว่า|แปลว่า|ขอความหมาย|ความหมายของ")

# Question words, polite particles and filler: they say how something is asked, not what.
QUESTION_WORDS = word_set(
    """
    คือ อะไร ไร อัลไล อะไรคะ คืออะไร คือไร หมายถึง หมายความ หมายความว่า ความหมาย แปลว่า แปล ว่า
    อธิบาย ช่วย หน่อย ขอ ถาม สอบถาม ทราบ อยาก รู้ อยากรู้ อยากทราบ สงสัย บอก เรียก เรียกว่า
    ยังไง อย่างไร ไง ทำไม ใคร ไหน ที่ไหน มี บ้าง เป็น เกี่ยวกับ เรื่อง นี่ นี้ นั้น ไหม มั้ย มั๊ย
    หรือ หรอ เหรอ ป่าว รึเปล่า เปล่า ใช่ ใช่ไหม ใช่มั้ย ใช่ป่ะ ได้ไหม ไหมคะ
    ต้อง ทำ ทำไร ใช้ทำ กี่ เท่าไร เท่าไหร่ ยังไงบ้าง
    ค่ะ คะ ค่า ครับ คับ ค้าบ ครัช ครับผม ฮะ ฮับ งับ จ้ะ จ้า จ๊ะ จ๊า นะ น่ะ นะคะ นะครับ อะ อ่ะ อ่า
    เออ ละ ล่ะ ด้วย ผม ฉัน ดิฉัน หนู เรา เค้า เขา พี่ คุณ บอท แอดมิน ให้ ฟัง
    what whats is are the a an of does do mean means meaning explain define definition
    about please pls tell me us how which who why
    """
)
# Everyday words that carry no topic: not counted as an unknown term in "X คืออะไร" questions.
_FILLER = word_set(
    """
    จริง จริงๆ แบบไหน แบบ ยังไง ตรงไหน เกี่ยว เกี่ยวข้อง มัน เนี่ย นี่ เค้า ยัง ใช่ ปะ ป่ะ ไหน
    ใช้ ได้ จะ แล้ว กัน กันแน่ ตกลง เอ่อ อื่น อะไรบ้าง เช่น ของ ใน ที่ และ กับ แต่ ก็
    used use for in on to with as count counts our we they it this that there their be can
    """
)

# Greetings, thanks and acknowledgements that may open a question without being its topic
# ("สวัสดีครับ GDX คืออะไร", "โอเค แล้ว GDX คืออะไร"); knowledge.qa.small_talk reads them alone.
GREETINGS = word_set("สวัสดี หวัดดี อรุณสวัสดิ์ hello hi hey hiya morning")
THANKS = word_set("ขอบคุณ ขอบใจ ขอบพระคุณ thank thanks thx ty แต๊งกิ้ว")
OPENERS = word_set("โอเค โอเคร ok okay รับทราบ")
_NOT_TOPIC = QUESTION_WORDS | GREETINGS | THANKS | OPENERS


class WordList:
    """pythainlp's Thai word list as a dictionary for ``newmm``, which asks a dictionary only
    for ``prefixes`` and membership.

    Two sets, the words and every proper prefix of a word, answer what pythainlp's ``Trie``
    answers (the same words, in the same order) but are built in a tenth of the time: the
    Trie's 62,000 node-by-node insertions took 0.6 s of every start.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._words = frozenset(word for word in (w.strip() for w in words) if word)
        self._stems = frozenset(word[:end] for word in self._words for end in range(1, len(word)))

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        found = []
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if piece in self._words:
                found.append(piece)
            if piece not in self._stems:
                break
        return found

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def __len__(self) -> int:
        return len(self._words)


@lru_cache(maxsize=1)
def thai_word_list() -> WordList:
    return WordList(thai_words())


class _OverlayTrie(Trie):
    """The shared Thai word list plus the index's own terms, without copying the word list
    (an index is rebuilt after every admin edit)."""

    def __init__(self, base: WordList, words: Iterable[str]) -> None:
        super().__init__(words)
        self._base = base

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        words = self._base.prefixes(text, start)
        own = [word for word in super().prefixes(text, start) if word not in words]
        return sorted(words + own, key=len) if own else words

    def __contains__(self, key: str) -> bool:
        return super().__contains__(key) or key in self._base

    def __len__(self) -> int:
        return len(self._base) + super().__len__()


class Tokenizer:
    """newmm word tokenizer whose dictionary knows the index's domain terms.

    Use ``Tokenizer.for_texts``: indexes with the same domain terms share one tokenizer and
    its memory of tokenised texts, so a rebuild after an admin edit is quick.
    """

    def __init__(self, terms: frozenset[str]) -> None:
        self._trie = _OverlayTrie(thai_word_list(), terms | GREETINGS | THANKS)
        self.key = dictionary_key(terms)
        self._seen: dict[str, tuple[str, ...]] = dict(_remembered_words.get(self.key, {}))

    @classmethod
    def for_texts(cls, domain_texts: Iterable[str]) -> Tokenizer:
        return _tokenizer(frozenset(_unknown_thai_terms(domain_texts)))

    def words(self, normalized: str) -> list[str]:
        """All tokens of normalized text, in order, without spaces."""
        if not normalized:
            return []
        known = self._seen.get(normalized)
        if known is None:
            tokens = word_tokenize(normalized, custom_dict=self._trie, engine="newmm")
            known = tuple(token for token in (t.strip() for t in tokens) if token)
            if len(self._seen) < 50_000:  # names and definitions; queries only up to a bound
                self._seen[normalized] = known
        return list(known)

    def content_words(self, normalized: str) -> list[str]:
        """Tokens that carry the topic: question words and particles removed."""
        words = self.words(" ".join(_QUESTION_PHRASES.sub(" ", normalized).split()))
        return [word for word in words if word not in _NOT_TOPIC]

    def is_real_word(self, word: str) -> bool:
        """A word of the language, not a typo's fragment: Latin words of three or more
        letters, and Thai words in the dictionary (fillers and question words excluded)."""
        if word in _FILLER or word in QUESTION_WORDS or word.isdigit():
            return False
        if word.isascii():
            return len(word) >= 3 and word.isalpha()
        return len(word) >= 2 and word in thai_word_list()

    def remembered(self) -> dict[str, tuple[str, ...]]:
        """The texts tokenised so far, with their tokens (questions too, once it has been
        asked some: knowledge.qa.warm_cache saves them only before it takes questions)."""
        return dict(self._seen)


_tokenizers: dict[frozenset[str], Tokenizer] = {}
_tokenizers_lock = threading.Lock()


def _tokenizer(terms: frozenset[str]) -> Tokenizer:
    with _tokenizers_lock:
        tokenizer = _tokenizers.get(terms)
        if tokenizer is None:
            if len(_tokenizers) >= 4:  # glossaries edited over a long life: keep the newest
                del _tokenizers[next(iter(_tokenizers))]
            tokenizer = _tokenizers[terms] = Tokenizer(terms)
        return tokenizer


def dictionary_key(terms: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(terms)).encode()).hexdigest()[:32]


# What an earlier start of this release computed (knowledge.qa.warm_cache restores it): the
# tokens of texts per overlay dictionary, and which Thai runs the word list does not know.
_remembered_words: dict[str, dict[str, tuple[str, ...]]] = {}
_remembered_runs: dict[str, bool] = {}


def remember(
    words: Mapping[str, Mapping[str, Iterable[str]]], unknown_runs: Mapping[str, bool]
) -> None:
    for key, texts in words.items():
        _remembered_words[key] = {text: tuple(tokens) for text, tokens in texts.items()}
    _remembered_runs.update(unknown_runs)


def computed() -> tuple[dict[str, dict[str, tuple[str, ...]]], dict[str, bool]]:
    """Tokens per dictionary (restored ones, and every tokenizer's in use), and the runs
    judged unknown or not."""
    words = {key: dict(texts) for key, texts in _remembered_words.items()}
    with _tokenizers_lock:
        for tokenizer in _tokenizers.values():
            words.setdefault(tokenizer.key, {}).update(tokenizer.remembered())
    runs = dict(_remembered_runs)
    runs.update(_judged_runs)
    return words, runs


def _unknown_thai_terms(texts: Iterable[str]) -> set[str]:
    """Thai runs of the names and aliases that the word list would cut into unknown pieces.

    Transliterations and abbreviations ("ดาต้าโกเวอร์แนนซ์", "สพร") become one token; runs made of
    known words ("ธรรมาภิบาลข้อมูลภาครัฐ") stay split so that their parts still match.
    """
    return {
        run for text in texts for run in _THAI_RUN.findall(normalize_text(text)) if _is_unknown(run)
    }


_judged_runs: dict[str, bool] = {}


def _is_unknown(run: str) -> bool:
    known = _remembered_runs.get(run)
    if known is None:
        known = _judged_runs.get(run)
    if known is None:
        base = thai_word_list()
        known = len(run) <= 30 and run not in base and any(
            piece not in base for piece in word_tokenize(run, custom_dict=base)
        )
        if len(_judged_runs) < 8192:
            _judged_runs[run] = known
    return known


def compact(words: Iterable[str]) -> str:
    """Words joined without spaces: the form names and aliases are compared in."""
    return "".join(words)


def has_thai(text: str) -> bool:
    return bool(_THAI.search(text))
