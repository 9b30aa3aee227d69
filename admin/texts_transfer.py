"""Texts out to an expert and back: an .xlsx of every text of a year, and an import that
shows each changed text as a word diff before anything is saved. Applying saves each change
as a new version ("import") in one transaction, audited; a text over the limits, unknown, or
edited by someone since the export stops the whole import, with its row named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import Session

from admin import audit
from admin.blueprint import blueprint, db_session
from admin.display import BANGKOK, TEXT_KEY_LABELS, band_label, thai_datetime
from admin.permissions import require
from admin.recommendation_texts import edited_framework, year_arg_of
from admin.text_rules import RECOMMENDATION_MAX, text_problems, tidy_text
from admin.text_saving import write_text
from admin.text_sheet import SheetText, read_texts, texts_workbook
from admin.versions import word_diff
from storage.models import RecommendationText
from storage.texts import RECOMMENDATION, key_of, latest_version, recommendation_rows
from storage.texts import latest_numbers as version_numbers

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Change:
    line: int
    key: str
    title: str
    base: int
    text: str
    diff: Markup


def _rows_by_key(session: Session, year: int) -> dict[str, RecommendationText]:
    return {key_of(row): row for row in recommendation_rows(session, year)}


def _title(row: RecommendationText, names: dict[str, str]) -> str:
    key = TEXT_KEY_LABELS.get(row.text_key, row.text_key)
    return f"{names.get(row.issue_id, row.issue_id)} · {band_label(row.band)} · {key}"


def _changes(
    session: Session, year: int, texts: list[SheetText], names: dict[str, str]
) -> tuple[list[Change], list[str], int]:
    """(changes, problems, unchanged) of texts read from a sheet or the apply form."""
    rows = _rows_by_key(session, year)
    numbers = version_numbers(session, RECOMMENDATION, list(rows))
    changes, problems, unchanged = [], [], 0
    for item in texts:
        row = rows.get(item.key)
        if row is None:
            problems.append(f"แถวที่ {item.line}: ไม่รู้จักรหัสข้อความ “{item.key}” ของปี {year}")
            continue
        if item.text == row.text:
            unchanged += 1
            continue
        current = numbers.get(item.key, 0)
        if item.version != current:
            latest = latest_version(session, RECOMMENDATION, item.key)
            by = f" โดย {latest.author} เมื่อ {thai_datetime(latest.created_at)}" if latest else ""
            problems.append(
                f"แถวที่ {item.line} ({_title(row, names)}): ข้อความนี้ถูกแก้ไขหลังส่งออก"
                f"{by} (ฉบับที่ {current}) กรุณาส่งออกไฟล์ใหม่แล้วนำการแก้ไขไปใส่อีกครั้ง"
            )
            continue
        diff = word_diff(row.text, item.text)
        changes.append(Change(item.line, item.key, _title(row, names), current, item.text, diff))
    return changes, problems, unchanged


@blueprint.post("/texts/export.xlsx")
@require("view_texts")
def texts_export():  # type: ignore[no-untyped-def]
    framework = edited_framework()
    with db_session() as session:
        rows = recommendation_rows(session, framework.year)
        numbers = version_numbers(session, RECOMMENDATION)
        audit.record(session, "texts_export", detail={"year": framework.year, "texts": len(rows)})
    body = texts_workbook(framework, rows, numbers)
    stamp = datetime.now(BANGKOK).strftime("%Y%m%d-%H%M")
    response = Response(body, mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="dgr-texts-{framework.year}-{stamp}.xlsx"'
    )
    return response


def _names() -> dict[str, str]:
    return {i.id: i.name_th for _, _, i in edited_framework().issues()}


def _page(stage: str, problems: list[str], **more: object):  # type: ignore[no-untyped-def]
    framework = edited_framework()
    return render_template(
        "admin/texts_import.html",
        stage=stage,
        problems=problems,
        framework=framework,
        year_arg=year_arg_of(framework),
        limit=RECOMMENDATION_MAX,
        **more,
    ), 400 if problems else 200


@blueprint.route("/texts/import", methods=["GET", "POST"])
@require("edit_texts")
def texts_import():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return _page("upload", [])
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page("upload", ["กรุณาเลือกไฟล์ Excel (.xlsx) ที่จะนำเข้า"])
    sheet = read_texts(upload.read())
    with db_session() as session:
        year = edited_framework().year
        changes, problems, unchanged = _changes(session, year, sheet.texts, _names())
    return _page("preview", sheet.problems + problems, changes=changes, unchanged=unchanged)


def _submitted() -> list[SheetText]:
    keys, bases = request.form.getlist("key"), request.form.getlist("base")
    texts, lines = request.form.getlist("text"), request.form.getlist("line")
    return [
        SheetText(
            int(line) if line.isdigit() else 0,
            key,
            int(base) if base.isdigit() else None,
            tidy_text(text),
        )
        for key, base, text, line in zip(keys, bases, texts, lines, strict=False)
    ]


@blueprint.post("/texts/import/apply")
@require("edit_texts")
def texts_import_apply():  # type: ignore[no-untyped-def]
    framework = edited_framework()
    submitted = _submitted()
    problems = [
        f"แถวที่ {item.line}: {problem}"
        for item in submitted
        for problem in text_problems(item.text, RECOMMENDATION_MAX)
    ]
    with db_session() as session:
        changes, more, _ = _changes(session, framework.year, submitted, _names())
        problems += more
        if not problems:
            rows = _rows_by_key(session, framework.year)
            for change in changes:
                write_text(session, rows[change.key], change.text, "import", current_user.username)
            keys = [change.key for change in changes]
            detail = {"year": framework.year, "texts": len(keys), "keys": keys}
            audit.record(session, "texts_import", detail=detail)
    if problems:
        body, _ = _page("preview", problems, changes=[], unchanged=0)
        return body, 409
    message = f"นำเข้าแล้ว {len(changes)} ข้อความ แต่ละข้อความบันทึกเป็นฉบับใหม่ แชทบอทใช้ข้อความใหม่ทันที"
    flash(message, "success")
    return redirect(url_for("admin.texts_index", **year_arg_of(framework)))
