"""The dashboard: latest completed assessment per agency, level shares, weakest issues, SVG."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from admin.charts import StackedRow, stacked_shares, value_bars
from admin.stats import CompletedRow, agency_key, figures, latest_by_agency
from knowledge.loader import shipped_framework
from scoring.examples import best_answers, worst_answers
from tests.admin_support import add_assessment, page

pytest_plugins = ("tests.admin_fixtures",)

PILLARS = ["P1", "P2", "P3", "P4", "P5", "P6"]
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def test_agencies_are_their_record_else_their_name_else_the_respondent():
    assert agency_key(7, "กรม ก", "service", 1) == "agency:7"
    assert agency_key(None, " กรม  ก ", "service", 1) == agency_key(None, "กรม ก", "service", 2)
    assert agency_key(None, "กรม ก", "policy", 1) != agency_key(None, "กรม ก", "service", 1)
    assert agency_key(None, None, "service", 3) == "respondent:3"


def test_a_later_one_pillar_assessment_updates_that_pillar_but_not_the_overall():
    rows = [
        CompletedRow(1, "a", T0, None),
        CompletedRow(2, "a", T0 + timedelta(days=1), ("P3",)),
        CompletedRow(3, "b", T0, None),
        CompletedRow(4, "b", T0 - timedelta(days=9), None),
    ]
    overall, per_pillar = latest_by_agency(rows, PILLARS)
    assert overall == {"a": 1, "b": 3}
    assert per_pillar["P3"] == {"a": 2, "b": 3}
    assert per_pillar["P1"] == {"a": 1, "b": 3}


def test_figures_count_levels_and_rank_the_weakest_issues():
    results = {
        1: {
            "overall": {"level": 2},
            "pillars": {"P1": {"level": 2}},
            "issues": {"i1": {"value": 1.0}, "i2": {"value": 4.0}},
        },
        2: {
            "overall": {"level": None},
            "pillars": {"P1": {"level": 4}},
            "issues": {"i1": {"value": 2.0}, "i2": {"value": None}},
        },
    }
    data = figures({"a": 1, "b": 2}, {"P1": {"a": 1, "b": 2}}, results, {"P1": ["i1", "i2"]})
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
    framework = shipped_framework()
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
