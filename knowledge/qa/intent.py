"""What a question asks: a definition, where something sits, a level's criteria, what an
abbreviation stands for, or a stage's name; and the level, year, agency type and "ข้อนี้" in it.

Works on normalised text (``text.normalize_text``). The phrases that say *how* something is
asked are removed from the topic, so that only *what* is asked is matched against the entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from scoring.model import CriteriaType

Intent = Literal["definition", "location", "level", "abbreviation", "stage"]

_ABBREVIATION = re.compile(
    r"(?:ตัว)?ย่อ\s*(?:มา\s*)?(?:จาก|ว่า|ของ)|ตัวย่อ|ชื่อเต็ม|มาจากคำว่า|"
    r"stands?\s+for|full\s+(?:name|form)|abbreviation"
)
_PLACE_WORD = r"(?:ตัวชี้วัด(?:ย่อย)?|ด้าน|หมวด(?:หมู่)?|pillar|sub\s*pillar|ข้อ|ส่วน|มิติ|ประเด็น|กลุ่ม)"
_LOCATION = re.compile(
    r"(?:อยู่|นับ|จัด|เป็น)\s*(?:อยู่)?\s*(?:ใน|ที่)?\s*"
    + _PLACE_WORD
    + r"\s*(?:ใด|ไหน|อะไร|ที่\s*เท่า\s*(?:ไร|ไหร่|ใด))"
    r"|(?:อยู่|นับ)\s*(?:ตรง|ที่)\s*ไหน|คือ\s*" + _PLACE_WORD + r"\s*(?:ไหน|ใด|อะไร)"
    r"|" + _PLACE_WORD + r"\s*ที่\s*เท่า\s*(?:ไร|ไหร่)"
    r"|(?:which|what)\s+(?:pillar|sub\s*pillar|indicator|part)|where\s+(?:is|does|do)"
)
_LEVEL_NUMBER = re.compile(r"(?:ระดับ(?:ขั้น)?(?:ที่)?|ขั้นที่|level|lv|stage)\s*([1-5])(?!\d)")
_TOP = re.compile(
    r"ได้\s*(?:คะแนน\s*)?เต็ม|คะแนนเต็ม|ระดับสูงสุดของ(?:ข้อ|ด้าน|ประเด็น)|full\s+marks?|top\s+level"
)
_LEVEL_WORDS = re.compile(
    r"เกณฑ์|แต่ละระดับ|ทุกระดับ|ได้\s*ระดับ|ถึง\s*(?:จะ)?\s*ได้|ถึงระดับ|criteria|criterion|levels"
)
_STAGE_NAME = re.compile(
    r"ชื่อ\s*(?:ว่า)?\s*(?:อะไร|ไร)|เรียก\s*(?:ว่า)?\s*(?:อะไร|ไร)|ภาษาอังกฤษ|"
    r"เป็น\s*(?:ขั้น|ระดับ)\s*(?:ที่\s*เท่า\s*(?:ไร|ไหร่)|ไหน)|(?:ขั้น|ระดับ)\s*ที่\s*เท่า\s*(?:ไร|ไหร่)|"
    r"what\s+is\s+(?:the\s+)?name|called"
)
_STAGE_ORDINAL = re.compile(r"ขั้น\s*(แรก|สุดท้าย|สูงสุด|ต่ำสุด)")
_ORDINALS = {"แรก": 1, "ต่ำสุด": 1, "สุดท้าย": 5, "สูงสุด": 5}
_YEAR = re.compile(r"(25(?:65|66))")
_THIS_ISSUE = re.compile(r"ข้อ\s*นี้|ข้อ\s*นี่|คำถาม\s*นี้|ประเด็น\s*นี้|^(?:อันนี้|ตรงนี้|อันนี่)")
# How officials point at a part of the questionnaire: "ข้อที่ถามว่า…", "ด้าน …", "ตัวชี้วัดที่ดู…".
_ITEM_CUE = re.compile(
    r"^(?:ข้อ|คำถาม|หัวข้อ|ประเด็น|เรื่อง)\s*(?:ที่|ซึ่ง)\s*"
    r"(?:ถาม|ดู|วัด|ให้|นับ|ประเมิน|ว่าด้วย|เกี่ยวกับ|เกี่ยวข้องกับ)?\s*(?:ว่า)?|^(?:ประเด็น|ด้าน)(?=\s*[a-z])"
)
_PILLAR_CUE = re.compile(
    r"^(?:ตัวชี้วัด(?:หลัก)?|หมวด)\s*(?:ที่|ซึ่ง)\s*(?:ถาม|ดู|วัด|ว่าด้วย|เกี่ยวกับ|เกี่ยวข้องกับ)\s*(?:ว่า)?"
)
_SUB_PILLAR_CUE = re.compile(
    r"^(?:ตัวชี้วัดย่อย|ส่วน)\s*(?:ที่|ซึ่ง)?\s*(?:ถาม|ดู|วัด|ว่าด้วย|เกี่ยวกับ|เรื่อง)\s*(?:ว่า)?"
)
Scope = Literal["issue", "sub_pillar", "pillar", "stage"]
_STAGE_WORD = re.compile(r"ขั้น|ระดับ|stage|level")
_SERVICE = re.compile(
    r"หน่วยงาน\s*(?:ที่|ของ)?\s*(?:เรา)?\s*(?:เป็น)?\s*(?:ให้)?\s*บริการ|service\s+agenc"
)
_POLICY = re.compile(
    r"หน่วยงาน\s*(?:ที่|ของ)?\s*(?:เรา)?\s*(?:เป็น)?\s*(?:ทำ|จัดทำ|ด้าน)?\s*(?:นโยบาย|กำกับดูแล|ประสานงาน)"
    r"|policy\s+agenc"
)


@dataclass(frozen=True)
class Parsed:
    text: str  # the whole normalised question
    topic: str  # what is asked about, without the intent phrases
    intent: Intent
    level: int | None = None
    top: bool = False  # "ได้เต็ม": the issue's own top level
    year: int | None = None
    this_issue: bool = False
    criteria_type: CriteriaType | None = None
    # A stage-name question ("ระดับ 4 ปี 2566 ชื่ออะไร"): the stage number.
    stage: int | None = None
    # The kind of entry pointed at ("ข้อที่ถามว่า…" is an issue), if the question says.
    scope: Scope | None = None


def parse(normalized: str) -> Parsed:
    text = normalized
    topic = text
    criteria_type = _criteria_type(topic)
    this_issue = bool(_THIS_ISSUE.search(topic))
    topic = _THIS_ISSUE.sub(" ", topic).strip()
    scope: Scope | None = None
    for pattern, kind in (
        (_SUB_PILLAR_CUE, "sub_pillar"),
        (_PILLAR_CUE, "pillar"),
        (_ITEM_CUE, "issue"),
    ):
        if pattern.search(topic):
            scope = kind  # type: ignore[assignment]
            topic = pattern.sub(" ", topic, count=1)
            break
    years = set(_YEAR.findall(topic))
    year = int(years.pop()) if len(years) == 1 else None
    levels = {int(n) for n in _LEVEL_NUMBER.findall(topic)}
    level = next(iter(levels)) if len(levels) == 1 else None
    top = bool(_TOP.search(topic))
    ordinal = _STAGE_ORDINAL.search(topic)

    intent: Intent = "definition"
    stage = None
    if _ABBREVIATION.search(topic):
        intent = "abbreviation"
        topic = _ABBREVIATION.sub(" ", topic)
    elif _LOCATION.search(topic):
        intent = "location"
        topic = _LOCATION.sub(" ", topic)
    elif _STAGE_NAME.search(topic) and (level or ordinal):
        intent = "stage"
        stage = level if level else _ORDINALS[ordinal.group(1)] if ordinal else None
        topic = _STAGE_NAME.sub(" ", _STAGE_ORDINAL.sub(" ", topic))
    elif _STAGE_NAME.search(topic) and _STAGE_WORD.search(topic):
        scope = "stage"  # "Digitized เป็นขั้นไหนของโครงสร้างพื้นฐาน"
        topic = _STAGE_NAME.sub(" ", topic)
    elif levels or top or _LEVEL_WORDS.search(topic):
        intent = "level"
        topic = _LEVEL_WORDS.sub(" ", _TOP.sub(" ", topic))
        for pattern in (_SERVICE, _POLICY):
            topic = pattern.sub(" ", topic)
    if intent in ("level", "stage"):
        topic = _LEVEL_NUMBER.sub(" ", topic)
    return Parsed(
        text=text,
        topic=" ".join(topic.split()),
        intent=intent,
        level=level if intent == "level" else None,
        top=top and intent == "level",
        year=year,
        this_issue=this_issue,
        criteria_type=criteria_type if intent == "level" or this_issue else None,
        stage=stage,
        scope=scope,
    )


def _criteria_type(text: str) -> CriteriaType | None:
    if _POLICY.search(text):
        return "policy"
    if _SERVICE.search(text):
        return "service"
    return None
