"""How framework names and answers are shown in Thai, the same in the bot and the admin."""

from __future__ import annotations

from scoring.answers import NO, PARTIAL, UNSURE, YES

YES_NO_LABELS = {YES: "ใช่", NO: "ไม่ใช่", PARTIAL: "กำลังดำเนินการ", UNSURE: "ไม่แน่ใจ"}


def bilingual_name(name_th: str, name_en: str) -> str:
    """ "ธรรมาภิบาลข้อมูล (Data Governance)"; the Thai name alone when it already contains
    the English one (or there is none)."""
    if name_en.lower() in name_th.lower():
        return name_th
    return f"{name_th} ({name_en})"
