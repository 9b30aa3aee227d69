"""Issue 15's acceptance in Chromium with Thai fonts, at 1366 and 390 px, with screenshots
under test-artifacts/: sort by level, a one-pillar assessment marked, the band grid, the
texts' export → review → import round trip, the glossary's Thai order, a chart segment to
its list, and no sideways scrolling on a phone."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from storage.glossary import thai_sort_key
from tests.admin_browser import (
    LAPTOP,
    PHONE,
    PILLAR4_AGENCY,
    shot,
    sideways_scroll,
    sign_in,
)

pytest_plugins = ("tests.admin_browser",)

SIZES = {"laptop": LAPTOP, "phone": PHONE}


def _page(browser, site: str, size: str, user: str = "boss"):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport=SIZES[size], locale="th-TH", is_mobile=size == "phone", accept_downloads=True
    )
    page = context.new_page()
    sign_in(page, site, user)
    return context, page


def _levels_in_order(page) -> list[int]:  # type: ignore[no-untyped-def]
    cells = page.locator("[data-testid=assessments] tbody td[data-label=ระดับ]").all_inner_texts()
    return [int(m.group(1)) for cell in cells if (m := re.search(r"ระดับ (\d)", cell))]


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_sort_by_level(browser, survey_site, database_url, size):
    from playwright.sync_api import expect

    context, page = _page(browser, survey_site, size)
    page.goto(f"{survey_site}/admin/assessments/?per_page=50")
    if size == "laptop":
        page.get_by_role("link", name=re.compile("^ระดับ")).click()
    else:  # headers are hidden under the cards: the filter box sorts
        page.get_by_text("ตัวกรองและค้นหา").click()
        page.get_by_label("เรียงตาม").select_option("level")
        page.get_by_label("ลำดับ", exact=True).select_option("desc")
        page.get_by_role("button", name="กรอง").click()
    expect(page).to_have_url(re.compile(r"sort=level"))
    levels = _levels_in_order(page)
    assert len(levels) >= 10 and levels == sorted(levels, reverse=True)
    shot(page, f"20-{size}-sorted-by-level", database_url)
    assert sideways_scroll(page) <= 1
    context.close()


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_a_one_pillar_assessment_is_marked_in_the_list_and_its_detail(
    browser, survey_site, database_url, size
):
    from playwright.sync_api import expect

    context, page = _page(browser, survey_site, size)
    page.goto(f"{survey_site}/admin/assessments/")
    row = page.locator("[data-testid=assessments] tbody tr", has_text=PILLAR4_AGENCY)
    expect(row.get_by_test_id("scope")).to_have_text("ตัวชี้วัดที่ 4")
    shot(page, f"21-{size}-list-with-scope", database_url)
    row.get_by_role("link", name=PILLAR4_AGENCY).click()
    expect(page.get_by_test_id("headline")).to_contain_text("ระดับตัวชี้วัดที่ 4")
    expect(page.get_by_test_id("headline")).not_to_contain_text("ภาพรวม")
    expect(page.get_by_test_id("scope-note")).to_be_visible()
    shot(page, f"22-{size}-one-pillar-detail", database_url)
    assert sideways_scroll(page) <= 1
    context.close()


def test_the_band_grid_edits_a_text(browser, survey_site, database_url):
    from playwright.sync_api import expect

    context, page = _page(browser, survey_site, "laptop", "edith")
    page.goto(f"{survey_site}/admin/texts/")
    page.get_by_role("link", name="ดูทุกประเด็นตามระดับและประเภทหน่วยงาน").click()
    page.get_by_label("ระดับ", exact=True).select_option("4")
    page.get_by_label("ประเภทหน่วยงาน", exact=True).select_option("policy")
    page.get_by_role("button", name="แสดง").click()
    row = page.locator("#text-P1-DaP-1")
    row.locator("textarea").fill("ข้อความระดับ 4 ที่แก้ในตาราง")
    expect(row.locator(".counter")).to_contain_text("/ 1,000")
    row.get_by_role("button", name="บันทึก").click()
    saved = page.locator("#text-P1-DaP-1")
    expect(saved.get_by_test_id("saved-message")).to_contain_text("บันทึกแล้ว (ฉบับที่ 2)")
    expect(saved.get_by_test_id("saved-message")).to_be_in_viewport()
    expect(saved.locator("textarea")).to_have_value("ข้อความระดับ 4 ที่แก้ในตาราง")
    shot(page, "23-laptop-band-grid-saved", database_url)
    context.close()
    context, page = _page(browser, survey_site, "phone", "edith")
    page.goto(f"{survey_site}/admin/texts/grid?band=4&type=policy")
    shot(page, "24-phone-band-grid", database_url)
    assert sideways_scroll(page) <= 1
    context.close()


def _review(data: bytes, edits: dict[str, str]) -> bytes:
    """The expert's changes in the exported workbook."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["ข้อความคำแนะนำ"]
    header = [c.value for c in sheet[1]]
    key_col, text_col = header.index("รหัสข้อความ"), header.index("ข้อความ (แก้ไขในช่องนี้)")
    for row in sheet.iter_rows(min_row=2):
        if row[key_col].value in edits:
            row[text_col].value = edits[row[key_col].value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_texts_go_out_for_review_and_come_back_as_two_new_versions(
    browser, survey_site, database_url, tmp_path
):
    from playwright.sync_api import expect

    context, page = _page(browser, survey_site, "laptop", "edith")
    page.goto(f"{survey_site}/admin/texts/")
    with page.expect_download() as download:
        page.get_by_role("button", name="ส่งออกทั้งหมดเป็น Excel ให้ผู้เชี่ยวชาญตรวจ").click()
    exported = download.value.path().read_bytes()
    edits = {
        "2565/P1.DaP.1/1-3/all": "ข้อความที่ผู้เชี่ยวชาญปรับ ข้อที่หนึ่ง",
        "2565/P3.SP.1/4/all": "ข้อความที่ผู้เชี่ยวชาญปรับ ข้อที่สอง",
    }
    reviewed = tmp_path / "reviewed.xlsx"
    reviewed.write_bytes(_review(exported, edits))
    page.get_by_role("link", name="นำเข้าไฟล์ที่ตรวจแล้ว").click()
    page.get_by_label("ไฟล์ Excel (.xlsx)").set_input_files(str(reviewed))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_test_id("import-diff")).to_have_count(2)
    expect(page.get_by_test_id("import-diff").first.locator("ins").first).to_be_visible()
    shot(page, "25-laptop-import-diffs", database_url)
    page.get_by_role("button", name="ยืนยันนำเข้า 2 ข้อความ").click()
    expect(page.locator(".flash.success")).to_contain_text("นำเข้าแล้ว 2 ข้อความ")
    for key in edits:
        _, issue, band, text_key = key.split("/")
        page.goto(f"{survey_site}/admin/texts/{issue}/{band}/{text_key}/history")
        newest = page.locator("[data-testid^=version-]").first
        expect(newest).to_contain_text("นำเข้าจากไฟล์ Excel")
        expect(newest).to_contain_text("edith")
    shot(page, "26-laptop-history-after-import", database_url)
    context.close()


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_the_glossary_is_in_thai_order(browser, survey_site, database_url, size):
    context, page = _page(browser, survey_site, size)
    page.goto(f"{survey_site}/admin/glossary/")
    names = page.locator("[data-testid=glossary] td.name a").all_inner_texts()
    assert names == sorted(names, key=thai_sort_key)
    # A term starting with เ/แ sorts under its consonant (ก–ฮ), not after ฮ.
    leading = next(n for n in names if n[0] in "เแโใไ")
    later = [n for n in names if "ก" <= n[0] <= "ฮ" and n[0] > leading[1]]
    assert later and names.index(leading) < names.index(later[0])
    assert page.locator("[data-testid=glossary] td.definition").first.inner_text()
    shot(page, f"27-{size}-glossary", database_url)
    assert sideways_scroll(page) <= 1
    context.close()


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_a_chart_segment_opens_the_matching_list(browser, survey_site, database_url, size):
    from playwright.sync_api import expect

    context, page = _page(browser, survey_site, size)
    shot(page, f"28-{size}-dashboard", database_url)
    segment = page.locator(".stacked .stack a").first
    label = segment.get_attribute("aria-label") or ""
    count = int(re.search(r": (\d+) หน่วยงาน", label).group(1))
    segment.click()
    expect(page).to_have_url(re.compile(r"segment=pillar"))
    expect(page.get_by_test_id("segment")).to_be_visible()
    expect(page.get_by_test_id("total")).to_have_text(str(count))
    shot(page, f"29-{size}-segment-list", database_url)
    page.go_back()
    column = page.locator(".columns a.col").last
    wanted = page.locator(".columns .col-value").last.inner_text()
    column.click()
    expect(page.get_by_test_id("total")).to_have_text(wanted)
    context.close()


PAGES = {
    "dashboard": "/admin/",
    "assessments": "/admin/assessments/",
    "texts": "/admin/texts/",
    "text-issue": "/admin/texts/P1.DaP.1",
    "grid": "/admin/texts/grid?band=4",
    "search": "/admin/texts/search?q=ข้อมูล",
    "import": "/admin/texts/import",
    "compare": "/admin/texts/P1.DaP.1/1-3/all/compare",
    "glossary": "/admin/glossary/",
    "term": "/admin/glossary/dg-readiness",
    "new-term": "/admin/glossary/new",
    "users": "/admin/users/",
    "audit": "/admin/audit",
    "delivery": "/admin/delivery",
}


def test_no_page_scrolls_sideways_on_a_phone(browser, survey_site, database_url):
    context, page = _page(browser, survey_site, "phone")
    page.goto(f"{survey_site}/admin/assessments/")
    detail = page.locator("[data-testid=assessments] td.name a").first.get_attribute("href")
    for name, path in {**PAGES, "detail": detail}.items():
        page.goto(f"{survey_site}{path}")
        assert sideways_scroll(page) <= 1, f"{path} scrolls sideways"
        if name in {"detail", "audit", "texts"}:
            shot(page, f"30-phone-{name}", database_url)
    context.close()
