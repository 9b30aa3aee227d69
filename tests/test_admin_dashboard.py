"""The dashboard: latest completed assessment per agency, level shares, weakest issues, SVG."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from admin.charts import StackedRow, stacked_shares, value_bars
from admin.stats import figures
from storage.assessments import CompletedRow, LatestResults, agency_key, latest_per_agency
from storage.results import StoredResult
from tests.admin_support import add_assessment, page
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


def test_charts_are_svg_with_escaped_labels():
    svg = stacked_shares([StackedRow("<b>P1</b>", {1: 1, 2: 0, 3: 0, 4: 0, 5: 30})], "ชื่อ")
    assert svg.startswith("<svg") and "&lt;b&gt;P1&lt;/b&gt;" in svg and "<b>" not in svg
    assert ">97%<" in svg and ">3%<" not in svg  # a narrow segment carries no label
    assert "ยังไม่มีข้อมูล" in value_bars([], "ว่าง")


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
    assert body.count("<svg") == 3
    # Overall: one agency at level 5 (กรม ก's latest), one at level 1.
    overall = body.split("<svg", 2)[1]
    assert re.findall(r">(\d+)</text>", overall)[:5] == ["1", "0", "0", "0", "1"]
    weakest = body.split("ประเด็นที่หน่วยงานทำได้น้อยที่สุด")[-1]
    assert "3.00" in weakest
    policy_only = page(client_as("viewer").get("/admin/?agency_type=policy"))
    assert 'data-testid="count-agencies">1<' in policy_only


def test_dashboard_with_no_assessments_says_so(client_as):
    body = page(client_as("viewer").get("/admin/?year=1999"))
    assert 'data-testid="count-assessments">0<' in body and "ยังไม่มีข้อมูล" in body
