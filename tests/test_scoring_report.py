"""The engine reproduces the arithmetic of the official 2565 report (seed 002)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring import parse_answers_document, score
from scoring.aggregate import overall_percent

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "report-2565-legal-execution.json"
WEIGHTS = {"P1": 20, "P2": 20, "P3": 30, "P4": 10, "P5": 15, "P6": 5}

# FRAMEWORK.md §2.5: the agency's 32 issue levels as printed (own scale; stages for P4.CC.1
# and P5.DM.1).
REPORT_ISSUE_LEVELS = {
    "P1.DP.1": 3,
    "P1.DaP.1": 2,
    "P1.DaP.2": 4,
    "P1.DaP.3": 5,
    "P1.DaP.4": 2,
    "P2.DL.1": 2,
    "P2.DL.2": 5,
    "P2.TD.1": 5,
    "P2.ITC.1": 1,
    "P3.SP.1": 2,
    "P3.SP.2": 1,
    "P3.SP.3": 5,
    "P3.SP.4": 5,
    "P3.PP.1": 5,
    "P3.PP.2": 5,
    "P3.PP.3": 5,
    "P3.CX.1": 5,
    "P4.IE.1": 5,
    "P4.IE.2": 4,
    "P4.IE.3": 3,
    "P4.ADM.1": 3,
    "P4.ADM.2": 2,
    "P4.CC.1": 2,
    "P5.RI.1": 5,
    "P5.RI.2": 4,
    "P5.RI.3": 5,
    "P5.CS.1": 4,
    "P5.DM.1": 3,
    "P5.DM.2": 5,
    "P6.CON.1": 4,
    "P6.INT.1": 4,
    "P6.TP.1": 5,
}


def _columns(*values: float) -> dict[str, float]:
    return dict(zip(WEIGHTS, values, strict=True))


@pytest.mark.parametrize(
    ("pillar_percents", "expected"),
    [
        # (a) the agency: 76.2175 → 76.22, as stated
        (_columns(67.17, 63.25, 79.11, 87.50, 90.17, 82.50), 76.22),
        # (c) agencies under the parent ministry: 61.20 as stated
        (_columns(54.89, 48.54, 62.69, 85.64, 68.92, 56.14), 61.20),
        # (d) service agencies: 56.916 → 56.92 (report prints 56.91; rounding of its inputs)
        (_columns(47.42, 41.78, 60.38, 79.89, 67.83, 55.97), 56.92),
    ],
)
def test_report_pillar_percents_weight_to_the_stated_overall(pillar_percents, expected):
    assert round(overall_percent(pillar_percents, WEIGHTS), 2) == expected


def test_agency_overall_before_rounding_is_exactly_the_weighted_sum():
    value = overall_percent(_columns(67.17, 63.25, 79.11, 87.50, 90.17, 82.50), WEIGHTS)
    assert value == pytest.approx(76.2175, abs=1e-9)


@pytest.fixture
def report_result(framework):
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    parsed = parse_answers_document(framework, document)
    return score(framework, parsed.agency_type, parsed.answers, parsed.scope)


def test_example_answers_reproduce_the_reports_32_issue_levels(report_result):
    levels = {iid: lv.raw_level for iid, lv in report_result.issues.items()}
    assert levels == REPORT_ISSUE_LEVELS


def test_report_issue_levels_give_the_reports_pillar_values_and_level_3_defined(report_result):
    values = {pid: round(f.value, 2) for pid, f in report_result.pillars.items()}
    assert values == {"P1": 3.25, "P2": 3.17, "P3": 4.42, "P4": 3.83, "P5": 4.56, "P6": 4.33}
    assert round(report_result.overall.value, 2) == 3.93
    assert report_result.overall.level == 3
    assert report_result.stage.name_en == "Defined"
    assert report_result.stage.name_th == "ระดับขั้นกลาง"


def test_report_pillar_2_is_lowest_and_pillar_5_highest(report_result):
    values = {pid: f.value for pid, f in report_result.pillars.items()}
    assert min(values, key=values.get) == "P2"
    assert max(values, key=values.get) == "P5"


def test_report_result_is_complete_and_names_the_uncovered_sub_pillars(report_result):
    assert report_result.complete
    assert set(report_result.not_covered) == {"P1.CSP", "P1.LRM", "P2.ITHR", "P3.PDS"}
    assert len(report_result.recommendations) == 32
