"""Each issue's answers → level rule matches FRAMEWORK.md §1.6–1.7 at every boundary.

Levels 1–3 follow DECISIONS.md: below the first criterion, none of it met → 1,
less than half → 2, half or more → 3; "กำลังดำเนินการ" counts as less than half.
Stage issues (P4.CC.1, P5.DM.1) give their own stage.
"""

from __future__ import annotations

import pytest

from scoring.levels import issue_level
from scoring.rules import criteria_type_for

SERVICE_12 = ["g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9", "g10", "g11", "g12"]
POLICY_9 = ["g1", "g5", "g6", "g7", "g8", "g9", "g10", "g11", "g12"]
OCSC = ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]
PROCESSES = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"]
SYSTEMS_12 = [
    "hr",
    "budget",
    "fin",
    "docs",
    "sec",
    "fac",
    "sup",
    "proc",
    "me",
    "comm",
    "audit",
    "meet",
]
HSN = ["hw", "sw", "net"]
FUNCTIONS = ["identify", "protect", "detect", "respond", "recover"]
HOUR = 3600
L5_DOWNTIME = 87 * HOUR + 39 * 60 + 29  # 87:39:29 ≈ 1 % of a year
L4_DOWNTIME = 175 * HOUR + 18 * 60 + 59  # 175:18:59 ≈ 2 % of a year


def checks(question: str, items: list[str]) -> dict:
    return {question: tuple(items)}


def number(question: str, value: float) -> dict:
    return {question: float(value)}


S, P, V = "service", "policy", "provincial"

