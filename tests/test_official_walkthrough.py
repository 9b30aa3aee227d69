"""What an official's walk through the bot found, kept fixed: the next steps read in the
order they are ranked, one rule for a fractional level, Thai before English, whole words
on buttons, menus that fit the user's state and refusals that say what to do instead
(through the chat machine, no HTTP)."""

from __future__ import annotations

import random
import re

import pytest

from bot import texts
from bot.chat.postbacks import AssessPillar, ChooseType
from bot.chat.turn import Decision, Tap, Text
from bot.messages import label
from bot.question_messages import question_messages
from bot.result_card import level_text
from bot.result_messages import gain_text
from knowledge.labels import NOT_COVERED_NOTE, bilingual_name
from knowledge.qa.text import Tokenizer
from scoring.questionnaire import minutes_needed, steps_for
from scoring.rules import shown_value
from storage.assessments import encode_answer
from storage.results import StoredResult
from tests.answer_sets import random_answers
from tests.bot_support import flex_texts
from tests.chat_world import StoredAssessment, World
from tests.frameworks import FRAMEWORK


def _texts(decision: Decision) -> list[str]:
    return [m.get("text") or m.get("altText", "") for m in decision.messages]


def _labels(decision: Decision) -> list[str]:
    items = decision.messages[-1].get("quickReply", {}).get("items", [])
    return [item["action"]["label"] for item in items]


def _finished(answers: dict) -> tuple[World, Decision]:
    """A whole-framework assessment answered with ``answers`` and finished."""
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    world.send(Text(texts.START))
    world.send(Tap(ChooseType("service")))
    world.send(Text("กรมทดสอบ"))
    world.send(Text(texts.WHOLE_FRAMEWORK))
    stored = world.assessments[max(world.assessments)]
    stored.answers.update({q: encode_answer(v) for q, v in answers.items()})
    return world, world.send(Text(texts.RESUME))


# --- 1. next steps: the figure shown first is the one they are ranked by ---------------


@pytest.mark.parametrize("seed", [1, 3, 5, 9, 11])
def test_next_steps_show_the_figure_they_are_ranked_by_with_its_unit(seed: int) -> None:
    _, decision = _finished(random_answers(FRAMEWORK, random.Random(seed)))
    steps = next(t for t in _texts(decision) if t.startswith("สิ่งที่ควรทำต่อ"))
    figure = r"^\s+(?:ประมาณ )?\+(\d+\.\d) คะแนน"
    shown = [float(f) for f in re.findall(figure, steps, re.MULTILINE)]
    assert len(shown) == steps.count("\n\n")  # one figure per step
    assert shown == sorted(shown, reverse=True)
    assert re.findall(r"\+[\d.]+(?![\d.]| คะแนน)", steps) == []  # every gain has its unit


def test_a_step_of_several_items_shows_the_gain_per_item_and_the_effort() -> None:
    assert gain_text(7.5, 3) == "+2.5 คะแนนต่อเรื่อง (ทำเพิ่ม 3 เรื่อง รวม +7.5 คะแนน)"
    assert gain_text(25.0, 1) == "+25.0 คะแนน (ทำเพิ่ม 1 เรื่อง)"
    # 2 × 1.2 is not 2.5: the rounded figure says so.
    assert gain_text(2.5, 2) == "ประมาณ +1.2 คะแนนต่อเรื่อง (ทำเพิ่ม 2 เรื่อง รวม +2.5 คะแนน)"


