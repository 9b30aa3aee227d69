"""Reading what an official types: Thai digits, invisible characters, polite particles.

Shared by every question kind and by the chat's command matching, so a command or an
answer typed with a soft hyphen, a direction mark or Thai digits reads the same.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and direction marks, soft hyphens and BOMs that phones and copy-paste add.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_PARTICLES = re.compile(r"\s*(ครับผม|ครับ|คับ|ค่ะ|คะ|ค่า|จ้ะ|จ้า|นะ|ฮะ)+\s*$")
# Words that make typed text a question for the Q&A rather than an answer.
_QUESTION = re.compile(
    r"(\?|？|คืออะไร|หมายถึง|หมายความว่า|อะไร|อย่างไร|ยังไง|ไหม|มั้ย|หรือเปล่า|รึเปล่า|ทำไม|แปลว่า"
    r"|ย่อมาจาก|what|how|why)",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """NFC, Arabic digits, no invisible characters, trimmed."""
    text = unicodedata.normalize("NFC", text.translate(_THAI_DIGITS))
    return INVISIBLE.sub("", text).strip()


def without_particles(text: str) -> str:
    """ "มีครับ" → "มี", "85 ค่ะ" → "85"; a bare "ครับ" stays "ครับ" (it is not an answer)."""
    stripped = _PARTICLES.sub("", text)
    return stripped or text


def normalized(text: str) -> str:
    """What typed answers are compared as: cleaned, one space, no particles, lower case."""
    return without_particles(" ".join(clean(text).split())).lower()


def looks_like_question(text: str) -> bool:
    return bool(_QUESTION.search(text))
