"""Exports of the filtered assessments people can read.

- Excel (.xlsx): Thai headers with each column's code in a second header row, real date cells
  shown in the Buddhist era, an autofilter, column widths, frozen header rows and id/agency
  columns, and a sheet that explains every code (pillars, issues, questions, options, items).
- CSV: a zip of the table (UTF-8 with BOM for Excel; dates as ISO text, Gregorian, as a
  CSV cannot carry a date type) and its lookup file (every column and every code).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from flask import Response, request
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin import audit
from admin.answer_labels import framework_for
from admin.assessment_query import AssessmentFilter, filtered
from admin.blueprint import blueprint, db_session
from admin.display import BANGKOK
from admin.export_table import AgencyCells, ExportTable
from admin.permissions import require
from admin.scope import ScopeLabels
from admin.segments import resolve_segment
from knowledge.register import shipped_register
from scoring.model import Framework
from storage.assessments import answers_of
from storage.flask_ext import catalog
from storage.models import Agency, Assessment, AssessmentMember

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel: Thai locale (041E), Thai Buddhist calendar (07), Western digits (01).
BUDDHIST_DATETIME = "[$-107041E]d mmm yyyy hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="DCE7F5")
WIDTH_MIN, WIDTH_MAX = 8, 48
CHUNK = 500
LOOKUP_HEADER = ("ประเภท", "รหัส", "ชื่อหรือข้อความ", "อยู่ใน", "ปีกรอบการประเมิน")


def _frameworks(years: Iterable[int]) -> list[Framework]:
    """The frameworks of these years that are loaded, the current year first."""
    known = catalog().years
    ordered = sorted(set(years) | {catalog().current.year}, reverse=True)
    return [known[year].framework for year in ordered if year in known]


def _table(kind: str) -> tuple[ExportTable, list[list[Any]]]:
    flt = AssessmentFilter.from_args(request.form)
    with db_session() as session:
        flt = resolve_segment(session, catalog(), flt)
        assessments = session.scalars(filtered(flt)).all()
        answers = answers_of(session, [a.id for a in assessments])
        audit.record(
            session,
            f"export_{kind}",
            detail={"filters": flt.to_args(), "rows": len(assessments)},
        )
        agencies = _agency_cells(session, assessments)
    table = ExportTable.of(_frameworks(a.framework_year for a in assessments))
    scopes = ScopeLabels(catalog())
    rows = [
        table.row(
            a,
            answers.get(a.id, {}),
            framework_for(catalog(), a.framework_year),
            scopes,
            agencies.get(a.id, AgencyCells()),
        )
        for a in assessments
    ]
    return table, rows


def _agency_cells(session: Session, assessments: Sequence[Assessment]) -> dict[int, AgencyCells]:
    """Assessment id → its agency's ministry and province (Thai) and its team's size."""
    ids = [a.id for a in assessments]
    members: dict[int, int] = {}
    places: dict[int, tuple[str | None, str | None]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        members.update(
            session.execute(
                select(AssessmentMember.assessment_id, func.count())
                .where(AssessmentMember.assessment_id.in_(chunk))
                .group_by(AssessmentMember.assessment_id)
            ).all()
        )
        agency_ids = {a.agency_id for a in assessments[start : start + CHUNK]} - {None}
        for agency_id, ministry, province in session.execute(
            select(Agency.id, Agency.ministry_id, Agency.province_id).where(
                Agency.id.in_(agency_ids)
            )
        ):
            places[agency_id] = (ministry, province)
    register = shipped_register()

    def name(place_id: str | None) -> str:
        place = register.place(place_id)
        return place.name_th if place else ""

    cells = {}
    for a in assessments:
        ministry, province = places.get(a.agency_id or 0, (None, None))
        cells[a.id] = AgencyCells(name(ministry), name(province), members.get(a.id, 0))
    return cells


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    stamp = datetime.now(BANGKOK).strftime("%Y%m%d-%H%M")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="dgr-assessments-{stamp}.{extension}"'
    )
    return response


def _csv(rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> Any:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value


@blueprint.post("/assessments/export.csv")
@require("export_assessments")
def export_csv():  # type: ignore[no-untyped-def]
    table, rows = _table("csv")
    header = [f"{c.header} (ค.ศ.)" if c.kind == "date" else c.header for c in table.columns]
    body = [header, *([_csv_cell(v) for v in row] for row in rows)]
    lookup: list[tuple[Any, ...]] = [LOOKUP_HEADER]
    for number, (column, title) in enumerate(zip(table.columns, header, strict=True), 1):
        lookup.append(("คอลัมน์", column.code, title, f"คอลัมน์ที่ {number}", ""))
    lookup += [(r.kind, r.code, r.name, r.parent, r.year) for r in table.lookup]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("assessments.csv", _csv(body))
        archive.writestr("lookup.csv", _csv(lookup))
    return _download(buffer.getvalue(), "application/zip", "zip")


def _widths(sheet: Worksheet, rows: list[list[Any]], headers: list[str]) -> None:
    for index, header in enumerate(headers, start=1):
        sample = [len(str(row[index - 1])) for row in rows[:200] if row[index - 1] is not None]
        longest = max([min(len(header), 30), *sample, WIDTH_MIN])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, WIDTH_MAX)


def _assessment_sheet(sheet: Worksheet, table: ExportTable, rows: list[list[Any]]) -> None:
    headers = [c.header for c in table.columns]
    sheet.append(headers)
    sheet.append([c.code for c in table.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[2]:
        cell.font = Font(color="52606D", size=9)
    for row in rows:
        sheet.append(row)
    for index, column in enumerate(table.columns, start=1):
        if column.kind == "date":
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = BUDDHIST_DATETIME
    sheet.row_dimensions[1].height = 48
    sheet.freeze_panes = "C3"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A2:{last}{len(rows) + 2}"
    _widths(sheet, rows, headers)


@blueprint.post("/assessments/export.xlsx")
@require("export_assessments")
def export_xlsx():  # type: ignore[no-untyped-def]
    table, rows = _table("xlsx")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "แบบประเมิน"
    _assessment_sheet(sheet, table, rows)
    lookup = workbook.create_sheet("รหัสและความหมาย")
    lookup.append(LOOKUP_HEADER)
    for cell in lookup[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in table.lookup:
        lookup.append([row.kind, row.code, row.name, row.parent, row.year])
    lookup.freeze_panes = "A2"
    lookup.auto_filter.ref = f"A1:E{len(table.lookup) + 1}"
    for letter, width in zip("ABCDE", (12, 28, 80, 20, 14), strict=True):
        lookup.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, "xlsx")
