"""Exports of the filtered assessments: CSV (UTF-8 with BOM, for Excel) and .xlsx.

One row per assessment: overall, pillar and issue levels, then every answer as its label.
Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from flask import Response, request
from openpyxl import Workbook
from sqlalchemy import select

from admin import audit
from admin.answer_labels import export_value, question_table
from admin.assessment_query import AssessmentFilter, filtered
from admin.blueprint import blueprint, db_session
from admin.display import AGENCY_TYPE_LABELS, BANGKOK, STATUS_LABELS, iso_local
from admin.permissions import require
from knowledge.loader import shipped_framework
from scoring.model import Question
from storage.models import Answer, Assessment

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _columns() -> tuple[list[str], list[str], list[str], list[str]]:
    framework = shipped_framework()
    pillars = [p.id for p in framework.pillars]
    issues = [i.id for _, _, i in framework.issues()]
    questions = list(question_table(framework))
    header = [
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
        *[f"{p} ระดับ" for p in pillars],
        *[f"{p} ค่า" for p in pillars],
        *[f"{i} ระดับ" for i in issues],
        *questions,
    ]
    return header, pillars, issues, questions


def _row(
    a: Assessment,
    answers: dict[str, Any],
    pillars: Sequence[str],
    issues: Sequence[str],
    table: dict[str, tuple[str, str, Question]],
) -> list[Any]:
    result = a.result or {}
    pillar_figs = result.get("pillars", {})
    issue_figs = result.get("issues", {})
    overall = result.get("overall", {})
    return [
        a.id,
        a.agency_name or "",
        AGENCY_TYPE_LABELS.get(a.agency_type, a.agency_type),
        a.framework_year,
        STATUS_LABELS.get(a.status, a.status),
        iso_local(a.started_at),
        iso_local(a.finished_at),
        overall.get("level"),
        overall.get("value"),
        overall.get("percent"),
        *[pillar_figs.get(p, {}).get("level") for p in pillars],
        *[pillar_figs.get(p, {}).get("value") for p in pillars],
        *[issue_figs.get(i, {}).get("level") for i in issues],
        *[export_value(table[q][2], answers[q]) if q in answers else None for q in table],
    ]


def _rows(flt: AssessmentFilter) -> Iterator[list[Any]]:
    _, pillars, issues, _ = _columns()
    table = question_table(shipped_framework())
    with db_session() as session:
        assessments = session.scalars(filtered(flt)).all()
        ids = [a.id for a in assessments]
        answers: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            query = select(Answer.assessment_id, Answer.question_id, Answer.value).where(
                Answer.assessment_id.in_(ids[start : start + 500])
            )
            for aid, qid, value in session.execute(query):
                answers.setdefault(aid, {})[qid] = value.get("v")
    for a in assessments:
        yield [safe_cell(v) for v in _row(a, answers.get(a.id, {}), pillars, issues, table)]


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    stamp = datetime.now(BANGKOK).strftime("%Y%m%d-%H%M")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="dgr-assessments-{stamp}.{extension}"'
    )
    return response


def _export(kind: str) -> tuple[AssessmentFilter, list[list[Any]]]:
    flt = AssessmentFilter.from_args(request.form)
    rows = list(_rows(flt))
    with db_session() as session:
        audit.record(
            session, f"export_{kind}", detail={"filters": flt.to_args(), "rows": len(rows)}
        )
    return flt, rows


@blueprint.post("/assessments/export.csv")
@require("export_assessments")
def export_csv():  # type: ignore[no-untyped-def]
    _, rows = _export("csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_columns()[0])
    writer.writerows(rows)
    return _download(buffer.getvalue().encode("utf-8-sig"), "text/csv", "csv")


@blueprint.post("/assessments/export.xlsx")
@require("export_assessments")
def export_xlsx():  # type: ignore[no-untyped-def]
    _, rows = _export("xlsx")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "แบบประเมิน"
    sheet.append(_columns()[0])
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C2"
    questions = workbook.create_sheet("คำถาม")
    questions.append(["รหัสคำถาม", "ประเด็น", "คำถาม"])
    for qid, (_, issue_id, question) in question_table(shipped_framework()).items():
        questions.append([qid, issue_id, safe_cell(question.text)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, "xlsx")
