"""How things are shown: Thai dates (Bangkok time), labels, level colours, pagination."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from storage.assessments import Status
from storage.texts import SYSTEM_AUTHOR

# Thailand keeps UTC+7 all year.
BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")

THAI_MONTHS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

AGENCY_TYPE_LABELS = {
    "service": "ให้บริการเป็นหลัก",
    "policy": "นโยบาย/กำกับดูแล/ประสานงาน",
    "provincial": "หน่วยงานระดับจังหวัด",
}

TEXT_KEY_LABELS = {
    "all": "ทุกประเภทหน่วยงาน",
    "service": "หน่วยงานที่ให้บริการเป็นหลัก (รวมหน่วยงานระดับจังหวัด)",
    "policy": "หน่วยงานด้านนโยบาย กำกับดูแล หรือประสานงาน",
}

STATUS_LABELS = {
    Status.COMPLETED: "ประเมินเสร็จแล้ว",
    Status.IN_PROGRESS: "กำลังประเมิน",
    Status.CANCELLED: "ยกเลิก",
}

# Colours of levels 1–5 as in the 2565 report: dark red, red, orange, yellow, green (the green
# a little darker than the report's so white text on it keeps AA contrast, 5.3:1).
LEVEL_COLORS = {1: "#8b1a1a", 2: "#d92d20", 3: "#f79009", 4: "#fdd835", 5: "#0e7c3a"}
LEVEL_TEXT_COLORS = {1: "#ffffff", 2: "#ffffff", 3: "#1f2933", 4: "#1f2933", 5: "#ffffff"}


def band_label(band: str) -> str:
    if band.startswith("stage-"):
        return f"ขั้นที่ {band.removeprefix('stage-')}"
    return f"ระดับ {band.replace('-', '–')}"


def in_bangkok(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # SQLite returns naive UTC datetimes
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BANGKOK)


def thai_datetime(moment: datetime | None) -> str:
    """21 พ.ย. 2569 18:05 น. (Buddhist era, Bangkok time)."""
    if moment is None:
        return "–"
    local = in_bangkok(moment)
    month = THAI_MONTHS[local.month - 1]
    return f"{local.day} {month} {local.year + 543} {local:%H:%M} น."


def iso_local(moment: datetime | None) -> str:
    """2026-11-21 18:05 (Bangkok time), for exports."""
    return "" if moment is None else f"{in_bangkok(moment):%Y-%m-%d %H:%M}"


def duration_text(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def number_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


@dataclass(frozen=True)
class Pagination:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def current(self) -> int:
        return min(self.page, self.pages)

    @property
    def offset(self) -> int:
        return (self.current - 1) * self.per_page


def page_number(args: Mapping[str, str]) -> int:
    raw = args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 1_000_000 else 1


def author_name(author: str) -> str:
    """Who saved a version, for people: the shipped texts were loaded by no one."""
    return "ระบบ (ข้อความตั้งต้น)" if author == SYSTEM_AUTHOR else author
