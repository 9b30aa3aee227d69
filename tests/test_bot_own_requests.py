"""Officials ask for their own result, why it is what it is, what to improve first, their
answers or the report, and whom to contact, in their own words; a question about the
framework that mentions a result stays a question for the Q&A."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import texts
from bot.chat.request_words import request_of
from bot.chat.requests import topics_of
from tests.bot_support import REPORT_ANSWERS, Chat, flex_texts, result_card
from tests.frameworks import CATALOG, FRAMEWORK

HERE = Path(__file__).parent
TOPICS = topics_of(CATALOG)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("ผลของฉันเป็นยังไงครับ", "result"),
        ("หน่วยงานเราได้ระดับอะไร", "result"),
        ("คะแนน เรา เท่าไหร่ คะ", "result"),
        ("สรุปแล้วกรมเราได้กี่คะแนนครับ", "result"),
        ("ขอดูผลการประเมินล่าสุดด้วยค่ะ", "result"),
        ("ผลออกมาเป็นยังไงบ้างครับ", "result"),
        ("ทำไมได้ระดับต่ำจังครับ?", "why"),
        ("ทำไมเราได้แค่ระดับ 2", "why"),
        ("ตัวชี้วัดไหนที่เราได้คะแนนน้อยที่สุด", "why"),
        ("จุดอ่อนของหน่วยงานเราคืออะไร", "why"),
        ("ควรปรับปรุงด้านไหนก่อนดี", "improve"),
        ("ทำยังไงให้คะแนนสูงขึ้น", "improve"),
        ("จะเพิ่มคะแนนได้อย่างไร", "improve"),
        ("ขอดูคำตอบที่ตอบไปแล้วด้วยครับ", "answers"),
        ("แก้คำตอบข้อ 3 ได้ไหม", "answers"),
        ("ขอไฟล์ PDF หน่อยค่ะ", "report"),
        ("ส่งรายงานให้ผู้บริหารยังไง", "report"),
        ("ลิงก์หมดอายุแล้ว ขอใหม่ครับ", "report"),
        ("ติดต่อเจ้าหน้าที่", "contact"),
        ("ขอเบอร์โทร สพร.", "contact"),
        ("หมดเขตส่งเมื่อไหร่คะ", "dates"),
        ("ถ้าปิดแอปคำตอบจะหายไหม", "saved"),
        ("เหลืออีกกี่ข้อคะ", "progress"),
        ("ใช้เวลาทำนานไหม", "progress"),
        ("ขอพักก่อนนะครับ", "pause"),
        ("ขอทำต่อจากที่ค้างไว้ค่ะ", "resume"),
        ("ข้อนี้ไม่รู้คำตอบ ขอข้ามไปก่อน", "skip"),
        ("ขอย้อนไปแก้ข้อที่แล้ว", "back"),
        ("อยากเริ่มทำใหม่ตั้งแต่ข้อแรก", "restart"),
        ("อยากลบข้อมูลของผมออกจากระบบ", "delete"),
        ("อยากชวนเพื่อนในกองมาช่วยตอบ", "invite"),
        ("ได้รหัสเชิญจากหัวหน้ามาแล้ว ต้องทำยังไงต่อ", "join"),
        ("ทีมเรามีใครบ้างคะ", "team"),
        ("ยกเลิกครับ ไม่เอาแล้ว", "cancel"),
        ("ขอหยุดไว้ตรงนี้ก่อนค่ะ", "pause"),
        ("ข้อนี้ไว้ตอบทีหลังได้ไหม", "skip"),
        ("อยากเริ่มประเมินหน่วยงานของผมครับ", "start"),
        ("ข้อมูลที่เรากรอกไปใครเห็นบ้าง", "privacy"),
        ("ผลที่ได้ต้องส่งต่อให้ สพร. อีกทีไหมครับ", "official"),
    ],
)
def test_requests_in_officials_words_are_recognised(typed: str, kind: str):
    assert request_of(typed, TOPICS) == kind


@pytest.mark.parametrize(
    "typed",
    [
        "คะแนนรวมคืออะไร",
        "คะแนนรวมของหน่วยงาน",
        "เราต้องทำอะไรถึงจะได้ระดับ 4 ในด้าน Data Governance",
        "หน่วยงานเราต้องมีกี่แนวทางในแผนถึงจะได้ระดับ 5",
        "ข้อที่ดูว่าไฟล์ที่เปิดให้ดาวน์โหลดยังเป็น pdf อยู่ไหม",
        "open data ระดับ 5 ต้องทำยังไง",
        "PDF ได้กี่ดาว",
        "ระดับ 3 ชื่ออะไร",
        "ทำไมต้องมีธรรมาภิบาลข้อมูล",
        "คะแนนปกติคิดยังไง",
        "ตัวชี้วัดไหนมีน้ำหนักน้อยที่สุด",
        "ใช้เวลาในการให้บริการกี่วัน",
        "การเชื่อมโยงข้อมูลข้ามหน่วยงาน",
        "ระบบสำรองข้อมูลป้องกันข้อมูลหายไหม",
        "ขอเบอร์โทรกรมบัญชีกลาง",
        "ขอบคุณอีกครั้งครับ",
        "ทีม CSIRT ต้องมีสมาชิกในทีมกี่คน",
        "ประชาชนขอลบข้อมูลตาม PDPA ได้ไหม",
        "ชุดข้อมูลในรูปแบบ pdf นับได้ไหม",
        "ถ้าเปิดเผยข้อมูล 20 ชุดจะได้ระดับไหน",
        "แผนดิจิทัลต้องทำใหม่ทุกปีไหม",
        "ทำไมต้องมีอย่างน้อย 3 ระบบ",
        "ใช้ agile sprint ในการพัฒนาระบบนับไหม",
        "ขอคำแนะนำการจัดทำ Data Catalog",
        "หน่วยงานต้องส่งแผนให้ สพร. ไหม",
        "ดูผลกระทบของการเปิดเผยข้อมูลยังไง",
        "จังหวัดเชียงใหม่",
        "ครับ",
        "",
    ],
)
def test_questions_about_the_framework_are_not_requests(typed: str):
    assert request_of(typed, TOPICS) is None


def _qa_questions() -> list[str]:
    found = []
    for name in ("qa_eval.yaml", "qa_eval_holdout.yaml"):
        queries = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["queries"]
        found += [query["q"] for query in queries]
    return found


def _names() -> list[str]:
    """Every name and alias the Q&A answers to: glossary terms and the framework's parts."""
    names: list[str] = []
    for knowledge in CATALOG.years.values():
        parts = [
            *knowledge.glossary,
            *knowledge.framework.pillars,
            *(sub for pillar in knowledge.framework.pillars for sub in pillar.sub_pillars),
            *(issue for _, _, issue in knowledge.framework.issues()),
        ]
        for part in parts:
            names += [part.name_th, part.name_en, *part.aliases]
    return names


