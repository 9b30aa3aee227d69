"""Texts for review: the band grid edits in place with versions; search; any two versions
compared; export to .xlsx, an expert's changes imported with a diff first, versioned and
audited; rows over the limits or edited since the export stop the import, named."""

from __future__ import annotations

import io
import re
from html import unescape

from openpyxl import load_workbook
from sqlalchemy import select

from storage.models import AuditEntry, RecommendationText, TextVersion
from tests.admin_support import db_of, page

pytest_plugins = ("tests.admin_fixtures",)


def _row(app, issue: str, band: str, key: str = "all") -> RecommendationText:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        return session.scalar(
            select(RecommendationText).where(
                RecommendationText.issue_id == issue,
                RecommendationText.band == band,
                RecommendationText.text_key == key,
            )
        )


def _versions(app, key: str) -> list[TextVersion]:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        return list(
            session.scalars(
                select(TextVersion)
                .where(TextVersion.target_key == key)
                .order_by(TextVersion.version)
            )
        )


def test_the_grid_shows_one_band_across_issues_and_saves_in_place(admin_app, client_as):
    client = client_as("editor")
    body = page(client.get("/admin/texts/grid?band=4&type=policy"))
    assert body.count('class="card grid-row"') >= 20
    assert "ธรรมาภิบาลข้อมูลภาครัฐ" in body
    url = "/admin/texts/grid/P1.DaP.1/4/all?type=policy"
    response = client.post(url, data={"text": "ข้อความใหม่จากตาราง", "base_version": "1"})
    assert response.status_code == 302
    assert response.location.endswith("band=4&type=policy#text-P1-DaP-1")
    after = page(client.get(response.location))
    section = after.split('id="text-P1-DaP-1"')[1].split("</section>")[0]
    assert "บันทึกแล้ว (ฉบับที่ 2)" in section and "ข้อความใหม่จากตาราง" in section
    assert _row(admin_app, "P1.DaP.1", "4").text == "ข้อความใหม่จากตาราง"
    stale = client.post(url, data={"text": "อีกฉบับ", "base_version": "1"})
    assert stale.status_code == 409 and "ถูกแก้ไขโดย edith" in page(stale)
    too_long = client.post(url, data={"text": "ก" * 1001, "base_version": "2"})
    assert too_long.status_code == 400 and "เกินขีดจำกัด" in page(too_long)


def test_search_finds_texts_and_marks_the_words(client_as):
    body = page(client_as("viewer").get("/admin/texts/search?q=API"))
    count = int(re.search(r"พบ (\d+) ข้อความ", body).group(1))
    assert count >= 1 and body.count('data-testid="hit"') == count
    assert "<mark>API</mark>" in body
    escaped = page(client_as("viewer").get("/admin/texts/search?q=%3Cb%3E"))
    assert "<b>" not in escaped.split("<main")[1].split("ค้นหาข้อความคำแนะนำ</h1>")[1]


def test_any_two_versions_are_compared(admin_app, client_as):
    client = client_as("editor")
    url = "/admin/texts/P1.DaP.1/1-3/all"
    client.post(url, data={"text": "ฉบับสอง", "base_version": "1"})
    client.post(url, data={"text": "ฉบับสาม มีคำเพิ่ม", "base_version": "2"})
    body = page(client.get(f"{url}/compare?a=1&b=3"))
    diff = body.split('data-testid="compare-diff"')[1]
    assert "<ins>" in diff and "<del>" in diff and "ฉบับสาม" in diff
    assert "ฉบับที่ 1" in body and "ฉบับที่ 3" in body
    glossary = page(client.get("/admin/glossary/dg-readiness/compare"))
    assert 'data-testid="compare-diff"' in glossary


def _export(client) -> bytes:  # type: ignore[no-untyped-def]
    response = client.post("/admin/texts/export.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    return response.data


def _edit(data: bytes, changes: dict[str, str]) -> tuple[bytes, dict[str, int]]:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["ข้อความคำแนะนำ"]
    header = [c.value for c in sheet[1]]
    key_col, text_col = header.index("รหัสข้อความ"), header.index("ข้อความ (แก้ไขในช่องนี้)")
    lines = {}
    for row in sheet.iter_rows(min_row=2):
        if row[key_col].value in changes:
            row[text_col].value = changes[row[key_col].value]
            lines[row[key_col].value] = row[0].row
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), lines


