"""Issue 14's admin half in Chromium with Thai fonts, at 1366 and 390 px, with screenshots
under test-artifacts/: the breakdowns by ministry and province, a province's roll-up, and
merging two duplicate agencies (the duplicate's assessment follows), with no sideways
scrolling on a phone."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storage.models import Agency, Assessment
from tests.admin_browser import LAPTOP, PHONE, shot, sideways_scroll, sign_in
from tests.admin_support import add_assessment, db_of, make_app

pytest_plugins = ("tests.admin_browser",)

SIZES = {"laptop": LAPTOP, "phone": PHONE}
KEPT = "กรมตัวอย่างที่ 1"


def _register(database_url: str) -> tuple[int, int, int]:
    """Places for some of the survey's agencies, and a duplicate of one of another type:
    (the kept agency, the duplicate, the duplicate's assessment)."""
    app = make_app(database_url)
    duplicate_assessment = add_assessment(app, {}, agency_name=KEPT, agency_type="policy")
    with db_of(app).session() as session:
        agencies = {(a.name, a.agency_type): a for a in session.scalars(select(Agency))}
        agencies[(KEPT, "service")].ministry_id = "moi"
        agencies[("กรมตัวอย่างที่ 4", "service")].ministry_id = "moi"
        agencies[("กรมตัวอย่างที่ 3", "provincial")].province_id = "TH-52"
        agencies[("กรมตัวอย่างที่ 6", "provincial")].province_id = "TH-52"
        kept = agencies[(KEPT, "service")].id
        duplicate = session.get_one(Assessment, duplicate_assessment).agency_id
    db_of(app).dispose()
    return kept, duplicate, duplicate_assessment


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_breakdowns_roll_up_and_merge(browser, survey_site, database_url, size):
    from playwright.sync_api import expect

    kept, duplicate, moved = _register(database_url)
    context = browser.new_context(viewport=SIZES[size], locale="th-TH", is_mobile=size == "phone")
    page = context.new_page()
    sign_in(page, survey_site, "boss")

    page.get_by_test_id("breakdown-link").click()
    expect(page.get_by_role("heading", name="ผลการประเมินแยกตามกระทรวงและจังหวัด")).to_be_visible()
    expect(page.get_by_test_id("ministries-moi")).to_contain_text("กระทรวงมหาดไทย")
    expect(page.get_by_test_id("provinces-TH-52")).to_contain_text("ลำปาง")
    expect(page.get_by_test_id("denominator")).to_contain_text("หน่วยงานในทะเบียนของระบบ")
    shot(page, f"40-{size}-breakdown", database_url)
    assert sideways_scroll(page) <= 1

    page.get_by_test_id("provinces-TH-52").get_by_role("link", name="ภาพรวมจังหวัด").click()
    expect(page.get_by_role("heading", name=re.compile("ภาพรวมจังหวัดลำปาง"))).to_be_visible()
    expect(page.get_by_test_id("answered")).to_have_text("2")
    expect(page.get_by_test_id("weakest").locator("li")).to_have_count(5)
    shot(page, f"41-{size}-province-roll-up", database_url)
    assert sideways_scroll(page) <= 1

    page.goto(f"{survey_site}/admin/agencies/{kept}")
    page.get_by_role("link", name="รวมหน่วยงานที่ซ้ำกันเข้ากับหน่วยงานนี้").click()
    page.get_by_test_id("suggestions").get_by_role("link", name=KEPT, exact=True).click()
    expect(page.get_by_test_id("merge-summary")).to_contain_text("แบบประเมิน 1 รายการ")
    page.get_by_label("พิมพ์คำว่า “รวม” เพื่อยืนยัน").fill("รวม")
    shot(page, f"42-{size}-merge-confirm", database_url)
    assert sideways_scroll(page) <= 1
    page.get_by_role("button", name="รวมหน่วยงาน").click()
    expect(page.get_by_text("ย้ายแบบประเมิน 1 รายการ")).to_be_visible()
    expect(page.get_by_test_id(f"assessment-{moved}")).to_be_visible()
    shot(page, f"43-{size}-merged", database_url)
    assert sideways_scroll(page) <= 1
    assert page.request.get(f"{survey_site}/admin/agencies/{duplicate}").status == 404

    page.goto(f"{survey_site}/admin/agencies/?ministry=moi")
    expect(page.get_by_test_id("agencies").locator("tbody tr")).to_have_count(2)
    assert sideways_scroll(page) <= 1
    context.close()
