"""Exports of the filtered assessments: CSV (UTF-8 with BOM, for Excel) and .xlsx.

One row per assessment: overall, pillar and issue levels, then every answer as its label.
Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Response, request
from openpyxl import Workbook

from admin import audit
from admin.answer_labels import export_value, framework_for
from admin.assessment_query import AssessmentFilter, filtered
from admin.blueprint import blueprint, db_session
from admin.display import AGENCY_TYPE_LABELS, BANGKOK, STATUS_LABELS, iso_local
from admin.permissions import require
from scoring.model import Framework, Question
from storage.assessments import answers_of
from storage.flask_ext import catalog
from storage.models import Assessment
from storage.results import StoredResult

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Columns:
    """The export's columns: pillars, issues and questions of the years exported (each
    row fills them from its own framework year)."""

    pillars: list[str]
    issues: list[str]
    questions: dict[str, Question]

    @classmethod
    def of(cls, frameworks: Iterable[Framework]) -> Columns:
        pillars: dict[str, None] = {}
        issues: dict[str, None] = {}
        questions: dict[str, Question] = {}
        for framework in frameworks:
            pillars.update(dict.fromkeys(p.id for p in framework.pillars))
            for _, _, issue in framework.issues():
                issues[issue.id] = None
                for question in issue.questions:
                    questions.setdefault(question.id, question)
        return cls(list(pillars), list(issues), questions)

    def header(self) -> list[str]:
        return [
            *FIXED_HEADER,
            *[f"{p} ระดับ" for p in self.pillars],
            *[f"{p} ค่า" for p in self.pillars],
            *[f"{i} ระดับ" for i in self.issues],
            *self.questions,
        ]


FIXED_HEADER = (
    "เลขที่",
    "หน่วยงาน",
    "ประเภทหน่วยงาน",
    "ปีกรอบการประเมิน",
    "สถานะ",
    "เริ่มประเมิน",
    "ประเมินเสร็จ",
    "ระดับภาพรวม",
    "ค่าภาพรวม",
    "คะแนนประเมินตนเอง (%)",
)


def _frameworks(years: Iterable[int]) -> list[Framework]:
    """The frameworks of these years that are loaded, the current year first."""
    known = catalog().years
    ordered = sorted(set(years) | {catalog().current.year}, reverse=True)
    return [known[year].framework for year in ordered if year in known]


def _row(a: Assessment, answers: dict[str, Any], columns: Columns) -> list[Any]:
    result = StoredResult.read(a.result)
    own = framework_for(catalog(), a.framework_year)
    questions = {q.id: q for _, _, i in own.issues() for q in i.questions} if own else {}
    pillar_figures = result.pillars if result else {}
    issue_figures = result.issues if result else {}
    overall = result.overall if result else None
    return [
        a.id,
        a.agency_name or "",
        AGENCY_TYPE_LABELS.get(a.agency_type, a.agency_type),
        a.framework_year,
        STATUS_LABELS.get(a.status, a.status),
        iso_local(a.started_at),
        iso_local(a.finished_at),
        overall.level if overall else None,
        overall.value if overall else None,
        overall.percent if overall else None,
        *[f.level if (f := pillar_figures.get(p)) else None for p in columns.pillars],
        *[f.value if (f := pillar_figures.get(p)) else None for p in columns.pillars],
        *[i.level if (i := issue_figures.get(iid)) else None for iid in columns.issues],
        *[
            export_value(questions.get(q), answers[q]) if q in answers else None
            for q in columns.questions
        ],
    ]


def _rows(flt: AssessmentFilter) -> tuple[Columns, list[list[Any]]]:
    with db_session() as session:
        assessments = session.scalars(filtered(flt)).all()
        answers = answers_of(session, [a.id for a in assessments])
    columns = Columns.of(_frameworks(a.framework_year for a in assessments))
    rows = [
        [safe_cell(v) for v in _row(a, answers.get(a.id, {}), columns)] for a in assessments
    ]
    return columns, rows


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    stamp = datetime.now(BANGKOK).strftime("%Y%m%d-%H%M")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="dgr-assessments-{stamp}.{extension}"'
    )
    return response


def _export(kind: str) -> tuple[Columns, list[list[Any]]]:
    flt = AssessmentFilter.from_args(request.form)
    columns, rows = _rows(flt)
    with db_session() as session:
        audit.record(
            session, f"export_{kind}", detail={"filters": flt.to_args(), "rows": len(rows)}
        )
    return columns, rows


@blueprint.post("/assessments/export.csv")
@require("export_assessments")
def export_csv():  # type: ignore[no-untyped-def]
    columns, rows = _export("csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns.header())
    writer.writerows(rows)
    return _download(buffer.getvalue().encode("utf-8-sig"), "text/csv", "csv")


@blueprint.post("/assessments/export.xlsx")
@require("export_assessments")
def export_xlsx():  # type: ignore[no-untyped-def]
    columns, rows = _export("xlsx")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "แบบประเมิน"
    sheet.append(columns.header())
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C2"
    questions = workbook.create_sheet("คำถาม")
    questions.append(["รหัสคำถาม", "ประเด็น", "คำถาม"])
    for framework in _frameworks(()):
        for _, _, issue in framework.issues():
            for question in issue.questions:
                questions.append([question.id, issue.id, safe_cell(question.text)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, "xlsx")