def _upload(client, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        "/admin/texts/import",
        data={"file": (io.BytesIO(data), "texts.xlsx")},
        content_type="multipart/form-data",
    )


A, B = "2565/P1.DaP.1/1-3/all", "2565/P3.SP.1/4/all"


def test_export_then_import_shows_two_diffs_then_saves_two_versions(admin_app, client_as):
    client = client_as("editor")
    before_a = _row(admin_app, "P1.DaP.1", "1-3").text
    edited, _ = _edit(_export(client), {A: before_a + " เพิ่มโดยผู้เชี่ยวชาญ", B: "ข้อความใหม่ทั้งหมด"})
    preview = _upload(client, edited)
    body = page(preview)
    assert preview.status_code == 200 and body.count('data-testid="import-diff"') == 2
    assert "<ins>" in body and "เพิ่มโดยผู้เชี่ยวชาญ" in body
    assert len(_versions(admin_app, A)) == 1  # nothing saved before the confirmation
    fields = dict.fromkeys(("key", "base", "line", "text"))
    form = {name: re.findall(rf'name="{name}" value="([^"]*)"', body) for name in fields}
    data = {name: [unescape(v) for v in values] for name, values in form.items()}
    applied = client.post("/admin/texts/import/apply", data=data)
    assert applied.status_code == 302
    assert [v.action for v in _versions(admin_app, A)] == ["shipped", "import"]
    assert _versions(admin_app, B)[-1].content["text"] == "ข้อความใหม่ทั้งหมด"
    assert _row(admin_app, "P1.DaP.1", "1-3").text.endswith("เพิ่มโดยผู้เชี่ยวชาญ")
    with db_of(admin_app).session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "texts_import"))
    assert entry.detail["texts"] == 2 and set(entry.detail["keys"]) == {A, B}


def test_an_import_with_a_text_over_the_limit_names_the_row_and_saves_nothing(admin_app, client_as):
    client = client_as("editor")
    edited, lines = _edit(_export(client), {A: "ก" * 1001, B: "ข้อความที่ถูกต้อง"})
    response = _upload(client, edited)
    body = page(response)
    assert response.status_code == 400 and f"แถวที่ {lines[A]}" in body and "เกินขีดจำกัด" in body
    assert "ยืนยันนำเข้า" not in body
    assert len(_versions(admin_app, B)) == 1


def test_an_import_of_a_text_edited_since_the_export_is_refused(admin_app, client_as):
    client = client_as("editor")
    exported = _export(client)
    client.post("/admin/texts/P1.DaP.1/1-3/all", data={"text": "แก้ระหว่างรอ", "base_version": "1"})
    edited, lines = _edit(exported, {A: "ข้อความจากผู้เชี่ยวชาญ"})
    body = page(_upload(client, edited))
    assert f"แถวที่ {lines[A]}" in body and "ถูกแก้ไขหลังส่งออก" in body
    assert _row(admin_app, "P1.DaP.1", "1-3").text == "แก้ระหว่างรอ"


def test_a_file_that_is_not_a_workbook_is_refused_in_thai(client_as):
    body = page(_upload(client_as("editor"), b"not a spreadsheet"))
    assert "อ่านไฟล์ไม่ได้" in body
    assert client_as("viewer").post("/admin/texts/import").status_code == 403


def test_a_text_twice_in_the_file_is_refused(client_as):
    client = client_as("editor")
    workbook = load_workbook(io.BytesIO(_export(client)))
    sheet = workbook["ข้อความคำแนะนำ"]
    sheet.append([c.value for c in sheet[2]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    body = page(_upload(client, buffer.getvalue()))
    assert f"แถวที่ {sheet.max_row}" in body and "ซ้ำกับแถวที่ 2" in body
