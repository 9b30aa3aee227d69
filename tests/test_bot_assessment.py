"""Officials do the whole assessment in LINE: every test drives the bot only through signed
webhook requests; the fake LINE API validates every message the bot sends."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.chat.postbacks import ConfirmItems, ItemTap, encode
from storage.models import Answer, Assessment
from tests.answer_sets import best_answers, worst_answers
from tests.bot_support import REPORT_ANSWERS, Chat, flex_texts, make_bot_app, result_card
from tests.frameworks import CATALOG, FRAMEWORK


def _as_json_answers(answers: dict) -> dict:
    return {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}


def test_follow_greets_with_what_the_bot_does_and_the_privacy_notice(chat: Chat):
    messages = chat.follow()
    text = "\n".join(chat.texts(messages))
    assert "ประเมินตนเอง" in text and "ลบข้อมูลของฉัน" in text and "รหัสผู้ใช้ LINE" in text
    labels = [action["label"] for action in chat.buttons(messages)]
    assert {"เริ่มประเมิน", "เกี่ยวกับการประเมิน", "ถามความหมาย"} <= set(labels)


def test_all_best_answers_give_level_5_optimizing(chat: Chat):
    chat.start()
    final = chat.complete(_as_json_answers(best_answers(FRAMEWORK)))
    card = flex_texts(result_card(final))
    assert "ระดับ 5" in card and any("Optimizing" in t for t in card)
    assert any("คะแนนประเมินตนเอง 100.0%" in t for t in card)


def test_all_worst_answers_give_level_1_initial(chat: Chat):
    chat.start(agency_type_label="นโยบาย/กำกับดูแล", name=None)
    final = chat.complete(_as_json_answers(worst_answers(FRAMEWORK)))
    card = flex_texts(result_card(final))
    assert "ระดับ 1" in card and any("Initial" in t for t in card)
    assert any("คะแนนประเมินตนเอง 0.0%" in t for t in card)
    steps = next(m["text"] for m in final if m["type"] == "text" and "สิ่งที่ควรทำต่อ" in m["text"])
    assert "1)" in steps and "•" in steps


def test_the_reports_answers_give_level_3_defined_with_pillar_bars(chat: Chat, bot_app):
    chat.start(name="กรมบังคับคดี")
    final = chat.complete(REPORT_ANSWERS)
    card = flex_texts(result_card(final))
    assert "ระดับ 3" in card and any("Defined" in t for t in card)
    assert any("ระดับ 3 (3.9)" in t for t in card)
    assert "กรมบังคับคดี" in card
    for pillar_line in (
        "ระดับ 3 (3.2)",
        "ระดับ 3 (3.1)",  # 3.17, truncated: a level is shown only when reached
        "ระดับ 4 (4.4)",
        "ระดับ 3 (3.8)",
        "ระดับ 4 (4.5)",  # 4.56
        "ระดับ 4 (4.3)",
    ):
        assert any(pillar_line in t for t in card), pillar_line
    with bot_app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            assessment = session.scalar(select(Assessment))
            assert assessment.status == "completed" and assessment.overall_level == 3
            assert round(assessment.result["overall"]["value"], 2) == 3.93


def test_progress_line_names_the_question_and_the_pillar(chat: Chat):
    first = chat.start()
    assert any("ข้อ 1/32 · ตัวชี้วัดที่ 1 แนวนโยบายและหลักปฏิบัติ" in t for t in chat.texts(first))


def test_a_pillar_only_assessment_asks_only_that_pillar(chat: Chat):
    first = chat.start(pillar=2)
    assert any("ข้อ 1/4 · ตัวชี้วัดที่ 2" in t for t in chat.texts(first))
    final = chat.complete(REPORT_ANSWERS)
    card = flex_texts(result_card(final))
    assert any("2. ศักยภาพเจ้าหน้าที่ภาครัฐด้านดิจิทัล" in t for t in card)
    assert not any(t.startswith("1. ") for t in card)


def test_a_bad_number_is_asked_again_in_thai_and_nothing_is_saved(chat: Chat, bot_app):
    chat.start(pillar=3)  # P3.SP.1: percent 0–100
    reply = chat.say("ประมาณร้อยละหนึ่งร้อยห้าสิบ")  # read from its words: 150
    assert "กรุณาพิมพ์ตัวเลข 0–100" in chat.texts(reply)[0]
    reply = chat.say("140")
    assert "กรุณาพิมพ์ตัวเลข 0–100" in chat.texts(reply)[0]
    reply = chat.say("๘๕%")  # Thai digits and a percent sign are fine
    assert chat.texts(reply)[0] == "บันทึกคำตอบ: ร้อยละ 85"  # said back as it was read
    assert any("ข้อ 2/8" in t for t in chat.texts(reply))
    with bot_app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            values = session.scalars(select(Answer.value)).all()
    assert values == [{"v": 85.0}]


def test_checklist_items_toggle_with_a_short_reply_and_show_their_state(chat: Chat):
    chat.start(pillar=3)
    chat.say("85")
    question = chat.current_question()
    ticked = chat.tap(encode(ItemTap(question["a"], question["q"], "p1", True)))
    assert len(ticked) == 1 and ticked[0]["type"] == "text"  # not the whole checklist again
    assert "เลือกแล้ว 1 ข้อ (ข้อ 1)" in ticked[0]["text"] and chat.button("ยืนยัน 1 ข้อ")
    shown = chat.press("ดูรายการ")
    texts = flex_texts(shown[-1])
    assert "☑" in texts and texts.count("☐") == 7
    untick = chat.tap(encode(ItemTap(question["a"], question["q"], "p1", True)))  # a toggle
    assert "ยังไม่ได้เลือกข้อใด" in untick[0]["text"] and chat.button("ยืนยัน: ไม่มีข้อใด")
    typed = chat.say("1 3 ๕")
    assert "เลือกแล้ว 3 ข้อ (ข้อ 1, 3, 5)" in typed[0]["text"]


def test_a_choice_is_taken_by_its_number_in_everyday_words(chat: Chat, bot_app):
    chat.start(pillar=2)  # P2.DL.1: four options
    reply = chat.say("ตัวเลือกที่ 2")
    assert any("ข้อ 2/4" in t for t in chat.texts(reply))
    with bot_app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            assert session.scalar(select(Answer.value)) == {"v": "appointed"}


def test_a_checklist_is_picked_and_confirmed_in_typed_words_too(chat: Chat, bot_app):
    chat.start(pillar=3)
    chat.say("85")
    question = chat.current_question()
    assert "ยังไม่ได้เลือกข้อใด" in chat.say("ยืนยัน")[0]["text"]  # nothing ticked: not "none"
    assert "เลือกแล้ว 4 ข้อ (ข้อ 1, 2, 3, 4)" in chat.say("1-4")[0]["text"]
    assert "เลือกแล้ว 8 ข้อ" in chat.say("ทั้งหมด")[0]["text"]
    assert "เลือกแล้ว 3 ข้อ (ข้อ 2, 3, 7)" in chat.say("ข้อ 3 ถึง 2 และ 7")[0]["text"]
    assert "เลือกแล้ว 2 ข้อ (ข้อ 2, 4)" in chat.say("ข้อ 2 กับ 4")[0]["text"]
    assert "☑" in flex_texts(chat.say("ดูรายการ")[-1])  # the button's word, typed
    chat.say("ข้อ 2, 3, 7")
    assert "เลือกแล้ว 3 ข้อ" in chat.say("ยืนยัน 5 ข้อ")[0]["text"]  # the count differs: shown
    reply = chat.say("ยืนยัน 3 ข้อครับ")
    assert any("ข้อ 3/8" in t for t in chat.texts(reply))
    with bot_app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            stored = session.scalar(select(Answer.value).where(Answer.question_id == question["q"]))
    assert stored == {"v": ["p2", "p3", "p7"]}


def test_back_skip_and_the_same_question_again(chat: Chat, bot_app):
    chat.start(pillar=3)
    chat.say("85")
    reply = chat.press("ย้อนกลับ")
    assert any("ข้อ 1/8" in t and "คำตอบเดิม: ร้อยละ 85" in t for t in chat.texts(reply))
    reply = chat.say("90")  # change the answer; then on to the first open question
    assert any("ข้อ 2/8" in t for t in chat.texts(reply))
    reply = chat.press("ข้าม")
    assert any("ข้อ 3/8" in t for t in chat.texts(reply))
    with bot_app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            stored = dict(session.execute(select(Answer.question_id, Answer.value)).all())
    assert stored == {"P3.SP.1.share": {"v": 90.0}, "P3.SP.2.processes": {"skip": True}}


def test_skipped_and_unsure_issues_are_reported_not_counted_as_level_1(chat: Chat):
    chat.start(pillar=6)
    chat.press("ข้าม")
    chat.answer("unsure")
    final = chat.answer(["platform", "ledger"])
    card = flex_texts(result_card(final))
    assert any("ยังตอบไม่ครบ 2 ประเด็น" in t for t in card)
    assert "ระดับ 5" in card  # the one answered issue is at its top
    # Neither the first words nor the chat list's preview read as a whole result.
    assert chat.texts(final)[0].startswith("ได้ผลแล้ว แต่ยังมี 2 ประเด็นที่ไม่ได้ตอบหรือไม่แน่ใจ")
    assert result_card(final)["altText"].endswith("(ยังตอบไม่ครบ 2 ประเด็น)")


def test_an_older_cards_missing_answers_button_acts_on_the_latest_result(chat: Chat):
    chat.start(pillar=6)
    chat.press("ข้าม")
    chat.answer("unsure")
    first_card = chat.answer(["platform", "ledger"])
    old_button = chat.button("ตอบข้อที่ยังขาด", first_card)["data"]
    chat.tap(old_button)
    chat.complete(REPORT_ANSWERS)  # the two gaps answered: a complete result
    assert chat.texts(chat.tap(old_button))[0] == "แบบประเมินนี้ตอบครบทุกประเด็นแล้ว"


def test_an_issue_asked_in_two_questions_counts_once_when_missing(chat: Chat):
    chat.start(pillar=3)
    unsure = {"P3.CX.1.website": "unsure", "P3.CX.1.omnichannel": "unsure"}
    final = chat.complete({**REPORT_ANSWERS, **unsure})
    assert "ยังมี 1 ประเด็น" in chat.texts(final)[0]
    again = chat.press("ตอบข้อที่ยังขาด")
    assert "ตอบเพิ่มอีก 1 ข้อ" in chat.texts(again)[0]


def test_pause_restart_resume_keeps_every_answer(database_url, line_api, knowledge):
    first = make_bot_app(database_url, line_api)
    with first.app_context():
        from storage.flask_ext import database
        from storage.knowledge_sync import sync_knowledge

        with database().session() as session:
            sync_knowledge(session, CATALOG)
    user = Chat(first, line_api)
    user.start(pillar=4)
    user.answer(REPORT_ANSWERS["P4.IE.1.systems"])
    user.answer(REPORT_ANSWERS["P4.IE.2.linked"])
    reply = user.press("พักไว้ก่อน")
    assert "บันทึกเรียบร้อย" in user.texts(reply)[0]
    first.extensions["dgr.db"].dispose()

    restarted = make_bot_app(database_url, line_api)  # a new process: nothing in memory
    again = Chat(restarted, line_api, user_id=user.user_id)
    reply = again.say("ประเมินต่อ")
    assert any("ข้อ 3/6" in t for t in again.texts(reply))
    final = again.complete(REPORT_ANSWERS)
    card = flex_texts(result_card(final))
    assert any("4. การบริหารจัดการรูปแบบดิจิทัล" in t for t in card)
    assert any("ระดับ 3 (3.8)" in t for t in card)
    restarted.extensions["dgr.db"].dispose()


def test_old_buttons_are_recognised_and_never_applied_twice(chat: Chat, bot_app):
    chat.start(pillar=3)
    chat.say("85")
    question = chat.current_question()
    done = encode(ConfirmItems(question["a"], question["q"]))
    chat.tap(encode(ItemTap(question["a"], question["q"], 'p1', True)))
    chat.tap(done)
    reply = chat.tap(done)  # the same confirm tapped again from the old message
    assert "ข้อนี้บันทึกคำตอบแล้ว" in chat.texts(reply)
    assert any("ข้อ 3/8" in t for t in chat.texts(reply))
    with bot_app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            assert session.scalar(select(func.count(Answer.id))) == 2


def test_result_again_shows_the_change_since_the_previous_assessment(chat: Chat):
    chat.start(pillar=6)
    chat.complete({"P6.CON.1.tech": [], "P6.INT.1.tech": [], "P6.TP.1.tech": []})
    chat.start(pillar=6)
    chat.complete(
        {"P6.CON.1.tech": ["api"], "P6.INT.1.tech": ["bigdata"], "P6.TP.1.tech": ["platform"]}
    )
    reply = chat.say("ผลการประเมิน")
    card = flex_texts(result_card(reply))
    assert any("▲3.0" in t for t in card)


def test_all_recommendations_come_as_carousels_within_limits(chat: Chat):
    chat.start()
    chat.complete(REPORT_ANSWERS)
    reply = chat.press("ดูคำแนะนำทั้งหมด")
    carousels = [m for m in reply if m["type"] == "flex"]
    assert carousels and all(m["contents"]["type"] == "carousel" for m in carousels)
    bubbles = [b for m in carousels for b in m["contents"]["contents"]]
    headers = {t for b in bubbles for t in flex_texts(b["header"])}
    assert {f"ตัวชี้วัดที่ {n}" for n in range(1, 7)} <= headers


def test_start_while_one_is_in_progress_offers_resume_or_restart(chat: Chat):
    chat.start(pillar=3)
    reply = chat.say("เริ่มประเมิน")
    assert "ทำค้างไว้" in chat.texts(reply)[0]
    reply = chat.press("ประเมินต่อ")
    assert any("ข้อ 1/8" in t for t in chat.texts(reply))


@pytest.mark.parametrize("label", ["ให้บริการเป็นหลัก", "นโยบาย/กำกับดูแล", "หน่วยงานระดับจังหวัด"])
def test_every_agency_type_can_start(chat: Chat, label: str):
    first = chat.start(agency_type_label=label, pillar=1)
    assert any("ข้อ 1/5" in t for t in chat.texts(first))
