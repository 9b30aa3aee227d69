"""Results an official can trust (DECISIONS.md, "Decisions added after the first
release"): next steps by score gain, answer-aware texts, the unsure and skip rules and the
range, own scales, peer ranks within the cohort, and typed numbers."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.chat.postbacks import ItemTap, encode
from knowledge.labels import issue_level_label
from scoring import score
from tests.answer_sets import best_answers, random_answers
from tests.bot_support import REPORT_ANSWERS, Chat, flex_texts, result_card
from tests.frameworks import FRAMEWORK

ROOT = Path(__file__).resolve().parent.parent


def _dgr_score(tmp_path: Path, answers: dict[str, Any], **document: Any) -> dict[str, Any]:
    path = tmp_path / "answers.json"
    body = {"agency_type": "service", "answers": answers, **document}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", "from dgr import main; main()", "score", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def test_the_report_still_gives_level_3_and_steps_come_by_score_gain(tmp_path):
    result = _dgr_score(tmp_path, REPORT_ANSWERS)
    assert result["overall"]["level"] == 3 and round(result["overall"]["value"], 2) == 3.93
    steps = result["next_steps"]
    assert steps and all(step["score_gain"] > 0 for step in steps)
    # (score_gain is printed to 4 decimals: compare to 3)
    per_criterion = [round(step["score_gain"] / step["criteria_to_add"], 3) for step in steps]
    assert per_criterion == sorted(per_criterion, reverse=True)
    # A Pillar-3 step (weight 30 %) is worth more than the same step in Pillar 6 (5 %).
    by_pillar = {step["pillar"]: step["score_gain"] for step in steps}
    assert by_pillar["P3"] > by_pillar["P6"]


def test_website_yes_and_omnichannel_unsure_keeps_channel_at_4(tmp_path):
    answers = {"P3.CX.1.website": "yes", "P3.CX.1.omnichannel": "unsure"}
    result = _dgr_score(tmp_path, answers, scope=["P3"])
    assert result["issues"]["P3.CX.1"] == {"status": "scored", "level": 4, "value": 4.0}
    # With the level-4 part unsure nothing is established: the issue stays unscored.
    unsure_first = {"P3.CX.1.website": "unsure", "P3.CX.1.omnichannel": "yes"}
    assert _dgr_score(tmp_path, unsure_first, scope=["P3"])["issues"]["P3.CX.1"]["level"] is None


def test_with_one_issue_skipped_the_range_brackets_its_lowest_and_highest_answer(tmp_path):
    best = {q: list(v) if isinstance(v, tuple) else v for q, v in best_answers(FRAMEWORK).items()}
    skipped = {q: v for q, v in best.items() if not q.startswith("P6.TP.1")}
    result = _dgr_score(tmp_path, skipped)
    low, high = result["overall"]["range"]
    lowest = _dgr_score(tmp_path, {**skipped, "P6.TP.1.tech": []})["overall"]["value"]
    highest = _dgr_score(tmp_path, best)["overall"]["value"]
    assert low == pytest.approx(lowest) and high == pytest.approx(highest)
    assert low <= result["overall"]["value"] <= high
    assert not result["complete"]


def test_data_warehouse_alone_with_cleansing_reaches_level_4(tmp_path):
    answers = {"P5.DM.2.practices": ["cleansing", "dw"]}
    result = _dgr_score(tmp_path, answers, scope=["P5"])
    assert result["issues"]["P5.DM.2"]["level"] == 4


def test_nothing_already_done_is_recommended_and_no_template_is_left_unfilled():
    answers = dict(REPORT_ANSWERS)
    answers["P5.DM.2.practices"] = ("cleansing", "dw")
    result = score(FRAMEWORK, "service", {k: tuple(v) if isinstance(v, list) else v
                                          for k, v in answers.items()})
    for recommendation in result.recommendations:
        issue = FRAMEWORK.issue(recommendation.issue_id)
        for question in issue.questions:
            done = answers.get(question.id)
            for item in getattr(question, "items", ()):
                if isinstance(done, list | tuple) and item.id in done:
                    assert all(item.text not in line for line in recommendation.unmet)
        assert all("{" not in line for line in recommendation.unmet)


@pytest.mark.parametrize("seed", range(6))
def test_choosing_fewer_than_listed_is_worded_as_a_choice(seed: int):
    """ "select 1 more from A or B", never "from A and B" when not all are needed."""
    result = score(FRAMEWORK, "service", random_answers(FRAMEWORK, random.Random(seed)))
    for line in (line for r in result.recommendations for line in r.unmet):
        wanted = re.search(r"เพิ่มอีก (\d+) \S+?จาก(.*)", line)
        if wanted is None:
            continue
        numbers = [int(n) for n in re.findall(r"\((\d+)\) ", wanted.group(2))]
        listed = max(numbers, default=2)
        if listed > int(wanted.group(1)):
            last = f" หรือ ({listed}) " if numbers else " หรือ "
            assert last in wanted.group(2), line


def test_capped_and_stage_issues_are_shown_in_their_own_scale():
    stages = FRAMEWORK.issue("P4.CC.1").rule
    capped = FRAMEWORK.issue("P1.DaP.2").rule
    top = stages.top
    assert issue_level_label(stages, top) == f"ขั้นที่ {top} จาก {top} (สูงสุดของประเด็นนี้)"
    assert issue_level_label(capped, 4).startswith("ระดับสูงสุดของประเด็นนี้")
    assert issue_level_label(FRAMEWORK.issue("P1.DaP.1").rule, 3) == "ระดับ 3"


# --- through signed webhooks ---------------------------------------------------------------


def _to_question(chat: Chat, question_id: str, pillar: int) -> None:
    chat.start(pillar=pillar)
    for _ in range(20):
        question = chat.current_question()
        assert question is not None
        if question["q"] == question_id:
            return
        chat.say(texts.SKIP)
    raise AssertionError(f"{question_id} was not asked")


@pytest.mark.parametrize(
    ("typed", "stored", "reply"),
    [
        ("-5", None, "อยู่นอกช่วง"),
        ("2.5", None, "จำนวนเต็ม"),
        ("2 วัน", None, "กรุณาพิมพ์"),
        ("1" + "0" * 400, None, "ยาวเกินไป"),
        ("ประมาณ 3 ด้าน", 3.0, None),
        ("สามด้าน", 3.0, None),
        ("สามจุดห้า", None, "กรุณาพิมพ์"),
        ("ยังไม่ได้ใช้", 0.0, None),
    ],
)
def test_typed_numbers_are_read_or_asked_again_in_thai(chat: Chat, typed, stored, reply):
    _to_question(chat, "P4.ADM.2.areas", pillar=4)
    messages = chat.say(typed)  # the helper asserts HTTP 200
    question = chat.current_question()
    if stored is None:
        assert question is not None and question["q"] == "P4.ADM.2.areas"
        assert reply in chat.texts(messages)[0]
    else:
        assert question is None or question["q"] != "P4.ADM.2.areas"


def test_all_recommendations_never_ask_for_a_ticked_item(chat: Chat):
    _to_question(chat, "P5.DM.2.practices", pillar=5)
    question = chat.current_question()
    assert question is not None
    chat.tap(encode(ItemTap(question["a"], question["q"], "cleansing", True)))
    chat.press("ยืนยัน")
    while chat.current_question() is not None:
        chat.say(texts.SKIP)
    carousels = chat.press(texts.ALL_RECOMMENDATIONS)
    shown = " ".join(t for m in carousels for t in flex_texts(m))
    cleansing = next(
        i.text for i in FRAMEWORK.issue("P5.DM.2").questions[0].items if i.id == "cleansing"
    )
    assert "สิ่งที่ยังขาดสำหรับระดับถัดไป" in shown and cleansing not in shown


def test_the_peer_rank_counts_its_own_cohort(chat: Chat, bot_app):
    from tests.admin_support import add_assessment

    for number in range(10):
        add_assessment(bot_app, REPORT_ANSWERS, agency_name=f"กรมเทียบ {number}")
    add_assessment(bot_app, {}, agency_name="กรมตอบไม่ครบ")  # incomplete: not in any cohort
    chat.follow()
    add_assessment(bot_app, best_answers(FRAMEWORK), line_user_id=chat.user_id)
    card = result_card(chat.say(texts.RESULT))
    assert "อันดับที่ 1 จาก 11 หน่วยงาน" in " ".join(flex_texts(card))
