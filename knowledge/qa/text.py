"""Text handling of the Q&A: normalisation, tokens, question words, small talk.

Everything works offline: pythainlp's bundled word list and ``newmm`` tokenizer, with the
domain terms of the index added as an overlay dictionary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pythainlp.tokenize import word_dict_trie, word_tokenize
from pythainlp.util import Trie, normalize, thai_digit_to_arabic_digit

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")
# Zero-width characters, soft hyphens and direction marks: invisible in LINE, kept in
# typed text (bot.flow.clean removes them too).
INVISIBLE = re.compile(r"[\u00AD\u200B-\u200F\u2060\uFEFF]")
# Three or more of the same letter is emphasis ("ครับบบบ", "ค่าาา"); digits keep their runs.
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
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


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Question phrases removed before tokenising, because newmm may cut them across the next word
# ("หมายถึงขั้นไหน" → หมาย|ถึงขั้น|ไหน).
_QUESTION_PHRASES = re.compile("คืออะไร|คือไร|หมายถึง|หมายความว่า|แปลว่า|ขอความหมาย|ความหมายของ")

# Question words, polite particles and filler: they say how something is asked, not what.
QUESTION_WORDS = _word_set(
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
_FILLER = _word_set(
    """
    จริง จริงๆ แบบไหน แบบ ยังไง ตรงไหน เกี่ยว เกี่ยวข้อง มัน เนี่ย นี่ เค้า ยัง ใช่ ปะ ป่ะ ไหน
    ใช้ ได้ จะ แล้ว กัน กันแน่ ตกลง เอ่อ อื่น อะไรบ้าง เช่น ของ ใน ที่ และ กับ แต่ ก็
    used use for in on to with as count counts our we they it this that there their be can
    """
)

_GREETINGS = _word_set("สวัสดี หวัดดี อรุณสวัสดิ์ hello hi hey hiya morning")
_THANKS = _word_set("ขอบคุณ ขอบใจ ขอบพระคุณ thank thanks thx ty แต๊งกิ้ว")
# Words that may come with a greeting or thanks without making it a question.
_SMALL_TALK_FILLER = _word_set(
    "มาก มากๆ ๆ เลย so much you very good ทุกคน สำหรับ ข้อมูล คำตอบ ความช่วยเหลือ for the help"
)
_NOT_TOPIC = QUESTION_WORDS | _GREETINGS | _THANKS

SmallTalkKind = Literal["greeting", "thanks"]


class _OverlayTrie(Trie):
    """pythainlp's shared word list plus the index's own terms, without copying the word list.

    ``newmm`` only asks a dictionary for ``prefixes``; building a full trie of the 62,000-word
    list takes ~0.4 s, which an index rebuilt after every admin edit should not pay.
    """

    def __init__(self, base: Trie, words: Iterable[str]) -> None:
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
        self._trie = _OverlayTrie(word_dict_trie(), terms | _GREETINGS | _THANKS)
        self._seen: dict[str, tuple[str, ...]] = {}

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
        return len(word) >= 2 and word in word_dict_trie()

    def small_talk(self, normalized: str) -> SmallTalkKind | None:
        words = set(self.words(normalized)) - QUESTION_WORDS - _SMALL_TALK_FILLER
        if not words:
            return None
        if words <= _THANKS | _GREETINGS:
            return "thanks" if words & _THANKS else "greeting"
        return None


@lru_cache(maxsize=4)
def _tokenizer(terms: frozenset[str]) -> Tokenizer:
    return Tokenizer(terms)


def _unknown_thai_terms(texts: Iterable[str]) -> set[str]:
    """Thai runs of the names and aliases that the word list would cut into unknown pieces.

    Transliterations and abbreviations ("ดาต้าโกเวอร์แนนซ์", "สพร") become one token; runs made of
    known words ("ธรรมาภิบาลข้อมูลภาครัฐ") stay split so that their parts still match.
    """
    return {
        run for text in texts for run in _THAI_RUN.findall(normalize_text(text)) if _is_unknown(run)
    }


@lru_cache(maxsize=8192)
def _is_unknown(run: str) -> bool:
    base = word_dict_trie()
    if run in base or len(run) > 30:
        return False
    return any(piece not in base for piece in word_tokenize(run, custom_dict=base))


def compact(words: Iterable[str]) -> str:
    """Words joined without spaces: the form names and aliases are compared in."""
    return "".join(words)


def has_thai(text: str) -> bool:
    return bool(_THAI.search(text))
