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