def _nested(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth > 1:
            return True
    return False


# --- 2. one rule for a fractional level: one decimal, cut like the level itself ---------


def test_a_fractional_level_is_cut_to_one_decimal_like_the_level() -> None:
    assert [shown_value(v) for v in (3.17, 3.96, 4.0, 2.9999999999, 4.56)] == [
        "3.1", "3.9", "4.0", "3.0", "4.5",
    ]  # fmt: skip
    assert level_text(3, 3.17) == "ระดับ 3 (3.1)"


@pytest.mark.parametrize("seed", [2, 3, 7])
def test_the_result_shows_each_level_value_one_way(seed: int) -> None:
    world, decision = _finished(random_answers(FRAMEWORK, random.Random(seed)))
    card = next(m for m in decision.messages if m["type"] == "flex")
    shown = [*flex_texts(card), card["altText"]]
    assert not any(re.search(r"\d\.\d\d", t) for t in shown), shown  # no 3.17 beside 3.1
    overall = StoredResult.read(world.assessments[1].result)
    assert overall is not None and overall.overall.value is not None
    assert sum(shown_value(overall.overall.value) in t for t in flex_texts(card)) <= 2
    view = world.send(Text(texts.SEVEN_PILLAR_VIEW))
    rows = [line for line in _texts(view)[0].splitlines() if re.match(r"\d\. ", line)]
    assert rows and all(re.search(r"ระดับ \d \(\d\.\d\) ", row) for row in rows)


# --- 3. Thai first, English in brackets ------------------------------------------------


def test_the_result_names_stages_in_thai_with_the_english_in_brackets() -> None:
    world, decision = _finished(random_answers(FRAMEWORK, random.Random(3)))
    card = next(m for m in decision.messages if m["type"] == "flex")
    stage = next(s for s in FRAMEWORK.stages if f"({s.name_en})" in card["altText"])
    assert f"{stage.name_th} ({stage.name_en})" in card["altText"]
    assert "คะแนนประเมินตนเองร้อยละ" in card["altText"] and "%" not in card["altText"]
    view = _texts(world.send(Text(texts.SEVEN_PILLAR_VIEW)))[0]
    for row in (line for line in view.splitlines() if re.match(r"\d\. ", line)):
        assert re.search(r"ขั้น[\u0e00-\u0e7f][^()]* \([A-Za-z][^()]*\)$", row), row


def test_the_outside_sub_pillars_note_is_in_thai() -> None:
    note = NOT_COVERED_NOTE.format(count=4)
    assert "แบบจำลองระดับความพร้อม (Maturity Model)" in note and "นอก Maturity" not in note


# --- 6. small texts ------------------------------------------------------------------------


def test_rendered_names_and_hints_never_nest_brackets() -> None:
    for pillar in FRAMEWORK.pillars:
        for sub in pillar.sub_pillars:
            assert not _nested(bilingual_name(sub.name_th, sub.name_en))
            for issue in sub.issues:
                assert not _nested(bilingual_name(issue.name_th, issue.name_en)), issue.id
    assert bilingual_name("การอัปเดตข้อมูล", "Data Management (database updating)") == (
        "การอัปเดตข้อมูล (Data Management – database updating)"
    )
    for step in steps_for(FRAMEWORK, None):
        for message in question_messages(step, 1):
            assert not _nested(message.get("text", "")), step.question.id


def test_issue_names_put_การ_before_a_verb_and_summaries_name_their_items() -> None:
    for _, _, issue in FRAMEWORK.issues():
        assert not re.search(r"เกี่ยวข้องกับ(?!การ|ความ|ผู้)", issue.name_th), issue.name_th
        for summary in (issue.level_summary or {}).values():
            assert not re.search(r"ข้อ\s*\d", summary), (issue.id, summary)


def test_the_size_counts_the_questions_the_official_will_be_asked() -> None:
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    world.send(Text(texts.START))
    world.send(Tap(ChooseType("service")))
    scope = _texts(world.send(Text("กรมทดสอบ")))[0]
    steps = steps_for(FRAMEWORK, None)
    assert f"{len(FRAMEWORK.issues())} ข้อ รวม {len(steps)} คำถาม" in scope
    sizes = [len(steps_for(FRAMEWORK, [p.id])) for p in FRAMEWORK.pillars]
    assert f"{min(sizes)}–{max(sizes)} คำถาม" in scope
    started = _texts(world.send(Text(texts.WHOLE_FRAMEWORK)))[0]
    assert f"{len(steps)} คำถาม ใช้เวลาประมาณ {minutes_needed(steps)} นาที" in started


# --- 4. whole words on buttons -----------------------------------------------------------


def test_the_qa_help_offers_the_pillars_by_the_pickers_short_labels() -> None:
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    reply = world.send(Text("พรุ่งนี้ฝนตกไหม"))
    wanted = [f"{p.number} {p.label}" for p in FRAMEWORK.pillars]
    assert _labels(reply) == wanted and not any("…" in caption for caption in wanted)


def test_a_long_label_is_cut_only_between_words() -> None:
    words = Tokenizer.for_texts(()).words
    names = [p.name_th for p in FRAMEWORK.pillars] + [i.name_th for _, _, i in FRAMEWORK.issues()]
    for name in names:
        shown = label(name)
        assert len(shown) <= 20
        if shown.endswith("…"):
            kept = shown.removesuffix("…")
            assert name.startswith(kept)
            assert "".join(words(name)).startswith("".join(words(kept))), (name, shown)
    assert label("แนวนโยบายและหลักปฏิบัติ") == "แนวนโยบายและ…"


# --- 5. menus that fit the user's state, refusals that say what to do instead ------------


def test_the_seven_pillar_view_is_offered_after_a_whole_result_only() -> None:
    _, whole = _finished(random_answers(FRAMEWORK, random.Random(4)))
    assert texts.SEVEN_PILLAR_VIEW in _labels(whole)
    world = World()
    world.send(Tap(AssessPillar("P6")))
    world.send(Tap(ChooseType("service")))
    world.send(Text(texts.SKIP_NAME))
    answers = random_answers(FRAMEWORK, random.Random(4))
    stored = world.assessments[max(world.assessments)]
    stored.answers.update({q: encode_answer(v) for q, v in answers.items() if q.startswith("P6.")})
    decision = world.send(Text(texts.RESUME))
    assert stored.scope and texts.ALL_RECOMMENDATIONS in _labels(decision)  # a one-pillar result
    assert texts.SEVEN_PILLAR_VIEW not in _labels(decision)
    assert texts.SEVEN_PILLAR_VIEW not in _labels(world.send(Text(texts.RESULT)))
    typed = world.send(Text(texts.SEVEN_PILLAR_VIEW))  # typed anyway: not one pillar among six
    assert [m["text"] for m in typed.messages] == [texts.VIEW_NEEDS_WHOLE]


def test_with_nothing_in_progress_the_menu_offers_no_resume_invite_or_team() -> None:
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    for word in (texts.HELP, texts.RESUME, texts.TEAM, "สวัสดีครับ"):
        offered = _labels(world.send(Text(word)))
        assert texts.START in offered, word
        assert not {texts.RESUME, texts.INVITE, texts.TEAM} & set(offered), (word, offered)


def test_resume_with_nothing_in_progress_points_to_starting() -> None:
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    reply = world.send(Text(texts.RESUME))
    assert texts.START in _texts(reply)[0] and texts.START in _labels(reply)
    assert texts.RESUME not in _labels(reply)


def test_a_coordinator_alone_is_offered_resume_and_invite_but_not_the_team() -> None:
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    world.assessments[1] = StoredAssessment(1, FRAMEWORK.year, "service", "กรมทดสอบ", None)
    offered = _labels(world.send(Text(texts.HELP)))
    assert {texts.RESUME, texts.INVITE} <= set(offered) and texts.TEAM not in offered


def test_inviting_after_finishing_says_how_to_work_as_a_team_again() -> None:
    world, _ = _finished(random_answers(FRAMEWORK, random.Random(3)))
    reply = world.send(Text(texts.INVITE))
    wording = _texts(reply)[0]
    assert "ส่งผลแล้ว" in wording and f'"{texts.START}"' in wording
    assert _labels(reply)[:2] == [texts.START, texts.VIEW_ANSWERS]


def test_a_one_pillar_assessment_is_refused_a_team_with_the_way_to_one() -> None:
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    world.assessments[1] = StoredAssessment(1, FRAMEWORK.year, "service", "กรมทดสอบ", ("P3",))
    offered = _labels(world.send(Text(texts.HELP)))
    assert texts.RESUME in offered and texts.INVITE not in offered
    reply = world.send(Text(texts.INVITE))
    wording = _texts(reply)[0]
    assert f'"{texts.RESUME}"' in wording and f'"{texts.START}"' in wording
    assert _labels(reply)[:2] == [texts.RESUME, texts.START]
