"""Audit details in Thai words ("ตัวกรอง: ประเภทหน่วยงาน หน่วยงานระดับจังหวัด · 12 แถว")
instead of the stored dict. Unknown keys are still shown, as they are."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from admin.assessment_query import SCOPE_FILTERS, STATUS_FILTERS
from admin.display import AGENCY_TYPE_LABELS, STATUS_LABELS, THAI_MONTHS
from admin.permissions import ROLE_LABELS

KEYS_SHOWN = 5


def _day(raw: str) -> str:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return raw
    return f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + 543}"


FILTER_WORDS: dict[str, Callable[[str], str]] = {
    "agency_type": lambda v: f"ประเภทหน่วยงาน {AGENCY_TYPE_LABELS.get(v, v)}",
    "year": lambda v: f"ปีกรอบการประเมิน {v}",
    "date_from": lambda v: f"เริ่มประเมินตั้งแต่ {_day(v)}",
    "date_to": lambda v: f"ถึง {_day(v)}",
    "level": lambda v: f"ระดับภาพรวม {v}",
    "status": lambda v: f"สถานะ {STATUS_FILTERS.get(v, v)}",
    "scope": lambda v: f"ขอบเขต {SCOPE_FILTERS.get(v, v)}",
    "q": lambda v: f"ชื่อหน่วยงานมีคำว่า “{v}”",
    "segment": lambda v: f"กลุ่มจากกราฟแดชบอร์ด ({v})",
}


def _filters(value: Any) -> str:
    if not isinstance(value, Mapping) or not value:
        return "ตัวกรอง: ไม่มี (ทุกรายการ)"
    words = [FILTER_WORDS.get(k, lambda v, k=k: f"{k} {v}")(str(v)) for k, v in value.items()]
    return "ตัวกรอง: " + ", ".join(words)


def _keys(value: Any) -> str:
    keys = [str(k) for k in value] if isinstance(value, list) else [str(value)]
    more = f" และอีก {len(keys) - KEYS_SHOWN} ข้อความ" if len(keys) > KEYS_SHOWN else ""
    return "รหัสข้อความ " + ", ".join(keys[:KEYS_SHOWN]) + more


WORDS: dict[str, Callable[[Any], str]] = {
    "filters": _filters,
    "rows": lambda v: f"{v:,} แถว" if isinstance(v, int) else f"{v} แถว",
    "version": lambda v: f"ฉบับที่ {v}",
    "from_version": lambda v: f"กู้คืนจากฉบับที่ {v}",
    "agency_name": lambda v: f"หน่วยงาน {v or '(ไม่ระบุชื่อ)'}",
    "agency_type": lambda v: f"ประเภท {AGENCY_TYPE_LABELS.get(v, v)}",
    "framework_year": lambda v: f"ปีกรอบการประเมิน {v}",
    "status": lambda v: f"สถานะ {STATUS_LABELS.get(v, v)}",
    "assessments_deleted": lambda v: f"ลบแบบประเมิน {v} รายการ",
    "assessments_kept": lambda v: f"คงไว้กับหน่วยงาน {v} รายการ",
    "assessments_moved": lambda v: f"ย้ายแบบประเมิน {v} รายการ",
    "respondents_moved": lambda v: f"ย้ายผู้ตอบ {v} คน",
    "from_agency": lambda v: f"จากหน่วยงาน {v}",
    "into_agency": lambda v: f"เข้ากับหน่วยงาน {v}",
    "changes": lambda v: f"แก้ไข {v}",
    "role": lambda v: f"บทบาท {ROLE_LABELS.get(v, v)}",
    "name": lambda v: f"คำ “{v}”",
    "year": lambda v: f"ปีกรอบการประเมิน {v}",
    "texts": lambda v: f"{v} ข้อความ",
    "keys": _keys,
}


def describe(detail: Mapping[str, Any] | None) -> str:
    """One line of Thai for an audit entry's detail ("" when there is none)."""
    if not detail:
        return ""
    parts = [
        WORDS[key](value) if key in WORDS else f"{key}: {value}" for key, value in detail.items()
    ]
    return " · ".join(parts)
