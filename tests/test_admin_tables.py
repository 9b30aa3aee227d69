"""The assessment list and detail as people work in them: sort kept in the URL, page size,
scope marked wherever a level is shown, the detail's summary first and answers folded."""

from __future__ import annotations

import re

import pytest

from tests.admin_support import add_assessment, page
from tests.answer_sets import best_answers, worst_answers
from tests.frameworks import FRAMEWORK

pytest_plugins = ("tests.admin_fixtures",)


@pytest.fixture
def levels(admin_app) -> dict[str, int]:
    best, worst = best_answers(FRAMEWORK), worst_answers(FRAMEWORK)
    pillar4 = {q: a for q, a in best.items() if q.startswith("P4.")}
    return {
        "worst": add_assessment(admin_app, worst, agency_name="กรม ก"),
        "best": add_assessment(admin_app, best, agency_name="กรม ข"),
        "pillar4": add_assessment(admin_app, pillar4, agency_name="กรม ค", scope=["P4"]),
        "open": add_assessment(admin_app, {}, agency_name="กรม ง", status="in_progress"),
    }


def _order(body: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-testid="row-(\d+)"', body)]


def test_sort_by_level_both_ways_with_unlevelled_rows_last(client_as, levels):
    client = client_as("viewer")
    down = page(client.get("/admin/assessments/?sort=level&dir=desc"))
    up = page(client.get("/admin/assessments/?sort=level&dir=asc"))
    assert _order(down)[-1] == levels["open"] and _order(up)[-1] == levels["open"]
    assert _order(down).index(levels["best"]) < _order(down).index(levels["worst"])
    assert _order(up).index(levels["worst"]) < _order(up).index(levels["best"])
    # The sorted column says so, and its header link turns the order around.
    assert 'aria-sort="descending"' in down
    assert "sort=level&amp;dir=asc" in down


def test_sort_and_page_size_stay_in_the_pagination_links(admin_app, client_as):
    for number in range(55):
        add_assessment(admin_app, {}, agency_name=f"หน่วยงาน {number:02d}", status="in_progress")
    body = page(client_as("viewer").get("/admin/assessments/?sort=agency&dir=asc&per_page=50"))
    assert len(_order(body)) == 50 and "หน้า 1 จาก 2" in body
    assert re.search(r'href="[^"]*page=2[^"]*"', body)
    link = re.search(r'href="([^"]*page=2[^"]*)"', body).group(1)
    assert "sort=agency" in link and "dir=asc" in link and "per_page=50" in link
    assert "หน่วยงาน 00" in body and "หน่วยงาน 54" not in body


def test_an_unknown_sort_falls_back_to_newest_first(client_as, levels):
    body = page(client_as("viewer").get("/admin/assessments/?sort=drop+table&dir=sideways"))
    assert _order(body)[0] == levels["open"]


def test_a_one_pillar_assessment_is_marked_in_the_list(client_as, levels):
    body = page(client_as("viewer").get("/admin/assessments/"))
    row = body.split(f'data-testid="row-{levels["pillar4"]}"')[1].split("</tr>")[0]
    assert 'data-testid="scope">ตัวชี้วัดที่ 4<' in row
    whole = body.split(f'data-testid="row-{levels["best"]}"')[1].split("</tr>")[0]
    assert 'data-testid="scope"' not in whole and "ทั้งกรอบ" in whole


def test_the_detail_of_a_one_pillar_result_names_its_pillar(client_as, levels):
    body = page(client_as("viewer").get(f"/admin/assessments/{levels['pillar4']}"))
    headline = body.split('data-testid="headline">')[1].split("</p>")[0]
    assert "ระดับตัวชี้วัดที่ 4" in headline and "ภาพรวม" not in headline
    assert 'data-testid="scope-note"' in body
    whole = page(client_as("viewer").get(f"/admin/assessments/{levels['best']}"))
    assert "ระดับความพร้อมภาพรวม" in whole.split('data-testid="headline">')[1].split("</p>")[0]


def test_the_detail_puts_the_summary_first_and_folds_answers_by_pillar(client_as, levels):
    body = page(client_as("viewer").get(f"/admin/assessments/{levels['best']}"))
    assert body.index('data-testid="result"') < body.index("คำตอบทั้งหมด")
    folded = re.findall(r'<details class="pillar" data-testid="answers-pillar">', body)
    assert len(folded) == len(FRAMEWORK.pillars)
    assert "<details class=\"pillar\" data-testid=\"answers-pillar\" open" not in body


def test_an_empty_list_says_what_to_do_next(client_as):
    body = page(client_as("viewer").get("/admin/assessments/"))
    assert "ยังไม่มีการประเมิน — แชร์ลิงก์บอทให้หน่วยงาน" in body
