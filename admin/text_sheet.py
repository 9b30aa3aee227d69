"""Recommendation texts as a spreadsheet for an expert's review, and reading it back: every
row names its text by key and the version it was exported at, so an import can tell a
reviewer's change from a text someone else edited since."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from admin.display import TEXT_KEY_LABELS, band_label
from admin.text_rules import RECOMMENDATION_MAX, text_problems, tidy_text
from scoring.model import Framework
from storage.models import RecommendationText
from storage.texts import key_of

SHEET = "ข้อความคำแนะนำ"
KEY, VERSION, TEXT = "รหัสข้อความ", "ฉบับที่ส่งออก", "ข้อความ (แก้ไขในช่องนี้)"
HEADER = (KEY, "ตัวชี้วัด", "ประเด็น", "ช่วงระดับ", "ใช้กับหน่วยงาน", VERSION, TEXT, "หมายเหตุผู้ตรวจ")
WIDTHS = (30, 28, 36, 12, 30, 10, 90, 30)


def texts_workbook(
    framework: Framework, rows: Iterable[RecommendationText], numbers: dict[str, int]
) -> bytes:
    """Every text of the year in framework order; only the text column is read back."""
    place = {i.id: (n, p, i) for n, (p, _, i) in enumerate(framework.issues())}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DCE7F5")
    ordered = sorted(rows, key=lambda r: (place.get(r.issue_id, (999,))[0], r.band, r.text_key))
    for row in ordered:
        _, pillar, issue = place[row.issue_id]
        key = key_of(row)
        sheet.append([
            key,
            f"{pillar.number}. {pillar.name_th}",
            issue.name_th,
            band_label(row.band),
            TEXT_KEY_LABELS.get(row.text_key, row.text_key),
            numbers.get(key, 0),
            row.text,
            "",
        ])
    for (cell,) in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:H{sheet.max_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class SheetText:
    line: int  # the spreadsheet row, as the reviewer sees it
    key: str
    version: int | None
    text: str


@dataclass
class ReadSheet:
    texts: list[SheetText] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _version(raw: object) -> int | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw == int(raw):
        return int(raw)
    return int(raw) if isinstance(raw, str) and raw.strip().isdigit() else None


def read_texts(data: bytes) -> ReadSheet:
    """The texts of an uploaded workbook, with Thai notes naming each row that is wrong."""
    found = ReadSheet()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        found.problems.append("อ่านไฟล์ไม่ได้ กรุณาใช้ไฟล์ Excel (.xlsx) ที่ส่งออกจากหน้านี้")
        return found
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(v or "").strip() for v in next(lines, ())]
    if not {KEY, VERSION, TEXT} <= set(header):
        found.problems.append(f"ไม่พบคอลัมน์ “{KEY}”, “{VERSION}” และ “{TEXT}” ในแถวแรก")
        return found
    columns = {name: header.index(name) for name in (KEY, VERSION, TEXT)}
    seen: dict[str, int] = {}
    for line, values in enumerate(lines, start=2):
        key = str(values[columns[KEY]] or "").strip()
        if not key:
            continue
        if key in seen:
            found.problems.append(f"แถวที่ {line}: รหัสข้อความ {key} ซ้ำกับแถวที่ {seen[key]}")
            continue
        seen[key] = line
        text = tidy_text(str(values[columns[TEXT]] or ""))
        found.texts.append(SheetText(line, key, _version(values[columns[VERSION]]), text))
        for problem in text_problems(text, RECOMMENDATION_MAX):
            found.problems.append(f"แถวที่ {line} ({key}): {problem}")
    workbook.close()
    return found
