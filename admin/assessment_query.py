"""Filters of the assessment list, shared by the list page and the exports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from admin.display import AGENCY_TYPE_LABELS, BANGKOK
from storage.assessments import Status
from storage.models import Assessment

STATUS_FILTERS = {"completed": "ประเมินเสร็จแล้ว", "unfinished": "ยังไม่เสร็จ/ยกเลิก"}


def _date(raw: str, label: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{label}ไม่ถูกต้อง (ใช้รูปแบบ ปปปป-ดด-วว เช่น 2025-01-31) จึงไม่ได้ใช้ตัวกรองนี้")
        return None


def _bangkok_midnight(day: date) -> datetime:
    # In UTC: SQLite compares stored UTC timestamps as text, ignoring any offset.
    return datetime.combine(day, time.min, tzinfo=BANGKOK).astimezone(UTC)


@dataclass(frozen=True)
class AssessmentFilter:
    agency_type: str = ""
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    level: int | None = None
    status: str = ""
    q: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AssessmentFilter:
        """Unknown or malformed values are dropped with a Thai note, never a 400."""
        errors: list[str] = []
        agency_type = args.get("agency_type", "")
        year_raw = args.get("year", "")
        level_raw = args.get("level", "")
        status = args.get("status", "")
        date_from = _date(args.get("date_from", ""), "วันที่เริ่ม", errors)
        date_to = _date(args.get("date_to", ""), "วันที่สิ้นสุด", errors)
        if date_from and date_to and date_from > date_to:
            errors.append("วันที่เริ่มอยู่หลังวันที่สิ้นสุด กรุณาตรวจสอบช่วงวันที่")
        return cls(
            agency_type=agency_type if agency_type in AGENCY_TYPE_LABELS else "",
            year=int(year_raw) if year_raw.isdigit() and len(year_raw) == 4 else None,
            date_from=date_from,
            date_to=date_to,
            level=int(level_raw) if level_raw in {"1", "2", "3", "4", "5"} else None,
            status=status if status in STATUS_FILTERS else "",
            q=" ".join(args.get("q", "").split())[:200],
            errors=tuple(errors),
        )

    def to_args(self) -> dict[str, str]:
        """The filter as query/form arguments (empty ones left out)."""
        values = {
            "agency_type": self.agency_type,
            "year": str(self.year or ""),
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "level": str(self.level or ""),
            "status": self.status,
            "q": self.q,
        }
        return {key: value for key, value in values.items() if value}

    def apply(self, query: Select) -> Select:
        if self.agency_type:
            query = query.where(Assessment.agency_type == self.agency_type)
        if self.year:
            query = query.where(Assessment.framework_year == self.year)
        # Dates are days in Bangkok time, on the day the assessment started, both inclusive.
        if self.date_from:
            query = query.where(Assessment.started_at >= _bangkok_midnight(self.date_from))
        if self.date_to:
            end = _bangkok_midnight(self.date_to + timedelta(days=1))
            query = query.where(Assessment.started_at < end)
        if self.level:
            query = query.where(Assessment.overall_level == self.level)
        if self.status == "completed":
            query = query.where(Assessment.status == Status.COMPLETED)
        elif self.status == "unfinished":
            query = query.where(Assessment.status != Status.COMPLETED)
        if self.q:
            pattern = self.q.lower()
            query = query.where(
                func.lower(func.coalesce(Assessment.agency_name, "")).contains(
                    pattern, autoescape=True
                )
            )
        return query


def filtered(flt: AssessmentFilter) -> Select:
    """Assessments matching the filter, newest first."""
    return flt.apply(select(Assessment)).order_by(
        Assessment.started_at.desc(), Assessment.id.desc()
    )
