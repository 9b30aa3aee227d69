"""Exports people can read, opened as a spreadsheet would: Thai headers with codes, scope,
Buddhist-era date cells, autofilter, widths, frozen panes, and lookups of every code."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from storage.models import Agency, Assessment, AssessmentMember, AuditEntry, Respondent
from tests.admin_support import add_assessment, db_of
from tests.answer_sets import best_answers, worst_answers
from tests.frameworks import FRAMEWORK

pytest_plugins = ("tests.admin_fixtures",)


@pytest.fixture
def stored(admin_app) -> dict[str, int]:
    best = best_answers(FRAMEWORK)
    return {
        "best": add_assessment(
            admin_app,
            best,
            agency_name="กรมการปกครอง",
            started_at=datetime(2025, 1, 9, 18, 0, tzinfo=UTC),  # 10 Jan 2568, 01:00 Bangkok
        ),
        "worst": add_assessment(admin_app, worst_answers(FRAMEWORK), agency_name="กรมทดสอบ"),
        "pillar3": add_assessment(
            admin_app,
            {q: a for q, a in best.items() if q.startswith("P3.")},
            agency_name="สำนักงานนโยบาย",
            agency_type="policy",
            scope=["P3"],
        ),
    }


def _xlsx(client, **form):  # type: ignore[no-untyped-def]
    response = client.post("/admin/assessments/export.xlsx", data=form)
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


def _records(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    codes = [cell.value for cell in sheet[2]]
    return [
        dict(zip(codes, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=3)
    ]


def test_xlsx_has_thai_headers_codes_scope_dates_filter_widths_and_panes(client_as, stored):
    workbook = _xlsx(client_as("viewer"))
    assert workbook.sheetnames == ["แบบประเมิน", "รหัสและความหมาย"]
    sheet = workbook["แบบประเมิน"]
    headers = [cell.value for cell in sheet[1]]
    codes = [cell.value for cell in sheet[2]]
    assert headers[:10] == [
        "เลขที่", "หน่วยงาน", "ประเภทหน่วยงาน", "รหัสหน่วยงาน", "กระทรวง", "จังหวัด",
        "ปีกรอบการประเมิน", "ขอบเขต", "สถานะ", "จำนวนสมาชิกทีม",
    ]  # fmt: skip
    issue = FRAMEWORK.issue("P1.DaP.1")
    assert f"{issue.name_th} (ระดับ)" in headers and "P1.DaP.1.level" in codes
    question = issue.questions[0]
    assert headers[codes.index(question.id)].startswith(issue.name_th)
    assert not any(h.startswith("P1.") for h in headers)  # no code is a header
    records = {r["id"]: r for r in _records(sheet)}
    best, pillar3 = records[stored["best"]], records[stored["pillar3"]]
    assert best["scope"] == "ทั้งกรอบการประเมิน" and best["overall.level"] == 5
    assert pillar3["scope"] == "ตัวชี้วัดที่ 3" and pillar3["overall.level"] is None
    assert pillar3["P3.level"] == 5
    assert best["started_at"] == datetime(2025, 1, 10, 1, 0)  # a real date, Bangkok time
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == stored["best"])
    assert row[codes.index("started_at")].is_date
    assert "107041E" in row[codes.index("started_at")].number_format  # shown in พ.ศ.
    assert sheet.auto_filter.ref == f"A2:{sheet.cell(2, len(codes)).column_letter}5"
    assert sheet.freeze_panes == "C3"
    assert sheet.column_dimensions["B"].width >= len("กรมการปกครอง")


def test_the_lookup_sheet_covers_pillars_issues_questions_and_items(client_as, stored):
    lookup = _xlsx(client_as("viewer"))["รหัสและความหมาย"]
    rows = [[c.value for c in row] for row in lookup.iter_rows(min_row=2)]
    kinds = {row[0] for row in rows}
    assert {"ตัวชี้วัด", "ประเด็น", "คำถาม", "ข้อย่อย", "ตัวเลือก"} <= kinds
    checklist = FRAMEWORK.issue("P3.PP.1").questions[0]
    item = checklist.items[0]
    assert ["ข้อย่อย", f"{checklist.id}/{item.id}", item.text, checklist.id, 2565] in rows
    assert lookup.auto_filter.ref and lookup.freeze_panes == "A2"


def test_csv_is_a_zip_of_the_table_and_its_lookup(admin_app, client_as, stored):
    response = client_as("viewer").post("/admin/assessments/export.csv", data={"q": "ปกครอง"})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["assessments.csv", "lookup.csv"]
    raw = archive.read("assessments.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [int(r["เลขที่"]) for r in rows] == [stored["best"]]
    assert rows[0]["ขอบเขต"] == "ทั้งกรอบการประเมิน" and rows[0]["ระดับภาพรวม"] == "5"
    assert rows[0]["เริ่มประเมิน (ค.ศ.)"] == "2025-01-10 01:00"
    lookup = list(csv.reader(io.StringIO(archive.read("lookup.csv").decode("utf-8-sig"))))
    assert any(
        row[:2] == ["คอลัมน์", "P1.DaP.1.level"] for row in lookup
    )
    assert any(row[0] == "ข้อย่อย" for row in lookup)
    with db_of(admin_app).session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export_csv")).one()
    assert entry.detail == {"filters": {"q": "ปกครอง"}, "rows": 1}


def test_exports_name_the_agency_its_ministry_province_and_team_size(admin_app, client_as, stored):
    provincial = add_assessment(
        admin_app, {}, agency_type="provincial", agency_name="สนง.ลำปาง", status="in_progress"
    )
    with db_of(admin_app).session() as session:
        best = session.get_one(Assessment, stored["best"])
        session.get_one(Agency, best.agency_id).ministry_id = "moi"
        best_agency = best.agency_id
        agency_id = session.get_one(Assessment, provincial).agency_id
        session.get_one(Agency, agency_id).province_id = "TH-52"
        colleague = Respondent(line_user_id="Ucolleague", display_name="สมศรี")
        session.add(colleague)
        session.flush()
        session.add(AssessmentMember(
            assessment_id=provincial, respondent_id=colleague.id, role="member"
        ))  # fmt: skip
    records = {r["id"]: r for r in _records(_xlsx(client_as("viewer"))["แบบประเมิน"])}
    assert records[stored["best"]]["agency_id"] == best_agency
    assert records[stored["best"]]["ministry"] == "กระทรวงมหาดไทย"
    assert records[stored["best"]]["members"] == 1
    assert records[provincial]["province"] == "ลำปาง" and records[provincial]["ministry"] is None
    assert records[provincial]["members"] == 2
    response = client_as("viewer").post("/admin/assessments/export.csv", data={"q": "ลำปาง"})
    table = zipfile.ZipFile(io.BytesIO(response.data)).read("assessments.csv").decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(table)))
    assert (row["รหัสหน่วยงาน"], row["จังหวัด"], row["จำนวนสมาชิกทีม"]) == (str(agency_id), "ลำปาง", "2")


def test_exports_follow_a_dashboard_segment(client_as, stored):
    workbook = _xlsx(client_as("viewer"), year="2565", segment="pillar:P3:5")
    ids = {r["id"] for r in _records(workbook["แบบประเมิน"])}
    assert ids == {stored["best"], stored["pillar3"]}


def test_exports_neutralise_spreadsheet_formulas(admin_app, client_as):
    add_assessment(admin_app, {}, agency_name='=HYPERLINK("http://x","คลิก")', status="in_progress")
    sheet = _xlsx(client_as("viewer"))["แบบประเมิน"]
    assert sheet["B3"].value.startswith("'=HYPERLINK") and sheet["B3"].data_type == "s"
    response = client_as("viewer").post("/admin/assessments/export.csv")
    table = zipfile.ZipFile(io.BytesIO(response.data)).read("assessments.csv").decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(table)))["หน่วยงาน"].startswith("'=HYPERLINK")
