"""Messages that ask about nothing: greetings, thanks, a bare reply ("ครับ", "โอเค", "555", an
emoji) and "I'm lost" ("งง", "ไม่เข้าใจ", "?"). Each gets a short reply with the menu instead
of being searched as a topic and declined."""

from __future__ import annotations

import re
from typing import Literal

from knowledge.qa.text import GREETINGS, OPENERS, QUESTION_WORDS, THANKS, Tokenizer, word_set

SmallTalkKind = Literal["greeting", "thanks", "acknowledgement", "confused"]

# Words that may come with a greeting or thanks without making it a question.
_FILLER = word_set(
    "มาก มากๆ ๆ เลย so much you very good ทุกคน สำหรับ ข้อมูล คำตอบ ความช่วยเหลือ for the help"
)
_ACKNOWLEDGEMENTS = OPENERS | word_set(
    "oke เค ได้ ได้เลย ทราบแล้ว เข้าใจ เข้าใจแล้ว แล้ว ใช่ ไม่ใช่ ไม่ อืม อือ "
    "ดี ดีมาก เยี่ยม เจ๋ง 👍 🙏 yes no yep nope sure fine"
)
_CONFUSED = word_set("งง ไม่เข้าใจ สับสน ทำต่อ ต่อไป ยังไงต่อ")
_LAUGHTER = re.compile(r"(?:5{3,}|(?:ฮ่า|ฮา)+|ๆ+|ha(?:ha)+|lol)+")
_PARTICLES_ONLY = word_set(
    "ค่ะ คะ ค่า ครับ คับ ค้าบ ครัช ครับผม ฮะ ฮับ งับ จ้ะ จ้า จ๊ะ จ๊า นะ น่ะ นะคะ นะครับ อะ อ่ะ อ่า เออ ใช่ ผม ดิฉัน"
)


def small_talk(tokenizer: Tokenizer, normalized: str, typed: str = "") -> SmallTalkKind | None:
    """``normalized``: the text as the Q&A normalises it; ``typed``: as typed (normalising
    drops emoji and punctuation)."""
    if not any(ch.isalnum() for ch in normalized):  # emoji, "?", "..." alone
        return "confused" if "?" in typed or "？" in typed else "acknowledgement"
    tokens = set(tokenizer.words(normalized))
    if tokens and all(_LAUGHTER.fullmatch(token) for token in tokens):
        return "acknowledgement"
    words = tokens - QUESTION_WORDS - _FILLER
    if not words:
        # Only particles ("ครับ") or "ใช่": a reply, not a question about anything.
        return "acknowledgement" if tokens <= _PARTICLES_ONLY else None
    if words <= THANKS | GREETINGS:
        return "thanks" if words & THANKS else "greeting"
    if {"ไม่", "เข้าใจ"} <= words:  # cut in two by the tokenizer
        words = words - {"ไม่", "เข้าใจ"} | {"ไม่เข้าใจ"}
    if words <= _CONFUSED | _ACKNOWLEDGEMENTS and words & _CONFUSED:
        return "confused"
    if words <= _ACKNOWLEDGEMENTS:
        return "acknowledgement"
    return None
