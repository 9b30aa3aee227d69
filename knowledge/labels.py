"""How framework names and answers are shown in Thai, the same in the bot and the admin."""

from __future__ import annotations

import re

from scoring.answers import NO, PARTIAL, UNSURE, YES
from scoring.model import LevelRule

YES_NO_LABELS = {YES: "ใช่", NO: "ไม่ใช่", PARTIAL: "กำลังดำเนินการ", UNSURE: "ไม่แน่ใจ"}


def bilingual_name(name_th: str, name_en: str) -> str:
    """ "ธรรมาภิบาลข้อมูล (Data Governance)"; the Thai name alone when it already contains
    the English one (or there is none). Brackets are never nested: "Data Management
    (database updating)" shows as "(Data Management – database updating)", and a Thai
    name ending in an English short name joins it: "… (DCIO – Departmental Chief …)"."""
    english = re.sub(r"\s*\(([^()]*)\)", r" – \1", name_en).strip()
    if not english or english.lower() in name_th.lower():
        return name_th
    tail = re.match(r"^(.*\S)\s+\(([^()]*[A-Za-z][^()]*)\)$", name_th)
    if tail and not re.search(r"[\u0e00-\u0e7f]", tail.group(2)):
        return f"{tail.group(1)} ({tail.group(2)} – {english})"
    return f"{name_th} ({english})"


# Groups within a cohort (scoring.rules.GROUP_THRESHOLDS), as officials read them.
GROUP_NAMES_TH = {"Very High": "สูงมาก", "High": "สูง", "Middle": "ปานกลาง", "Low": "ต่ำ"}
NOT_COVERED_NOTE = (
    "ไม่รวม {count} ตัวชี้วัดย่อยที่อยู่นอกแบบจำลองระดับความพร้อม (Maturity Model) "
    "ซึ่งไม่มีเกณฑ์ระดับ"
)
OWN_SCALE_NOTE = (
    "ประเด็นที่แบ่งเป็นขั้น หรือมีระดับสูงสุดต่ำกว่า 5 แสดงตามขั้นของประเด็นเอง "
    "และนับเป็นระดับ 5 ในค่าเฉลี่ยเมื่อถึงขั้นสูงสุด"
)


def has_own_scale(rule: LevelRule) -> bool:
    """An issue shown on its own scale: stages, or a top below 5."""
    return rule.scale == "stage" or rule.top < 5


def issue_level_label(rule: LevelRule, raw_level: int) -> str:
    """An issue's level in its own scale (DECISIONS.md, "Capped issues … and stage
    scales"): "ขั้นที่ 2 จาก 3", "ระดับสูงสุดของประเด็นนี้", never a 1–5 level that
    contradicts the value used in averages."""
    if rule.scale == "stage":
        label = f"ขั้นที่ {raw_level} จาก {rule.top}"
        return f"{label} (สูงสุดของประเด็นนี้)" if raw_level >= rule.top else label
    if rule.top < 5:
        if raw_level >= rule.top:
            return f"ระดับสูงสุดของประเด็นนี้ (ระดับ {raw_level} จาก {rule.top})"
        return f"ระดับ {raw_level} จาก {rule.top}"
    return f"ระดับ {raw_level}"