def test_no_question_for_the_qa_and_no_name_it_answers_to_reads_as_a_request():
    misread = [q for q in [*_qa_questions(), *_names()] if request_of(q, TOPICS) is not None]
    assert misread == []


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
    reply = chat.say("ขอรายงานผลเป็นไฟล์ pdf เพื่อเสนอ ผอ. ค่ะ")
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


def test_progress_mid_question_says_how_far_and_asks_the_same_question_again(chat: Chat):
    chat.start()
    asked = chat.current_question()
    reply = chat.texts(chat.say("ทำไปถึงข้อไหนแล้วคะ"))
    total = len(FRAMEWORK.issues())
    assert reply[0].startswith(f"ตอบแล้ว 0 จาก {total} ข้อ เหลืออีก {total} ข้อ")
    assert chat.current_question() == asked


def test_saved_mid_question_reassures_and_asks_the_same_question_again(chat: Chat):
    chat.start()
    asked = chat.current_question()
    assert "บันทึกไว้ทันที" in chat.texts(chat.say("ที่ตอบไปเซฟไว้ไหมคะ ปิดแอปแล้วจะหายมั้ย"))[0]
    assert chat.current_question() == asked


def test_pause_and_resume_in_own_words(chat: Chat):
    chat.start()
    asked = chat.current_question()
    assert chat.texts(chat.say("ขอพักก่อนนะครับ เดี๋ยวพรุ่งนี้มาทำต่อ"))[0] == texts.PAUSED
    assert chat.current_question() is None
    chat.say("เมื่อวานทำค้างไว้ ขอทำต่อจากเดิมค่ะ")
    assert chat.current_question() == asked


def test_skip_in_own_words_moves_to_the_next_question(chat: Chat):
    chat.start()
    asked = chat.current_question()
    chat.say("ข้อนี้ไม่รู้คำตอบ ขอข้ามไปก่อนนะครับ")
    moved = chat.current_question()
    assert moved is not None and moved["q"] != asked["q"]


def test_contact_during_set_up_answers_and_keeps_the_set_up_buttons(chat: Chat):
    chat.follow()
    chat.say("เริ่มประเมิน")
    type_buttons = [b.get("label") for b in chat.buttons()]
    reply = chat.say("ขอเบอร์โทร สพร. หน่อยครับ")
    assert "0 2612 6060" in chat.texts(reply)[0]
    assert [b.get("label") for b in chat.buttons(reply)] == type_buttons


def test_progress_before_any_assessment_tells_the_size_of_the_questionnaire(chat: Chat):
    chat.follow()
    reply = chat.texts(chat.say("แบบประเมินมีทั้งหมดกี่ข้อครับ"))
    assert reply[0].startswith(f"แบบประเมินทั้งกรอบมี {len(FRAMEWORK.issues())} ข้อ")


def test_progress_during_set_up_answers_and_keeps_the_set_up_buttons(chat: Chat):
    chat.follow()
    chat.say("เริ่มประเมิน")
    type_buttons = [b.get("label") for b in chat.buttons()]
    reply = chat.say("แบบประเมินมีกี่ข้อครับ")
    assert chat.texts(reply)[0].startswith(f"แบบประเมินทั้งกรอบมี {len(FRAMEWORK.issues())} ข้อ")
    assert [b.get("label") for b in chat.buttons(reply)] == type_buttons
