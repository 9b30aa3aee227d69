"""Breakdowns by ministry and province, and a province's roll-up (weakest issues)."""

from __future__ import annotations

import re

from scoring import score
from scoring.rollup import weakest_issues
from tests.admin_support import add_assessment, page, place_agency_of
from tests.answer_sets import best_answers, worst_answers
from tests.frameworks import FRAMEWORK

pytest_plugins = ("tests.admin_fixtures",)


def _placed(app, place_id: str, **kwargs) -> int:  # type: ignore[no-untyped-def]
    assessment_id = add_assessment(app, **kwargs)
    place_agency_of(app, assessment_id, place_id)
    return assessment_id


def _row(body: str, testid: str) -> list[str]:
    match = re.search(rf'data-testid="{testid}">(.*?)</tr>', body, re.S)
    assert match, testid
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)


def test_breakdowns_count_registered_and_answered_agencies(admin_app, client_as):
    best, worst = best_answers(FRAMEWORK), worst_answers(FRAMEWORK)
    _placed(admin_app, "moi", answers=best, agency_name="กรมการปกครอง")
    _placed(admin_app, "moi", answers=worst, agency_name="กรมการปกครอง")  # its latest counts
    _placed(admin_app, "moi", answers={}, agency_name="กรมที่ดิน", status="in_progress")
    _placed(admin_app, "TH-52", answers=worst, agency_type="provincial", agency_name="สนง.ลำปาง")
    client = client_as("viewer")
    assert 'data-testid="breakdown-link"' in page(client.get("/admin/"))
    body = page(client.get("/admin/breakdown"))
    assert "หน่วยงานในทะเบียนของระบบ" in body
    moi = _row(body, "ministries-moi")
    assert [cell.strip() for cell in moi[1:5]] == ["2", "1", "50%", "3"]
    assert moi[5].strip() == "1"  # level 1: the latest result of กรมการปกครอง
    assert "/admin/agencies/?ministry=moi" in moi[0]
    lampang = _row(body, "provinces-TH-52")
    assert [cell.strip() for cell in lampang[1:4]] == ["1", "1", "100%"]
    assert "/admin/provinces/TH-52" in lampang[0]
    # The dashboard's filters apply: nothing started in 2020, so nothing answered.
    earlier = page(client.get("/admin/breakdown?date_from=2020-01-01&date_to=2020-01-31"))
    assert [c.strip() for c in _row(earlier, "ministries-moi")[1:5]] == ["2", "0", "0%", "0"]


def test_the_province_roll_up_names_the_five_weakest_issues(admin_app, client_as):
    best, worst = best_answers(FRAMEWORK), worst_answers(FRAMEWORK)
    kwargs = {"agency_type": "provincial"}
    _placed(admin_app, "TH-52", answers=best, agency_name="สำนักงานจังหวัดลำปาง", **kwargs)
    _placed(admin_app, "TH-52", answers=worst, agency_name="สำนักงานสถิติจังหวัดลำปาง", **kwargs)
    _placed(admin_app, "TH-50", answers=worst, agency_name="สำนักงานจังหวัดเชียงใหม่", **kwargs)
    body = page(client_as("viewer").get("/admin/provinces/TH-52"))
    assert "ภาพรวมจังหวัดลำปาง" in body and 'data-testid="answered">2<' in body
    assert "สำนักงานสถิติจังหวัดลำปาง" in body and "เชียงใหม่" not in body
    listed = re.search(r'data-testid="weakest">(.*?)</ol>', body, re.S)
    assert listed is not None and listed.group(1).count("<li>") == 5
    first = FRAMEWORK.issue(weakest_issues(FRAMEWORK, [_levels(best), _levels(worst)])[0].issue_id)
    assert first.name_th in listed.group(1).split("</li>")[0]
    assert client_as("viewer").get("/admin/provinces/XX-99").status_code == 404


def _levels(answers) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    result = score(FRAMEWORK, "provincial", answers, None).to_dict()
    return {issue_id: figure["level"] for issue_id, figure in result["issues"].items()}
