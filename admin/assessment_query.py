"""Filters and order of the assessment list, shared by the list page, the exports and the
dashboard's links (every chart segment opens the list that it counts)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, func, select

from admin.display import AGENCY_TYPE_LABELS, BANGKOK
from storage.assessments import Status
from storage.models import Assessment

STATUS_FILTERS = {
    "completed": "ประเมินเสร็จแล้ว",
    "unfinished": "ยังไม่เสร็จ/ยกเลิก",
    "in_progress": "กำลังประเมิน (พักไว้)",
}
SCOPE_FILTERS = {"whole": "ทั้งกรอบการประเมิน", "pillar": "บางตัวชี้วัด"}
PAGE_SIZES = (20, 50, 100)

# Sortable columns: URL key → (Thai column name, the column, first direction on a click).
SORTS: dict[str, tuple[str, ColumnElement, str]] = {
    "id": ("เลขที่", Assessment.id, "desc"),
    "agency": ("หน่วยงาน", func.coalesce(Assessment.agency_name, ""), "asc"),
    "type": ("ประเภท", Assessment.agency_type, "asc"),
    "year": ("ปี", Assessment.framework_year, "desc"),
    "status": ("สถานะ", Assessment.status, "asc"),
    "level": ("ระดับ", Assessment.overall_level, "desc"),
    "score": ("คะแนนประเมินตนเอง", Assessment.overall_percent, "desc"),
    "started": ("เริ่มประเมิน", Assessment.started_at, "desc"),
}
DEFAULT_SORT = ("started", "desc")
SEGMENT = re.compile(r"[a-z]{1,10}(:[A-Za-z0-9._-]{1,40}){0,2}")


def _date(raw: str, label: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{label}ไม่ถูกต้อง (ใช้รูปแบบ ปปปป-ดด-วว เช่น 2025-01-31) จึงไม่ได้ใช้ตัวกรองนี้")
        return None


def bangkok_midnight(day: date) -> datetime:
    # In UTC: SQLite compares stored UTC timestamps as text, ignoring any offset.
    return datetime.combine(day, time.min, tzinfo=BANGKOK).astimezone(UTC)


def _choice(raw: str, allowed: Collection[str]) -> str:
    return raw if raw in allowed else ""


@dataclass(frozen=True)
class AssessmentFilter:
    agency_type: str = ""
    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    # Overall level: whole-framework results only (a one-pillar level is not an overall).
    level: int | None = None
    status: str = ""
    scope: str = ""
    q: str = ""
    # A dashboard chart segment ("overall:5", "pillar:P1:3" …; see admin.segments).
    segment: str = ""
    # Only these ids (set by the dashboard's links: the results a chart segment counts).
    ids: frozenset[int] | None = None
    # What ``ids`` stands for, in Thai, shown above the list.
    ids_label: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AssessmentFilter:
        """Unknown or malformed values are dropped with a Thai note, never a 400."""
        errors: list[str] = []
        year_raw = args.get("year", "")
        level_raw = args.get("level", "")
        date_from = _date(args.get("date_from", ""), "วันที่เริ่ม", errors)
        date_to = _date(args.get("date_to", ""), "วันที่สิ้นสุด", errors)
        if date_from and date_to and date_from > date_to:
            errors.append("วันที่เริ่มอยู่หลังวันที่สิ้นสุด กรุณาตรวจสอบช่วงวันที่")
        return cls(
            agency_type=_choice(args.get("agency_type", ""), AGENCY_TYPE_LABELS),
            year=int(year_raw) if year_raw.isdigit() and len(year_raw) == 4 else None,
            date_from=date_from,
            date_to=date_to,
            level=int(level_raw) if level_raw in {"1", "2", "3", "4", "5"} else None,
            status=_choice(args.get("status", ""), STATUS_FILTERS),
            scope=_choice(args.get("scope", ""), SCOPE_FILTERS),
            q=" ".join(args.get("q", "").split())[:200],
            segment=args.get("segment", "") if SEGMENT.fullmatch(args.get("segment", "")) else "",
            errors=tuple(errors),
        )

    def with_ids(self, ids: Collection[int], label: str) -> AssessmentFilter:
        return replace(self, ids=frozenset(ids), ids_label=label)

    def to_args(self) -> dict[str, str]:
        """The filter as query/form arguments (empty ones left out)."""
        values = {
            "agency_type": self.agency_type,
            "year": str(self.year or ""),
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "level": str(self.level or ""),
            "status": self.status,
            "scope": self.scope,
            "q": self.q,
            "segment": self.segment,
        }
        return {key: value for key, value in values.items() if value}

    @property
    def active(self) -> int:
        """How many filters are set (shown on the folded filter box)."""
        return len(self.to_args())

    def apply(self, query: Select) -> Select:
        if self.agency_type:
            query = query.where(Assessment.agency_type == self.agency_type)
        if self.year:
            query = query.where(Assessment.framework_year == self.year)
        # Dates are days in Bangkok time, on the day the assessment started, both inclusive.
        if self.date_from:
            query = query.where(Assessment.started_at >= bangkok_midnight(self.date_from))
        if self.date_to:
            end = bangkok_midnight(self.date_to + timedelta(days=1))
            query = query.where(Assessment.started_at < end)
        if self.level:
            query = query.where(Assessment.overall_level == self.level, Assessment.scope.is_(None))
        query = self._status_and_scope(query)
        if self.q:
            pattern = self.q.lower()
            query = query.where(
                func.lower(func.coalesce(Assessment.agency_name, "")).contains(
                    pattern, autoescape=True
                )
            )
        if self.ids is not None:
            query = query.where(Assessment.id.in_(sorted(self.ids)))
        return query

    def _status_and_scope(self, query: Select) -> Select:
        if self.status == "completed":
            query = query.where(Assessment.status == Status.COMPLETED)
        elif self.status == "unfinished":
            query = query.where(Assessment.status != Status.COMPLETED)
        elif self.status == "in_progress":
            query = query.where(Assessment.status == Status.IN_PROGRESS)
        if self.scope == "whole":
            query = query.where(Assessment.scope.is_(None))
        elif self.scope == "pillar":
            query = query.where(Assessment.scope.is_not(None))
        return query


@dataclass(frozen=True)
class ListOrder:
    """The list's sort column and direction, and its page size (kept in the URL)."""

    sort: str = DEFAULT_SORT[0]
    direction: str = DEFAULT_SORT[1]
    per_page: int = PAGE_SIZES[0]

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ListOrder:
        sort = args.get("sort", "")
        direction = args.get("dir", "")
        size = args.get("per_page", "")
        if sort not in SORTS:
            sort, direction = DEFAULT_SORT
        if direction not in {"asc", "desc"}:
            direction = SORTS[sort][2]
        per_page = int(size) if size.isdigit() and int(size) in PAGE_SIZES else PAGE_SIZES[0]
        return cls(sort, direction, per_page)

    def to_args(self) -> dict[str, str]:
        values = {}
        if (self.sort, self.direction) != DEFAULT_SORT:
            values.update(sort=self.sort, dir=self.direction)
        if self.per_page != PAGE_SIZES[0]:
            values["per_page"] = str(self.per_page)
        return values

    def toggled(self, sort: str) -> dict[str, str]:
        """Arguments for a click on a column header: that column, or the other direction."""
        if sort == self.sort:
            direction = "asc" if self.direction == "desc" else "desc"
        else:
            direction = SORTS[sort][2]
        return replace(self, sort=sort, direction=direction).to_args() | {"sort": sort}

    def aria(self, sort: str) -> str | None:
        if sort != self.sort:
            return None
        return "ascending" if self.direction == "asc" else "descending"

    def apply(self, query: Select) -> Select:
        column = SORTS[self.sort][1]
        key = column.asc() if self.direction == "asc" else column.desc()
        # Rows without a level or score go last either way; the id keeps pages stable.
        tie = Assessment.id.asc() if self.direction == "asc" else Assessment.id.desc()
        return query.order_by(key.nulls_last(), tie)


def filtered(flt: AssessmentFilter, order: ListOrder | None = None) -> Select:
    """Assessments matching the filter, in the list's order (newest first by default)."""
    return (order or ListOrder()).apply(flt.apply(select(Assessment)))
