"""Edge cases found in review: buttons after a pause, restarts, particles, empty results,
peers, deletion, group chats."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.chat.postbacks import ConfirmItems, ItemTap, encode
from storage.models import Agency, Answer, Assessment, Respondent
from tests.bot_support import Chat, flex_texts, result_card
from tests.line_fake import join_event


def _session(app):
    from storage.flask_ext import database

    return database().session()


def _count(app, model) -> int:
    with app.app_context(), _session(app) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_button_of_the_open_question_tapped_after_a_pause_is_applied(chat: Chat, bot_app):
    chat.start(pillar=3)
    chat.say("85")
    question = chat.current_question()
    chat.tap(encode(ItemTap(question["a"], question["q"], 'p1', True)))
    chat.press("พักไว้ก่อน")
    reply = chat.tap(encode(ConfirmItems(question["a"], question["q"])))
    assert any("ข้อ 3/8" in t for t in chat.texts(reply))
    assert _count(bot_app, Answer) == 2


def test_resume_keeps_the_items_ticked_before_a_pause(chat: Chat):
    chat.start(pillar=3)
    chat.say("85")
    question = chat.current_question()
    chat.tap(encode(ItemTap(question["a"], question["q"], 'p2', True)))
    chat.press("พักไว้ก่อน")
    reply = chat.say("ประเมินต่อ")
    assert "☑" in flex_texts(reply[-1])


def test_assess_this_pillar_asks_before_cancelling_the_assessment_in_progress(chat: Chat, bot_app):
    chat.start(pillar=3)
    chat.say("85")
    chat.press("พักไว้ก่อน")
    chat.say("Data Governance คืออะไร")
    reply = chat.press("ประเมินข้อนี้")
    assert "ทำค้างไว้" in chat.texts(reply)[0]
    reply = chat.press("ประเมินต่อ")
    assert any("ข้อ 2/8" in t for t in chat.texts(reply))
    with bot_app.app_context(), _session(bot_app) as session:
        assert session.scalar(select(Assessment.status)) == "in_progress"


def test_a_bare_polite_particle_is_not_a_yes_but_particles_after_answers_are_fine(chat: Chat):
    chat.start(pillar=3)
    chat.say("85 ครับ")
    question = chat.current_question()
    chat.tap(encode(ConfirmItems(question["a"], question["q"])))
    reply = chat.say("ครับ")  # P3.SP.3, yes/no: an acknowledgement, not an answer
    assert any("ข้อ 3/8" in t for t in chat.texts(reply))
    reply = chat.say("ไม่มีค่ะ")
    assert any("ข้อ 4/8" in t for t in chat.texts(reply))


def test_typing_an_options_number_chooses_it(chat: Chat, bot_app):
    chat.start(pillar=1)
    question = chat.current_question()
    assert question is not None
    chat.tap(encode(ConfirmItems(question["a"], question["q"])))
    chat.answer(["d1"])
    reply = chat.say("3")  # P1.DaP.2: option 3 = some3
    assert any("ข้อ 4/5" in t for t in chat.texts(reply))
    with bot_app.app_context(), _session(bot_app) as session:
        stored = session.scalar(select(Answer.value).where(Answer.question_id == "P1.DaP.2.stars"))
    assert stored == {"v": "some3"}


def test_policy_agencies_see_only_the_nine_guidelines_that_count(chat: Chat):
    reply = chat.start(agency_type_label="นโยบาย/กำกับดูแล", pillar=1)
    boxes = [t for t in flex_texts(reply[-1]) if t in ("☐", "☑")]
    assert len(boxes) == 9


def test_skipping_every_question_says_no_level_can_be_given(chat: Chat):
    chat.start(pillar=6)
    for _ in range(3):
        reply = chat.press("ข้าม")
    assert "ยังคิดระดับไม่ได้" in chat.texts(reply)[-1]
    assert not any("ขอแสดงความยินดี" in t for t in chat.texts(reply))


def test_typing_cancel_at_the_cancel_prompt_cancels(chat: Chat, bot_app):
    chat.start(pillar=3)
    chat.say("ยกเลิก")
    reply = chat.say("ยกเลิก")
    assert "ยกเลิกแบบประเมินแล้ว" in chat.texts(reply)[0]
    with bot_app.app_context(), _session(bot_app) as session:
        assert session.scalar(select(Assessment.status)) == "cancelled"


def test_a_question_at_the_agency_name_step_does_not_become_the_name(chat: Chat, bot_app):
    chat.say("เริ่มประเมิน")
    chat.press("ให้บริการเป็นหลัก")
    chat.say("ช่วยเหลือ")
    reply = chat.say("GDX คืออะไร")
    assert "GDX" in chat.texts(reply)[0]
    with bot_app.app_context(), _session(bot_app) as session:
        assert session.scalar(select(Respondent.agency_name)) is None


def test_an_ambiguous_question_mid_assessment_keeps_its_choices_tappable(chat: Chat):
    chat.start(pillar=3)
    reply = chat.say("ข้อมูล")
    last = reply[-1]
    assert last["text"].startswith("หมายถึงข้อใด")
    labels = [item["action"]["label"] for item in last["quickReply"]["items"]]
    assert "ประเมินต่อ" in labels and len(labels) >= 3


def test_delete_my_data_also_removes_the_agency_name_they_typed(chat: Chat, bot_app):
    chat.start(name="กรมที่จะถูกลบ", pillar=6)
    chat.say("ลบข้อมูลของฉัน")
    chat.press("ยืนยันลบข้อมูล")
    assert _count(bot_app, Agency) == 0


def test_a_group_gets_the_hint_without_menu_buttons(chat: Chat, line_api):
    chat.post(join_event())
    group_messages = [m for m in line_api.messages() if "แชตส่วนตัว" in m.get("text", "")]
    assert group_messages and "quickReply" not in group_messages[0]


def test_peers_are_shown_among_ten_or_more_complete_agencies(chat: Chat, bot_app):
    with bot_app.app_context(), _session(bot_app) as session:
        for number in range(10):
            respondent = Respondent(line_user_id=f"U{number:032d}", agency_type="service")
            session.add(
                Assessment(
                    respondent=respondent,
                    framework_year=2565,
                    agency_type="service",
                    status="completed",
                    scope=None,
                    overall_level=3,
                    overall_percent=40.0 + number * 5,
                    result={"complete": True},
                )
            )
    chat.start()
    from tests.answer_sets import best_answers
    from tests.frameworks import FRAMEWORK

    answers = {
        q: list(v) if isinstance(v, tuple) else v
        for q, v in best_answers(FRAMEWORK).items()
    }
    card = flex_texts(result_card(chat.complete(answers)))
    peers = next(t for t in card if t.startswith("อันดับที่"))
    assert "อันดับที่ 1 จาก 11 หน่วยงาน" in peers and "กลุ่มคะแนนสูงมาก" in peers
