"""Every command works as typed text and from the menus; Q&A answers in and out of an
assessment."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Answer, Assessment, OutboxMessage, Respondent
from tests.bot_support import REPORT_ANSWERS, Chat, result_card
from tests.frameworks import FRAMEWORK


def _count(app, model) -> int:
    with app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            return session.scalar(select(func.count()).select_from(model))


def test_help_lists_the_commands(chat: Chat):
    reply = chat.say("ช่วยเหลือ")
    for command in ("เริ่มประเมิน", "ประเมินต่อ", "ผลการประเมิน", "ถามความหมาย", "ยกเลิก", "ลบข้อมูลของฉัน"):
        assert command in chat.texts(reply)[0]


def test_typed_variants_of_commands_are_understood(chat: Chat):
    assert "คำสั่งที่ใช้ได้" in chat.texts(chat.say("  เมนู "))[0]
    assert "ประเภทใด" in chat.texts(chat.say("start"))[0]


def test_invisible_characters_pasted_into_a_command_are_ignored(chat: Chat):
    # A soft hyphen and a direction mark, as text copied from documents may carry.
    assert "คำสั่งที่ใช้ได้" in chat.texts(chat.say("ช่วย\u00adเหลือ\u200e"))[0]


def test_about_explains_the_framework(chat: Chat):
    reply = chat.say("เกี่ยวกับการประเมิน")
    assert "32 ประเด็น" in chat.texts(reply)[0] and "ไม่ใช่คะแนนทางการ" in chat.texts(reply)[0]


def test_resume_without_an_assessment_says_so(chat: Chat):
    assert "ไม่มีแบบประเมินที่ทำค้างไว้" in chat.texts(chat.say("ประเมินต่อ"))[0]


def test_result_before_any_assessment_says_so(chat: Chat):
    assert "ยังไม่มีผลการประเมิน" in chat.texts(chat.say("ผลการประเมิน"))[0]


def test_result_shows_the_latest_result_again(chat: Chat):
    chat.start(pillar=6)
    chat.complete(REPORT_ANSWERS)
    card = result_card(chat.say("ผลการประเมิน"))
    assert card["altText"].startswith("ผลการประเมิน: ระดับ 4")


def test_ask_prompts_for_a_term(chat: Chat):
    assert "พิมพ์ชื่อตัวชี้วัด" in chat.texts(chat.say("ถามความหมาย"))[0]


def test_cancel_during_an_assessment_asks_first_then_cancels(chat: Chat, bot_app):
    chat.start(pillar=3)
    reply = chat.say("ยกเลิก")
    assert "ต้องการยกเลิก" in chat.texts(reply)[0]
    reply = chat.press("ทำต่อ")
    assert any("ข้อ 1/8" in t for t in chat.texts(reply))
    chat.say("ยกเลิก")
    reply = chat.press("ยืนยันยกเลิก")
    assert "ยกเลิกแบบประเมินแล้ว" in chat.texts(reply)[0]
    with bot_app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            assert session.scalar(select(Assessment.status)) == "cancelled"


def test_a_confirmation_takes_a_typed_yes_and_says_what_a_no_kept(chat: Chat, bot_app):
    chat.start(pillar=3)
    chat.say("ยกเลิก")
    reply = chat.say("ไม่ดีกว่า")
    assert "ไม่ได้ยกเลิก" in chat.texts(reply)[0] and any("ข้อ 1/8" in t for t in chat.texts(reply))
    chat.say("ยกเลิก")
    assert "ยกเลิกแบบประเมินแล้ว" in chat.texts(chat.say("ใช่ครับ"))[0]
    with bot_app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            assert session.scalar(select(Assessment.status)) == "cancelled"
    # Where the choice is between two things, "ใช่" chooses neither.
    chat.start(pillar=3)
    asked = chat.current_question()
    assert "ต้องการทำต่อ หรือเริ่มใหม่" in chat.texts(chat.say("เริ่มประเมิน"))[0]
    chat.say("ใช่")
    assert chat.current_question() == asked  # the same assessment, not a new one


def test_cancel_with_nothing_going_on(chat: Chat):
    assert "ไม่มีรายการที่ต้องยกเลิก" in chat.texts(chat.say("ยกเลิก"))[0]


def test_delete_my_data_needs_confirmation_and_then_removes_everything(chat: Chat, bot_app):
    chat.start(pillar=3)
    chat.say("85")
    reply = chat.say("ลบข้อมูลของฉัน")
    assert "ย้อนกลับไม่ได้" in chat.texts(reply)[0]
    reply = chat.press("ไม่ลบ")
    assert "ไม่ได้ลบข้อมูล" in chat.texts(reply)[0]
    assert _count(bot_app, Answer) == 1
    chat.say("ลบข้อมูลของฉัน")
    reply = chat.press("ยืนยันลบข้อมูล")
    assert "ลบข้อมูลทั้งหมดของท่านเรียบร้อยแล้ว" in chat.texts(reply)[0]
    for model in (Respondent, Assessment, Answer):
        assert _count(bot_app, model) == 0
    # The messages sent before go too: only the confirmation of the deletion is left.
    assert _count(bot_app, OutboxMessage) == 1


def test_a_definition_answers_with_names_meaning_place_and_levels(chat: Chat):
    reply = chat.say("Data Governance คืออะไรครับ")
    text = chat.texts(reply)[0]
    assert "ธรรมาภิบาลข้อมูลภาครัฐ" in text and "Data Governance" in text
    assert "อยู่ใน:" in text and "ระดับ 4" in text
    assert chat.button("ประเมินข้อนี้") and chat.button("ดูเกณฑ์แต่ละระดับ")


def test_assess_this_pillar_from_a_definition_starts_that_pillar(chat: Chat):
    chat.say("e-decision making หมายถึงอะไร")
    chat.press("ประเมินข้อนี้")
    chat.press("ให้บริการเป็นหลัก")
    reply = chat.press("ไม่ระบุชื่อ")
    assert any("ข้อ 1/8 · ตัวชี้วัดที่ 3" in t for t in chat.texts(reply))


def test_an_ambiguous_question_offers_the_candidates(chat: Chat):
    reply = chat.say("ข้อมูล")
    assert chat.texts(reply)[0].startswith("หมายถึงข้อใดครับ")
    buttons = [b for b in chat.buttons(reply) if b["type"] == "postback"]
    assert 2 <= len(buttons) <= 5
    answer = chat.tap(buttons[0]["data"])
    assert "อยู่ใน:" in chat.texts(answer)[0] or len(chat.texts(answer)[0]) > 40


def test_nothing_credible_says_so_and_offers_the_pillars(chat: Chat):
    reply = chat.say("พรุ่งนี้ฝนจะตกไหม")
    assert "ไม่อยู่ในกรอบการประเมิน" in chat.texts(reply)[0]
    labels = [b["label"] for b in chat.buttons(reply)]
    assert "1 นโยบาย/หลักปฏิบัติ" in labels and not any("…" in label for label in labels)


def test_greetings_and_thanks_get_a_short_polite_reply(chat: Chat):
    assert chat.texts(chat.say("สวัสดีครับ"))[0].startswith("สวัสดีครับ")
    assert chat.texts(chat.say("ขอบคุณค่ะ"))[0].startswith("ยินดีครับ")


def test_a_bare_reply_gets_the_menu_and_mid_question_the_question_again(chat: Chat):
    for typed in ("โอเคครับ", "555", "👍"):
        reply = chat.say(typed)
        assert chat.texts(reply)[0].startswith("รับทราบครับ"), typed
        assert "เริ่มประเมิน" in [b["label"] for b in chat.buttons(reply)]
    assert chat.texts(chat.say("งงครับ"))[0].startswith("ไม่เป็นไรครับ")
    chat.start(pillar=3)
    asked = chat.current_question()
    reply = chat.say("โอเค")
    assert "รับทราบ" not in chat.texts(reply)[0] and chat.current_question() == asked
    reply = chat.say("งงครับ")  # what this question is about, then the question again
    issue = FRAMEWORK.index.questions[asked["q"]].issue
    assert chat.texts(reply)[0].startswith(issue.name_th) and chat.current_question() == asked


def test_pause_back_and_cancel_with_or_without_an_assessment(chat: Chat):
    for word in ("พักไว้ก่อน", "ย้อนกลับ"):
        assert "ไม่มีแบบประเมินที่ทำค้างไว้" in chat.texts(chat.say(word))[0], word
    chat.start(pillar=3)
    chat.press("พักไว้ก่อน")
    assert "ต้องการยกเลิก" in chat.texts(chat.say("ยกเลิก"))[0]  # paused, still cancellable
    assert "ยกเลิกแบบประเมินแล้ว" in chat.texts(chat.press("ยืนยันยกเลิก"))[0]


def test_a_question_mid_assessment_is_answered_then_the_same_question_returns(chat: Chat, bot_app):
    chat.start(pillar=1)
    reply = chat.say("ข้อนี้หมายถึงอะไร")
    texts = chat.texts(reply)
    assert "ความสอดคล้องกับแผนพัฒนารัฐบาลดิจิทัล" in texts[0]
    assert "กลับมาที่ข้อเดิมครับ" in texts
    assert any("ข้อ 1/5" in t for t in texts)
    reply = chat.say("GDX คืออะไร")
    assert "GDX" in chat.texts(reply)[0] and any("ข้อ 1/5" in t for t in chat.texts(reply))
    assert _count(bot_app, Answer) == 0


def test_an_admins_new_glossary_alias_is_understood_without_a_restart(chat: Chat, bot_app):
    assert "GDX" not in chat.texts(chat.say("ท่อข้อมูลกลางของรัฐ"))[0]
    with bot_app.app_context():
        from storage.flask_ext import database
        from storage.models import GlossaryTerm

        with database().session() as session:
            term = session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_id == "gdx"))
            term.aliases = [*term.aliases, "ท่อข้อมูลกลางของรัฐ"]
            term.edited_by = "editor1"
    reply = chat.say("ท่อข้อมูลกลางของรัฐ")
    assert "GDX" in chat.texts(reply)[0]


def test_the_result_cards_buttons_can_be_typed_too(chat: Chat):
    for typed in ("สิ่งที่ควรทำต่อ", "ตอบข้อที่ยังขาด"):
        assert "ยังไม่มีผลการประเมิน" in chat.texts(chat.say(typed))[0]
    chat.start(pillar=6)
    skipped = chat.current_question()
    for typed in ("สิ่งที่ควรทำต่อ", "ตอบข้อที่ยังขาด", "ผลการประเมิน"):  # mid-question
        assert "ทำค้างไว้" in chat.texts(chat.say(typed))[0]
        chat.press("ประเมินต่อ")
        assert chat.current_question() == skipped
    chat.press("ข้าม")
    chat.answer("unsure")
    card = chat.answer(["platform", "ledger"])

    steps = chat.say("สิ่งที่ควรทำต่อ")
    assert steps and all(m["type"] == "flex" for m in steps)
    tapped = next(
        b["data"] for b in chat.buttons(card)
        if b["type"] == "postback" and b["label"] == "ดูคำแนะนำทั้งหมด"
    )
    assert steps == chat.tap(tapped)  # the same as the card's button

    again = chat.say("ตอบข้อที่ยังขาด")
    assert "ตอบเพิ่มอีก 2 ข้อ" in chat.texts(again)[0]
    asked = chat.current_question()
    assert skipped is not None and asked is not None
    assert asked["q"] == skipped["q"] and asked["a"] != skipped["a"]  # a new revision


def test_one_near_province_is_offered_back_by_name(chat: Chat):
    chat.say("เริ่มประเมิน")
    chat.press("หน่วยงานระดับจังหวัด")
    chat.say("สำนักงานจังหวัดทดสอบ")
    offered = chat.say("เชียงไหม่")
    assert chat.texts(offered)[0].startswith('หมายถึง "เชียงใหม่" ใช่ไหมครับ')
    assert chat.buttons(offered)[0]["label"] == "เชียงใหม่"
