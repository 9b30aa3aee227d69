"""Officials ask for their own result, why it is what it is, what to improve first, their
answers or the report, and whom to contact, in their own words; a question about the
framework that mentions a result stays a question for the Q&A."""

from __future__ import annotations

import pytest

from bot import texts
from bot.chat.requests import request_of
from tests.bot_support import REPORT_ANSWERS, Chat, flex_texts, result_card
from tests.frameworks import FRAMEWORK


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("ผลของฉันเป็นยังไงครับ", "result"),
        ("หน่วยงานเราได้ระดับอะไร", "result"),
        ("คะแนน เรา เท่าไหร่ คะ", "result"),
        ("จังหวัดเราได้กี่คะแนน", "result"),
        ("ขอดูผลการประเมินล่าสุดด้วยค่ะ", "result"),
        ("ผลออกมาเป็นยังไง", "result"),
        ("ทำไมได้ระดับต่ำจังครับ?", "why"),
        ("ทำไมเราได้แค่ระดับ 2", "why"),
        ("ตัวชี้วัดไหนที่เราได้คะแนนน้อยที่สุด", "why"),
        ("จุดอ่อนของหน่วยงานเราคืออะไร", "why"),
        ("ควรปรับปรุงด้านไหนก่อนดี", "improve"),
        ("ทำยังไงให้คะแนนสูงขึ้น", "improve"),
        ("จะเพิ่มคะแนนได้อย่างไร", "improve"),
        ("ขอดูคำตอบที่ตอบไปแล้วด้วยครับ", "answers"),
        ("แก้คำตอบข้อ 3 ได้ไหม", "answers"),
        ("ขอไฟล์ PDF หน่อยค่ะ", "answers"),
        ("ส่งรายงานให้ผู้บริหารยังไง", "answers"),
        ("ติดต่อเจ้าหน้าที่", "contact"),
        ("ขอเบอร์โทร สพร.", "contact"),
    ],
)
def test_requests_in_officials_words_are_recognised(typed: str, kind: str):
    assert request_of(typed) == kind


@pytest.mark.parametrize(
    "typed",
    [
        "คะแนนรวมคืออะไร",
        "เราต้องทำอะไรถึงจะได้ระดับ 4 ในด้าน Data Governance",
        "PDF ได้กี่ดาว",
        "ระดับ 3 ชื่ออะไร",
        "ทำไมต้องมีธรรมาภิบาลข้อมูล",
        "คะแนนปกติคิดยังไง",
        "จังหวัดเชียงใหม่",
        "ครับ",
        "",
    ],
)
def test_questions_about_the_framework_are_not_requests(typed: str):
    assert request_of(typed) is None


def _finish_pillar_6(chat: Chat) -> None:
    chat.start(pillar=6)
    chat.complete(REPORT_ANSWERS)


def test_own_result_in_own_words_shows_the_latest_result(chat: Chat):
    _finish_pillar_6(chat)
    card = result_card(chat.say("ผลของหน่วยงานเราเป็นยังไงครับ"))
    assert card["altText"].startswith("ผลการประเมิน: ระดับ")


def test_why_explains_the_level_by_its_lowest_parts_then_shows_the_result(chat: Chat):
    chat.start()
    chat.complete(REPORT_ANSWERS)
    reply = chat.say("ทำไมเราได้แค่ระดับ 3")
    why = chat.texts(reply)[0]
    # The 2565 report: pillars 3.25 / 3.17 / 4.42 / 3.83 / 4.56 / 4.33, overall 3.93.
    assert "3.9" in why and "ระดับ 3" in why
    pillar_1, pillar_2 = FRAMEWORK.pillars[0].name_th, FRAMEWORK.pillars[1].name_th
    assert f"{pillar_2} (3.1) และ {pillar_1} (3.2)" in why
    assert result_card(reply)["altText"].startswith("ผลการประเมิน: ระดับ 3")


def test_why_of_a_one_pillar_result_names_its_sub_pillars(chat: Chat):
    _finish_pillar_6(chat)
    why = chat.texts(chat.say("ทำไมได้ระดับต่ำ"))[0]
    assert "ตัวชี้วัดย่อย" in why
    assert any(sub.name_th in why for sub in FRAMEWORK.pillars[5].sub_pillars)


def test_what_to_improve_first_shows_the_ranked_next_steps(chat: Chat):
    _finish_pillar_6(chat)
    reply = chat.texts(chat.say("ควรปรับปรุงด้านไหนก่อนดีครับ"))
    assert reply[0].startswith((texts.NEXT_STEPS_HEADING, texts.ALL_AT_TOP))
    labels = [b.get("label") for b in chat.buttons()]
    assert texts.ALL_RECOMMENDATIONS in labels


def test_asking_for_the_report_sends_the_web_link(chat: Chat):
    _finish_pillar_6(chat)
    reply = chat.say("ขอไฟล์ PDF รายงานผลการประเมินหน่อยค่ะ")
    link = next(m for m in reply if m["type"] == "flex")
    assert "PDF" in " ".join(flex_texts(link))
    assert any(b.get("type") == "uri" for b in chat.buttons(reply))


def test_requests_before_any_result_say_there_is_none(chat: Chat):
    chat.follow()
    for typed in ("ทำไมได้ระดับต่ำ", "ควรปรับปรุงด้านไหนก่อน", "ผลของเราเป็นยังไง"):
        assert "ยังไม่มีผลการประเมิน" in chat.texts(chat.say(typed))[0]


def test_contact_mid_question_answers_and_asks_the_same_question_again(chat: Chat):
    chat.start()
    asked = chat.current_question()
    reply = chat.texts(chat.say("ติดต่อเจ้าหน้าที่ได้ไหมครับ"))
    assert "contact@dga.or.th" in reply[0]
    assert chat.current_question() == asked


def test_a_framework_question_that_mentions_a_result_stays_with_the_qa(chat: Chat):
    _finish_pillar_6(chat)
    reply = chat.texts(chat.say("คะแนนรวมคืออะไร"))
    assert reply[0].startswith("คะแนนรวม")
