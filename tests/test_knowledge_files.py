"""The shipped framework data is complete, and broken files fail with file, entry and field."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from knowledge.loader import DATA_DIR, KnowledgeError, load_catalog
from scoring.model import ChecklistQuestion, SingleChoiceQuestion
from tests.frameworks import SEVEN_PILLARS

THAI = re.compile(r"[\u0E00-\u0E7F]")


def test_the_2565_framework_has_6_pillars_21_sub_pillars_and_32_issues(framework):
    # FRAMEWORK.md §1.5's table lists 21 sub-pillars, 17 of them in the maturity model
    # (its summary line says 20 / 16; the table, which matches the report, is followed).
    subs = [s for p in framework.pillars for s in p.sub_pillars]
    assert [p.weight for p in framework.pillars] == [20, 20, 30, 10, 15, 5]
    assert len(subs) == 21 and sum(s.in_maturity_model for s in subs) == 17
    assert len(framework.issues()) == 32
    assert all(p.stage_names for p in framework.pillars)


def test_every_label_fits_a_line_button_and_every_text_is_thai(framework):
    for _, _, issue in framework.issues():
        assert THAI.search(issue.name_th) and THAI.search(issue.definition)
        for question in issue.questions:
            assert THAI.search(question.text)
            options = (
                question.items
                if isinstance(question, ChecklistQuestion)
                else question.options
                if isinstance(question, SingleChoiceQuestion)
                else ()
            )
            for option in options:
                assert option.label is None or len(option.label) <= 20, option.label


def test_the_glossary_and_the_2566_view_load(knowledge):
    assert len(knowledge.glossary) >= 80
    assert len(SEVEN_PILLARS.pillars) == 7
    ids = {e.id for e in knowledge.glossary}
    for term in ("gdx", "pdpa", "data-go-th"):
        assert any(term in i for i in ids), term


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, change: Callable[[dict], None]) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def _issue(document: dict, sub: int, issue: int) -> dict:
    return document["pillar"]["sub_pillars"][sub]["issues"][issue]


def _rejects(data_dir: Path, *expected: str) -> None:
    with pytest.raises(KnowledgeError) as error:
        load_catalog((data_dir,))
    message = str(error.value)
    for part in expected:
        assert part in message, message


def test_unknown_key_is_rejected_with_file_entry_and_field(data_copy):
    _edit(data_copy / "2565/p1-policies.yaml", lambda d: _issue(d, 1, 0).update({"treshold": 3}))
    _rejects(data_copy, "p1-policies.yaml", "P1.DaP.1", "treshold", "Extra inputs")


def test_missing_thai_text_is_rejected(data_copy):
    def english_only(d: dict) -> None:
        _issue(d, 0, 0)["questions"][0]["text"] = "Which guidelines does the plan cover?"

    _edit(data_copy / "2565/p1-policies.yaml", english_only)
    _rejects(data_copy, "p1-policies.yaml", "P1.DP.1.guidelines", "text", "Thai")


def test_threshold_beyond_the_answer_range_is_rejected(data_copy):
    def impossible(d: dict) -> None:
        _issue(d, 0, 0)["rule"]["criteria"][1]["all"][0]["checked_at_least"]["service"] = 13

    _edit(data_copy / "2565/p1-policies.yaml", impossible)
    _rejects(data_copy, "p1-policies.yaml", "P1.DP.1", "checked_at_least", "outside 1..12")


def test_percent_threshold_above_100_is_rejected(data_copy):
    def too_high(d: dict) -> None:
        _issue(d, 0, 0)["rule"]["criteria"][0]["all"][0]["at_least"] = 120

    _edit(data_copy / "2565/p3-public-service.yaml", too_high)
    _rejects(data_copy, "p3-public-service.yaml", "P3.SP.1", "outside the answer range")


def test_choice_rule_without_level_1_does_not_cover_the_range(data_copy):
    def no_level_1(d: dict) -> None:
        for option in _issue(d, 0, 0)["questions"][0]["options"]:
            option["level"] = max(2, option["level"])

    _edit(data_copy / "2565/p2-capability.yaml", no_level_1)
    _rejects(data_copy, "p2-capability.yaml", "P2.DL.1", "no option gives level 1")


def test_duplicate_id_is_rejected(data_copy):
    _edit(data_copy / "2565/p1-policies.yaml", lambda d: _issue(d, 1, 1).update({"id": "P1.DaP.1"}))
    _rejects(data_copy, "P1.DaP.1", "used 2 times")


def test_dangling_question_reference_is_rejected(data_copy):
    def dangling(d: dict) -> None:
        _issue(d, 1, 0)["rule"]["criteria"][0]["all"][0]["question"] = "P1.DaP.1.nothing"

    _edit(data_copy / "2565/p1-policies.yaml", dangling)
    _rejects(data_copy, "p1-policies.yaml", "P1.DaP.1", "'P1.DaP.1.nothing' is not a question")


def test_dangling_item_reference_is_rejected(data_copy):
    def dangling(d: dict) -> None:
        _issue(d, 1, 0)["rule"]["criteria"][0]["all"][0]["checked_all"] = ["d1", "d9"]

    _edit(data_copy / "2565/p1-policies.yaml", dangling)
    _rejects(data_copy, "P1.DaP.1", "unknown item 'd9'")


def test_missing_recommendation_band_is_rejected(data_copy):
    _edit(
        data_copy / "2565/p1-policies.yaml", lambda d: _issue(d, 1, 0)["recommendations"].pop("4")
    )
    _rejects(data_copy, "p1-policies.yaml", "P1.DaP.1", "recommendations.4: missing")


def test_glossary_reference_to_an_unknown_issue_is_rejected(data_copy):
    _edit(data_copy / "glossary.yaml", lambda d: d["entries"][0].update({"related": ["P9.XX.1"]}))
    _rejects(data_copy, "glossary.yaml", "related: unknown id 'P9.XX.1'")


def test_2566_view_must_map_every_issue(data_copy):
    view = "2565/view-2566-seven-pillars.yaml"
    _edit(data_copy / view, lambda d: d["pillars"][0]["issues"].clear())
    _rejects(data_copy, view, "P1.DP.1", "not mapped")


def test_pillar_weights_must_sum_to_100(data_copy):
    _edit(data_copy / "2565/p6-technology.yaml", lambda d: d["pillar"].update({"weight": 10}))
    _rejects(data_copy, "weights sum to 105")


def test_invalid_yaml_names_the_file(data_copy):
    (data_copy / "2565/p4-back-office.yaml").write_text("pillar: [unclosed", "utf-8")
    _rejects(data_copy, "p4-back-office.yaml", "not valid YAML")


# --- action texts -----------------------------------------------------------------------------

# A sample value for every placeholder the code fills (knowledge.checks_actions.PLACEHOLDERS).
SAMPLE = {
    "needed": "7",
    "have": "3",
    "missing_count": "4",
    "missing": "ก, ข และ ค",
    "target": "3 ระบบ",
    "current": "ตอนนี้ 1 ระบบ",
    "base": "20 ชุดข้อมูล",
    "percent": "30",
}


def test_every_shipped_action_is_thai_and_fills_with_its_placeholders(framework):
    actions = [
        condition.action
        for _, _, issue in framework.issues()
        for criterion in issue.rule.criteria
        for condition in criterion.all
    ]
    options = [
        option.action
        for _, _, issue in framework.issues()
        for question in issue.questions
        if isinstance(question, SingleChoiceQuestion)
        for option in question.options
        if option.action
    ]
    assert len(actions) == 62 and len(options) == 13
    for action in actions + options:
        filled = action.format(**SAMPLE)
        assert THAI.search(filled) and "{" not in filled and "}" not in filled, action


def test_every_count_question_has_a_thai_unit(framework):
    counts = [
        question
        for _, _, issue in framework.issues()
        for question in issue.questions
        if getattr(question, "unit", None) == "count"
    ]
    assert len(counts) == 5
    assert all(THAI.search(question.unit_label or "") for question in counts)


def _condition(document: dict, sub: int, issue: int, criterion: int, index: int) -> dict:
    return _issue(document, sub, issue)["rule"]["criteria"][criterion]["all"][index]


def test_condition_without_an_action_is_rejected(data_copy):
    _edit(data_copy / "2565/p1-policies.yaml", lambda d: _condition(d, 0, 0, 0, 0).pop("action"))
    _rejects(
        data_copy, "p1-policies.yaml", "P1.DP.1", "rule.criteria[0].all[0].action", "Field required"
    )


def test_action_without_thai_is_rejected(data_copy):
    def english(d: dict) -> None:
        _condition(d, 0, 0, 0, 0)["action"] = "Add {missing_count} guidelines"

    _edit(data_copy / "2565/p1-policies.yaml", english)
    _rejects(data_copy, "p1-policies.yaml", "P1.DP.1", "action", "Thai")


def test_choice_option_above_the_lowest_level_needs_an_action(data_copy):
    def no_action(d: dict) -> None:
        _issue(d, 0, 0)["questions"][0]["options"][2].pop("action")

    _edit(data_copy / "2565/p2-capability.yaml", no_action)
    _rejects(
        data_copy,
        "p2-capability.yaml",
        "P2.DL.1",
        "questions.P2.DL.1.training.options.one.action",
        "missing",
    )


def test_count_question_without_a_unit_label_is_rejected(data_copy):
    _edit(
        data_copy / "2565/p2-capability.yaml",
        lambda d: _issue(d, 0, 1)["questions"][0].pop("unit_label"),
    )
    _rejects(data_copy, "p2-capability.yaml", "P2.DL.2", "P2.DL.2.projects.unit_label", "missing")


@pytest.mark.parametrize(
    ("file_name", "where", "action", "expected"),
    [
        # yes/no condition (P3.SP.3): no placeholders at all
        ("p3-public-service.yaml", (0, 2, 0, 0), "ทำให้ได้ {target}", "{target} does not fit is_yes"),
        # checked_all (P1.DaP.1 level 4): there is no threshold to name
        ("p1-policies.yaml", (1, 0, 0, 0), "ทำอีก {needed} ข้อ", "{needed} does not fit checked_all"),
        # at_least (P2.DL.2): a number condition has no missing items
        ("p2-capability.yaml", (0, 1, 0, 0), "ทำเพิ่ม: {missing}", "{missing} does not fit at_least"),
        # a typo in a placeholder name
        ("p2-capability.yaml", (0, 1, 0, 0), "อย่างน้อย {traget}", "{traget} does not fit"),
        ("p2-capability.yaml", (0, 1, 0, 0), "อย่างน้อย {target:>5}", "takes no format"),
        ("p2-capability.yaml", (0, 1, 0, 0), "อย่างน้อย {target", "braces do not form"),
    ],
)
def test_a_placeholder_that_does_not_fit_the_test_is_rejected(
    data_copy, file_name, where, action, expected
):
    def change(d: dict) -> None:
        _condition(d, *where)["action"] = action

    _edit(data_copy / "2565" / file_name, change)
    _rejects(data_copy, file_name, "rule.criteria[level=", ".action", expected)


def test_an_option_action_takes_no_placeholder(data_copy):
    def placeholder(d: dict) -> None:
        _issue(d, 0, 0)["questions"][0]["options"][3]["action"] = "ผ่านอีก {missing_count} หลักสูตร"

    _edit(data_copy / "2565/p2-capability.yaml", placeholder)
    _rejects(data_copy, "P2.DL.1", "options.both.action", "{missing_count} does not fit an option")


def test_a_checklist_item_takes_no_action(data_copy):
    def item_action(d: dict) -> None:
        _issue(d, 1, 0)["questions"][0]["items"][0]["action"] = "กำหนดหน้าที่ของแต่ละส่วนงาน"

    _edit(data_copy / "2565/p1-policies.yaml", item_action)
    _rejects(data_copy, "P1.DaP.1", "items.d1.action", "checklist items take none")
