"""The dashboard: latest completed assessment per agency, level shares, weakest issues, the
funnel, the year before, a date range; every chart segment opens the list it counts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from admin.charts import Bar, Segment, StackedRow, hbars, stacked
from admin.stats import figures
from storage.assessments import CompletedRow, LatestResults, agency_key, latest_per_agency
from storage.models import Assessment
from storage.results import StoredResult
from tests.admin_support import add_assessment, db_of, page
from tests.answer_sets import best_answers, worst_answers
from tests.frameworks import FRAMEWORK

pytest_plugins = ("tests.admin_fixtures",)

PILLARS = ["P1", "P2", "P3", "P4", "P5", "P6"]
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def _row(assessment_id: int, agency: str, finished: datetime, scope=None) -> CompletedRow:
    return CompletedRow(assessment_id, agency, finished, scope, 50.0, True)


def test_agencies_are_their_record_else_the_one_user():
    assert agency_key(7, 1) == "agency:7"
    assert agency_key(None, 3) == "respondent:3"


def test_a_later_one_pillar_assessment_updates_that_pillar_but_not_the_overall():
    rows = [
        _row(1, "a", T0),
        _row(2, "a", T0 + timedelta(days=1), ("P3",)),
        _row(3, "b", T0),
        _row(4, "b", T0 - timedelta(days=9)),
    ]
    latest = latest_per_agency(rows, PILLARS)
    assert {key: row.id for key, row in latest.overall.items()} == {"a": 1, "b": 3}
    assert {key: row.id for key, row in latest.per_pillar["P3"].items()} == {"a": 2, "b": 3}
    assert {key: row.id for key, row in latest.per_pillar["P1"].items()} == {"a": 1, "b": 3}


def test_figures_count_levels_and_rank_the_weakest_issues():
    def stored(overall, pillar, i1, i2) -> StoredResult:
        return StoredResult.model_validate(
            {
                "framework_year": 2565,
                "agency_type": "service",
                "overall": {"level": overall},
                "pillars": {"P1": {"level": pillar}},
                "issues": {"i1": {"value": i1}, "i2": {"value": i2}},
            }
        )

    results = {1: stored(2, 2, 1.0, 4.0), 2: stored(None, 4, 2.0, None)}
    a, b = _row(1, "a", T0), _row(2, "b", T0)
    latest = LatestResults({"a": a, "b": b}, {"P1": {"a": a, "b": b}})
    data = figures(latest, results, {"P1": ["i1", "i2"]})
    assert data.overall.counts == {1: 0, 2: 1, 3: 0, 4: 0, 5: 0}
    assert data.overall.without_level == 1
    assert data.pillars["P1"].counts[2] == 1 and data.pillars["P1"].share(4) == 50.0
    assert [(w.issue_id, w.mean_value, w.agencies) for w in data.weakest] == [
        ("i1", 1.5, 2),
        ("i2", 4.0, 1),
    ]


def test_charts_are_html_links_with_escaped_labels():
    segments = [Segment(1, 1, "/l?a=1&b=2"), Segment(5, 30, "/l?x")]
    chart = stacked([StackedRow("<b>P1</b>", segments)], "ชื่อ")
    assert "&lt;b&gt;P1&lt;/b&gt;" in chart and "<b>" not in chart
    assert 'href="/l?a=1&amp;b=2"' in chart
    assert ">97%<" in chart and ">3%<" not in chart  # a narrow segment carries no text
    assert "ยังไม่มีข้อมูล" in hbars([], "ว่าง")
    bar = Bar("ยาวมาก " * 30, 3.0, "3.00", "/x", "tip")
    assert ("ยาวมาก " * 30).strip() in hbars([bar], "t", 1, 5)  # labels are never cut


def _total(client, url: str) -> int:  # type: ignore[no-untyped-def]
    return int(re.search(r'data-testid="total">([\d,]+)<', page(client.get(url))).group(1))


def test_dashboard_uses_the_latest_completed_assessment_per_agency(admin_app, client_as):
    framework = FRAMEWORK
    best, worst = best_answers(framework), worst_answers(framework)
    add_assessment(admin_app, worst, agency_name="กรม ก", finished_at=T0)
    add_assessment(admin_app, best, agency_name="กรม ก", finished_at=T0 + timedelta(days=1))
    add_assessment(admin_app, worst, agency_name="กรม ข", agency_type="policy", finished_at=T0)
    add_assessment(admin_app, {}, agency_name="กรม ค", status="in_progress")
    body = page(client_as("editor").get("/admin/"))
    assert 'data-testid="count-assessments">4<' in body
    assert 'data-testid="count-completed">3<' in body
    assert 'data-testid="count-agencies">2<' in body
    # Overall: one agency at level 5 (กรม ก's latest), one at level 1.
    overall = body.split('id="h-overall"')[1].split("</figure>")[0]
    assert re.findall(r'class="col-value">(\d+)<', overall) == ["1", "0", "0", "0", "1"]
    weakest = body.split('id="h-weakest"')[1]
    assert "3.0<" in weakest and "3.00" not in weakest  # one decimal, as the chat shows it
    policy_only = page(client_as("viewer").get("/admin/?agency_type=policy"))
    assert 'data-testid="count-agencies">1<' in policy_only
    # The editor may not open the assessment list: its figures are not links to a 403.
    assert "/admin/assessments/" not in body and "/admin/assessments/" in policy_only


def test_every_chart_segment_opens_the_list_it_counts(admin_app, client_as):
    best, worst = best_answers(FRAMEWORK), worst_answers(FRAMEWORK)
    add_assessment(admin_app, worst, agency_name="กรม ก", finished_at=T0)
    add_assessment(admin_app, best, agency_name="กรม ก", finished_at=T0 + timedelta(days=1))
    add_assessment(admin_app, worst, agency_name="กรม ข", finished_at=T0)
    pillar3 = {q: a for q, a in best.items() if q.startswith("P3.")}
    add_assessment(admin_app, pillar3, agency_name="กรม ข", scope=["P3"], finished_at=T0)
    partial = {q: a for q, a in worst.items() if q.startswith(("P1.", "P2."))}
    add_assessment(admin_app, partial, agency_name="กรม ค", status="in_progress")
    client = client_as("viewer")
    body = page(client.get("/admin/"))
    overall = body.split('id="h-overall"')[1].split("</figure>")[0]
    counts = [int(n) for n in re.findall(r'class="col-value">(\d+)<', overall)]
    hrefs = [unescape(h) for h in re.findall(r'<a class="col" href="([^"]+)"', overall)]
    assert [_total(client, href) for href in hrefs] == counts
    pillars = body.split('id="h-pillars"')[1].split("</figure>")[0]
    segment = r'<a style="[^"]*" title="[^"]*" href="([^"]+)" aria-label="([^"]+)"'
    for href, label in re.findall(segment, pillars):
        expected = int(re.search(r": (\d+) หน่วยงาน", unescape(label)).group(1))
        assert _total(client, unescape(href)) == expected, label
    # Pillar 3 counts กรม ข's one-pillar result (level 5), not its older whole one.
    p3_level5 = "/admin/assessments/?year=2565&segment=pillar:P3:5"
    assert _total(client, p3_level5) == 2
    funnel = body.split('id="h-funnel"')[1].split("</section>")[0]
    for href, label in re.findall(r'<a class="hbar" href="([^"]+)" aria-label="([^"]+)"', funnel):
        expected = int(re.search(r": (\d+)", unescape(label)).group(1))
        assert _total(client, unescape(href)) == expected, label


def test_the_funnel_shows_how_far_officials_get_and_where_they_pause(admin_app, client_as):
    worst = worst_answers(FRAMEWORK)
    add_assessment(admin_app, worst, agency_name="กรม ก")
    partial = {q: a for q, a in worst.items() if q.startswith(("P1.", "P2."))}
    add_assessment(admin_app, partial, agency_name="กรม ข", status="in_progress")
    add_assessment(admin_app, {}, agency_name="กรม ค", status="in_progress")
    body = page(client_as("viewer").get("/admin/"))
    table = body.split('data-testid="funnel-table"')[1].split("</table>")[0]
    cells = re.findall(r">([^<>]+)</a></td><td>(\d+)</td>", table)
    steps = {label: int(count) for label, count in cells}
    assert steps["เริ่มประเมิน"] == 3 and steps["ประเมินเสร็จ"] == 1
    p1, p3 = (f"ตอบถึงตัวชี้วัดที่ {n} " for n in (1, 3))
    assert next(v for k, v in steps.items() if k.startswith(p1)) == 2
    assert next(v for k, v in steps.items() if k.startswith(p3)) == 1
    last_p2_issue = [i for p, _, i in FRAMEWORK.issues() if p.id == "P2"][-1]
    assert steps[f"พักไว้หลัง{last_p2_issue.name_th}"] == 1
    assert steps["พักไว้หลังเริ่ม (ยังไม่ได้ตอบข้อแรก)"] == 1


def test_a_date_range_narrows_the_dashboard(admin_app, client_as):
    worst = worst_answers(FRAMEWORK)
    add_assessment(admin_app, worst, agency_name="กรม ก", started_at=T0)
    add_assessment(admin_app, worst, agency_name="กรม ข", started_at=T0 + timedelta(days=40))
    client = client_as("viewer")
    body = page(client.get("/admin/?date_from=2025-03-01&date_to=2025-03-31"))
    assert 'data-testid="count-assessments">1<' in body
    assert 'data-testid="count-agencies">1<' in body
    assert "date_from=2025-03-01" in body  # the chart links keep the range


def test_change_since_the_year_before(admin_app, client_as):
    best, worst = best_answers(FRAMEWORK), worst_answers(FRAMEWORK)
    add_assessment(admin_app, best, agency_name="กรม ก")
    older = add_assessment(admin_app, worst, agency_name="กรม ก")
    with db_of(admin_app).session() as session:
        session.get_one(Assessment, older).framework_year = 2564
    body = page(client_as("viewer").get("/admin/?year=2565"))
    table = body.split('data-testid="year-on-year"')[1].split("</table>")[0]
    assert "2564" in table and "ค่าเฉลี่ยระดับภาพรวม" in table
    row = table.split("หน่วยงานระดับ 5")[1].split("</tr>")[0]
    assert "▲ +1" in row
    first_year = page(client_as("viewer").get("/admin/?year=2564"))
    assert 'data-testid="no-previous-year"' in first_year


def test_dashboard_with_no_assessments_says_what_to_do(client_as):
    body = page(client_as("viewer").get("/admin/?year=1999"))
    assert 'data-testid="count-assessments">0<' in body
    assert "ยังไม่มีการประเมิน — แชร์ลิงก์บอทให้หน่วยงาน" in body