# issue id → [(agency type, answers, expected level)]
TABLE: dict[str, list[tuple[str, dict, int]]] = {
    "P1.DP.1": [
        (S, checks("P1.DP.1.guidelines", SERVICE_12[:0]), 1),
        (S, checks("P1.DP.1.guidelines", SERVICE_12[:1]), 2),
        (S, checks("P1.DP.1.guidelines", SERVICE_12[:3]), 2),  # 3/7 < half
        (S, checks("P1.DP.1.guidelines", SERVICE_12[:4]), 3),  # 4/7 ≥ half
        (S, checks("P1.DP.1.guidelines", SERVICE_12[:6]), 3),
        (S, checks("P1.DP.1.guidelines", SERVICE_12[:7]), 4),  # 7–9 of 12
        (S, checks("P1.DP.1.guidelines", SERVICE_12[:9]), 4),
        (S, checks("P1.DP.1.guidelines", SERVICE_12[:10]), 5),  # 10–12 of 12
        (S, checks("P1.DP.1.guidelines", SERVICE_12), 5),
        (V, checks("P1.DP.1.guidelines", SERVICE_12[:7]), 4),  # provincial: service criteria
        (V, checks("P1.DP.1.guidelines", SERVICE_12[:9]), 4),
        (P, checks("P1.DP.1.guidelines", POLICY_9[:2]), 2),  # 2/5 < half
        (P, checks("P1.DP.1.guidelines", POLICY_9[:3]), 3),
        (P, checks("P1.DP.1.guidelines", POLICY_9[:4]), 3),
        (P, checks("P1.DP.1.guidelines", POLICY_9[:5]), 4),  # 5–6 of 9
        (P, checks("P1.DP.1.guidelines", POLICY_9[:6]), 4),
        (P, checks("P1.DP.1.guidelines", POLICY_9[:7]), 5),  # 7 ขึ้นไป of 9
        # The service-delivery guidelines 2–4 do not count for policy agencies.
        (P, checks("P1.DP.1.guidelines", ["g2", "g3", "g4", "g1", "g5", "g6", "g7"]), 3),
    ],
    "P1.DaP.1": [
        (S, checks("P1.DaP.1.items", []), 1),
        (S, checks("P1.DaP.1.items", ["d1"]), 2),
        (S, checks("P1.DaP.1.items", ["d1", "d2"]), 3),
        (S, checks("P1.DaP.1.items", ["d5", "d6", "d7"]), 1),  # none of items 1–4
        (S, checks("P1.DaP.1.items", ["d1", "d2", "d3", "d4"]), 4),
        (S, checks("P1.DaP.1.items", ["d1", "d2", "d3", "d4", "d5", "d6"]), 4),
        (S, checks("P1.DaP.1.items", ["d1", "d2", "d3", "d4", "d5", "d6", "d7"]), 5),
        (S, checks("P1.DaP.1.items", ["d1", "d2", "d3", "d5", "d6", "d7"]), 3),
    ],
    "P1.DaP.2": [
        (S, {"P1.DaP.2.stars": "none"}, 1),
        (S, {"P1.DaP.2.stars": "low"}, 2),
        (S, {"P1.DaP.2.stars": "some3"}, 3),
        (S, {"P1.DaP.2.stars": "most3"}, 4),  # top of this issue
        (S, {"P1.DaP.2.stars": "linked5"}, 4),
    ],
    "P1.DaP.3": [
        (S, {"P1.DaP.3.last_year": 100.0, "P1.DaP.3.this_year": 100.0, "P1.DaP.3.used": "yes"}, 1),
        (
            S,
            {"P1.DaP.3.last_year": 100.0, "P1.DaP.3.this_year": 114.0, "P1.DaP.3.used": "yes"},
            2,
        ),  # +14 % < half of 30
        (
            S,
            {"P1.DaP.3.last_year": 100.0, "P1.DaP.3.this_year": 115.0, "P1.DaP.3.used": "no"},
            3,
        ),  # +15 % = half
        (S, {"P1.DaP.3.last_year": 100.0, "P1.DaP.3.this_year": 129.0, "P1.DaP.3.used": "yes"}, 3),
        (
            S,
            {"P1.DaP.3.last_year": 100.0, "P1.DaP.3.this_year": 130.0, "P1.DaP.3.used": "no"},
            4,
        ),  # +30 %
        (
            S,
            {"P1.DaP.3.last_year": 10.0, "P1.DaP.3.this_year": 13.0, "P1.DaP.3.used": "partial"},
            4,
        ),
        (S, {"P1.DaP.3.last_year": 100.0, "P1.DaP.3.this_year": 130.0, "P1.DaP.3.used": "yes"}, 5),
        (
            S,
            {"P1.DaP.3.last_year": 0.0, "P1.DaP.3.this_year": 5.0, "P1.DaP.3.used": "yes"},
            5,
        ),  # first datasets ever
        (S, {"P1.DaP.3.last_year": 0.0, "P1.DaP.3.this_year": 0.0, "P1.DaP.3.used": "yes"}, 1),
    ],
    "P1.DaP.4": [
        (S, checks("P1.DaP.4.types", []), 1),
        (S, checks("P1.DaP.4.types", ["a1"]), 2),
        (S, checks("P1.DaP.4.types", ["a1", "a2"]), 3),
        (S, checks("P1.DaP.4.types", ["a1", "a2", "a3"]), 4),
        (S, checks("P1.DaP.4.types", ["a1", "a2", "a3", "a4"]), 5),
    ],
    "P2.DL.1": [
        (S, {"P2.DL.1.training": "none"}, 1),
        (S, {"P2.DL.1.training": "appointed"}, 2),
        (S, {"P2.DL.1.training": "one"}, 3),
        (S, {"P2.DL.1.training": "both"}, 4),  # top of this issue
    ],
    "P2.DL.2": [
        (S, number("P2.DL.2.projects", 0), 1),
        (S, number("P2.DL.2.projects", 1), 2),
        (S, number("P2.DL.2.projects", 2), 3),
        (S, number("P2.DL.2.projects", 3), 4),
        (S, number("P2.DL.2.projects", 4), 4),
        (S, number("P2.DL.2.projects", 5), 5),
        (S, number("P2.DL.2.projects", 12), 5),
    ],
    "P2.ITC.1": [
        (S, number("P2.ITC.1.score", 0), 1),
        (S, number("P2.ITC.1.score", 29.9), 2),
        (S, number("P2.ITC.1.score", 30), 3),
        (S, number("P2.ITC.1.score", 59.99), 3),
        (S, number("P2.ITC.1.score", 60), 4),  # "มากกว่าร้อยละ 60 ขึ้นไป" read as ≥
        (S, number("P2.ITC.1.score", 79.99), 4),
        (S, number("P2.ITC.1.score", 80), 5),
        (S, number("P2.ITC.1.score", 100), 5),
    ],
    "P2.TD.1": [
        (S, {**checks("P2.TD.1.promoted", []), **checks("P2.TD.1.measured", [])}, 1),
        (S, {**checks("P2.TD.1.promoted", OCSC[:3]), **checks("P2.TD.1.measured", OCSC)}, 2),
        (S, {**checks("P2.TD.1.promoted", OCSC[:4]), **checks("P2.TD.1.measured", [])}, 3),
        (S, {**checks("P2.TD.1.promoted", OCSC), **checks("P2.TD.1.measured", OCSC[:6])}, 4),
        (S, {**checks("P2.TD.1.promoted", OCSC), **checks("P2.TD.1.measured", OCSC)}, 5),
    ],
    "P3.SP.1": [
        (S, number("P3.SP.1.share", 0), 1),
        (S, number("P3.SP.1.share", 39), 2),
        (S, number("P3.SP.1.share", 40), 3),
        (S, number("P3.SP.1.share", 79.9), 3),
        (S, number("P3.SP.1.share", 80), 4),
        (S, number("P3.SP.1.share", 90), 4),
        (S, number("P3.SP.1.share", 99.9), 4),
        (S, number("P3.SP.1.share", 100), 5),
    ],
    "P3.SP.2": [
        (S, checks("P3.SP.2.processes", []), 1),
        (S, checks("P3.SP.2.processes", PROCESSES[:2]), 2),
        (S, checks("P3.SP.2.processes", PROCESSES[:3]), 3),
        (S, checks("P3.SP.2.processes", PROCESSES[:5]), 4),
        (S, checks("P3.SP.2.processes", PROCESSES[:6]), 4),
        (S, checks("P3.SP.2.processes", PROCESSES[:7]), 5),
        (S, checks("P3.SP.2.processes", PROCESSES), 5),
    ],
    "P3.SP.3": [
        (S, {"P3.SP.3.no_copies": "no"}, 1),
        (S, {"P3.SP.3.no_copies": "partial"}, 2),
        (S, {"P3.SP.3.no_copies": "yes"}, 5),
    ],
    "P3.SP.4": [
        (S, {"P3.SP.4.personalized": "no"}, 1),
        (S, {"P3.SP.4.personalized": "partial"}, 2),
        (S, {"P3.SP.4.personalized": "yes"}, 5),
    ],
    "P3.PP.1": [
        (S, checks("P3.PP.1.items", []), 1),
        (S, checks("P3.PP.1.items", ["i1"]), 2),
        (S, checks("P3.PP.1.items", ["i1", "i2"]), 3),
        (S, checks("P3.PP.1.items", ["i1", "i2", "i3"]), 4),
        (S, checks("P3.PP.1.items", ["i1", "i2", "i3", "i4"]), 5),
    ],
    "P3.PP.2": [
        (S, checks("P3.PP.2.items", []), 1),
        (S, checks("P3.PP.2.items", ["c4"]), 2),
        (S, checks("P3.PP.2.items", ["c1", "c4"]), 3),
        (S, checks("P3.PP.2.items", ["c1", "c2", "c4"]), 4),
        (S, checks("P3.PP.2.items", ["c1", "c2", "c3", "c4"]), 5),
    ],
    "P3.PP.3": [
        (S, checks("P3.PP.3.items", []), 1),
        (S, checks("P3.PP.3.items", ["d3"]), 3),  # 1 of 2 = half
        (S, checks("P3.PP.3.items", ["d1", "d3"]), 4),
        (S, checks("P3.PP.3.items", ["d1", "d2", "d3"]), 5),
    ],
    "P3.CX.1": [
        (S, {"P3.CX.1.website": "no", "P3.CX.1.omnichannel": "yes"}, 1),
        (S, {"P3.CX.1.website": "partial", "P3.CX.1.omnichannel": "no"}, 2),
        (S, {"P3.CX.1.website": "yes", "P3.CX.1.omnichannel": "no"}, 4),
        (S, {"P3.CX.1.website": "yes", "P3.CX.1.omnichannel": "yes"}, 5),
    ],
    "P4.IE.1": [
        (S, checks("P4.IE.1.systems", []), 1),
        (S, checks("P4.IE.1.systems", SYSTEMS_12[:3]), 2),
        (S, checks("P4.IE.1.systems", SYSTEMS_12[:4]), 3),
        (S, checks("P4.IE.1.systems", SYSTEMS_12[:6]), 3),
        (S, checks("P4.IE.1.systems", SYSTEMS_12[:7]), 4),  # "7-8 ระบบขึ้นไป"
        (S, checks("P4.IE.1.systems", SYSTEMS_12[:8]), 4),
        (S, checks("P4.IE.1.systems", SYSTEMS_12[:9]), 5),  # "9 ระบบขึ้นไป"
        (S, checks("P4.IE.1.systems", SYSTEMS_12), 5),
    ],
    "P4.IE.2": [
        (S, {"P4.IE.2.linked": "none"}, 1),
        (S, {"P4.IE.2.linked": "s1_2"}, 2),
        (S, {"P4.IE.2.linked": "s3_4"}, 3),
        (S, {"P4.IE.2.linked": "s5plus"}, 4),  # at least 5 systems
        (S, {"P4.IE.2.linked": "all"}, 5),
    ],
    "P4.IE.3": [
        (S, {**number("P4.IE.3.gdx_systems", 0), "P4.IE.3.other_agencies": "no"}, 1),
        (S, {**number("P4.IE.3.gdx_systems", 0), "P4.IE.3.other_agencies": "partial"}, 2),
        (S, {**number("P4.IE.3.gdx_systems", 0), "P4.IE.3.other_agencies": "yes"}, 3),
        (S, {**number("P4.IE.3.gdx_systems", 3), "P4.IE.3.other_agencies": "no"}, 3),
        (S, {**number("P4.IE.3.gdx_systems", 1), "P4.IE.3.other_agencies": "yes"}, 4),
        (S, {**number("P4.IE.3.gdx_systems", 2), "P4.IE.3.other_agencies": "yes"}, 5),
    ],
    "P4.ADM.1": [
        (S, checks("P4.ADM.1.wfh", []), 1),
        (S, checks("P4.ADM.1.wfh", ["vpn"]), 2),
        (S, checks("P4.ADM.1.wfh", ["cloud", "checkin"]), 3),
        (S, checks("P4.ADM.1.wfh", ["cloud", "vpn", "checkin"]), 3),
        (S, checks("P4.ADM.1.wfh", ["cloud", "vpn", "checkin", "checkup"]), 4),  # top
    ],
    "P4.ADM.2": [
        (S, number("P4.ADM.2.areas", 0), 1),
        (S, number("P4.ADM.2.areas", 1), 2),
        (S, number("P4.ADM.2.areas", 2), 3),
        (S, number("P4.ADM.2.areas", 3), 4),  # at least 3 areas
        (S, number("P4.ADM.2.areas", 4), 5),  # 4 or more
    ],
    "P4.CC.1": [
        (S, {"P4.CC.1.platform": "no"}, 1),
        (S, {"P4.CC.1.platform": "yes"}, 2),  # stage 2 = top of this issue
    ],
    "P5.RI.1": [
        (S, {**checks("P5.RI.1.sufficient", []), **checks("P5.RI.1.suitable", HSN)}, 1),
        (S, {**checks("P5.RI.1.sufficient", ["hw"]), **checks("P5.RI.1.suitable", [])}, 2),
        (S, {**checks("P5.RI.1.sufficient", ["hw", "sw"]), **checks("P5.RI.1.suitable", [])}, 3),
        (S, {**checks("P5.RI.1.sufficient", HSN), **checks("P5.RI.1.suitable", ["sw", "net"])}, 4),
        (S, {**checks("P5.RI.1.sufficient", HSN), **checks("P5.RI.1.suitable", HSN)}, 5),
    ],
    "P5.RI.2": [
        (S, checks("P5.RI.2.systems", []), 1),
        (S, checks("P5.RI.2.systems", ["gdcc"]), 2),
        (S, checks("P5.RI.2.systems", ["gdcc", "gin"]), 3),
        (S, checks("P5.RI.2.systems", ["gdcc", "gin", "other"]), 4),  # at least 3
        (S, checks("P5.RI.2.systems", ["gdcc", "gin", "ginconf", "mail"]), 5),  # 4 or more
    ],
    "P5.RI.3": [
        (S, number("P5.RI.3.downtime", 0), 5),
        (S, number("P5.RI.3.downtime", L5_DOWNTIME), 5),  # ไม่เกิน 87:39:29
        (S, number("P5.RI.3.downtime", L5_DOWNTIME + 1), 4),
        (S, number("P5.RI.3.downtime", L4_DOWNTIME), 4),  # ไม่เกิน 175:18:59
        (S, number("P5.RI.3.downtime", L4_DOWNTIME + 1), 3),
        (S, number("P5.RI.3.downtime", 1.5 * L4_DOWNTIME), 3),  # 1.5 × the limit = half met
        (S, number("P5.RI.3.downtime", 1.5 * L4_DOWNTIME + 1), 2),
        (S, number("P5.RI.3.downtime", 2 * L4_DOWNTIME - 1), 2),
        (S, number("P5.RI.3.downtime", 2 * L4_DOWNTIME), 1),  # twice the limit: none met
    ],
    "P5.CS.1": [
        (S, {**checks("P5.CS.1.functions", []), **checks("P5.CS.1.extra", [])}, 1),
        (S, {**checks("P5.CS.1.functions", FUNCTIONS[:2]), **checks("P5.CS.1.extra", [])}, 2),
        (S, {**checks("P5.CS.1.functions", FUNCTIONS[:3]), **checks("P5.CS.1.extra", [])}, 3),
        (S, {**checks("P5.CS.1.functions", FUNCTIONS), **checks("P5.CS.1.extra", ["review"])}, 4),
        (
            S,
            {
                **checks("P5.CS.1.functions", FUNCTIONS),
                **checks("P5.CS.1.extra", ["review", "standard"]),
            },
            5,
        ),
        (
            S,
            {
                **checks("P5.CS.1.functions", FUNCTIONS[:4]),
                **checks("P5.CS.1.extra", ["review", "standard"]),
            },
            3,
        ),
    ],
    "P5.DM.1": [
        (S, {"P5.DM.1.cadence": "rarely"}, 1),
        (S, {"P5.DM.1.cadence": "yearly"}, 2),
        (S, {"P5.DM.1.cadence": "scheduled"}, 3),  # stage 3 = top of this issue
    ],
    "P5.DM.2": [
        (S, checks("P5.DM.2.practices", []), 1),
        (S, checks("P5.DM.2.practices", ["dw"]), 3),  # 1 of 2 tests = half
        (S, checks("P5.DM.2.practices", ["cleansing", "masking"]), 3),
        (S, checks("P5.DM.2.practices", ["cleansing", "dl"]), 4),
        (S, checks("P5.DM.2.practices", ["cleansing", "dw", "dl"]), 4),
        (S, checks("P5.DM.2.practices", ["cleansing", "dw", "masking"]), 5),
        (S, checks("P5.DM.2.practices", ["cleansing", "dw", "dl", "masking"]), 5),
    ],
    "P6.CON.1": [
        (S, checks("P6.CON.1.tech", []), 1),
        (S, checks("P6.CON.1.tech", ["iot"]), 1),
        (S, checks("P6.CON.1.tech", ["api"]), 4),
        (S, checks("P6.CON.1.tech", ["api", "iot"]), 5),
    ],
    "P6.INT.1": [
        (S, checks("P6.INT.1.tech", []), 1),
        (S, checks("P6.INT.1.tech", ["bigdata"]), 4),
        (S, checks("P6.INT.1.tech", ["bigdata", "di"]), 5),
    ],
    "P6.TP.1": [
        (S, checks("P6.TP.1.tech", []), 1),
        (S, checks("P6.TP.1.tech", ["platform"]), 4),
        (S, checks("P6.TP.1.tech", ["platform", "ledger"]), 5),
    ],
}


def test_the_table_covers_all_32_issues(framework):
    assert sorted(TABLE) == sorted(issue.id for _, _, issue in framework.issues())


@pytest.mark.parametrize("issue_id", sorted(TABLE))
def test_issue_rule_matches_the_framework_at_every_boundary(framework, issue_id):
    issue = framework.issue(issue_id)
    failures = []
    for agency_type, answers, expected in TABLE[issue_id]:
        got = issue_level(issue, answers, criteria_type_for(agency_type)).raw_level
        if got != expected:
            failures.append(f"{agency_type} {answers}: expected {expected}, got {got}")
    assert not failures, "\n".join(failures)


def test_an_unsure_answer_leaves_the_issue_unscored(framework):
    level = issue_level(framework.issue("P3.SP.3"), {"P3.SP.3.no_copies": "unsure"}, "service")
    assert (level.status, level.raw_level, level.value) == ("unsure", None, None)


def test_a_missing_answer_leaves_the_issue_unanswered(framework):
    answers = {"P1.DaP.3.last_year": 10.0, "P1.DaP.3.used": "yes"}
    level = issue_level(framework.issue("P1.DaP.3"), answers, "service")
    assert level.status == "unanswered" and level.raw_level is None
