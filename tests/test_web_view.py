"""The web view through its public interface: links the bot sends in the chat, opened by
a client as a browser would, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from flask import Flask

from tests.bot_support import REPORT_ANSWERS, Chat, result_card
from tests.web_support import (
    PUBLIC_BASE_URL,
    Browser,
    finished_assessment,
    fragment,
    link_in,
    text_of,
    uri_actions,
)

GUIDELINES = "P1.DP.1.guidelines"  # ticking all 12 lifts pillar 1 of the report answers to 4


def _assessment_id(path: str) -> int:
    found = re.search(r"/web/a/(\d+)", path)
    assert found, path
    return int(found.group(1))


def test_the_result_card_links_to_the_report_without_the_token_in_the_path(
    chat: Chat, bot_app: Flask
):
    uri = finished_assessment(chat, REPORT_ANSWERS, pillar=1)
    assert uri.startswith(f"{PUBLIC_BASE_URL}/web/open#")
    assert "?" not in uri and fragment(uri)["to"] == "report"
    page = Browser(bot_app).open(uri)
    assert page.status_code == 200
    html = text_of(page)
    assert "กรมทดสอบ" in html and "ระดับ 3" in html
    assert "คะแนนประเมินตนเอง" in html and "ไม่ใช่คะแนนทางการ" in html
    assert "ตัวชี้วัดที่ 1" in html and "<svg" in html
    assert page.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_result_shows_report_and_history_links(chat: Chat, bot_app: Flask):
    finished_assessment(chat, REPORT_ANSWERS, pillar=1)
    card = result_card(chat.say("ผลการประเมิน"))
    links = uri_actions([card])
    assert set(links) == {"ดูรายงาน/แก้ไขคำตอบ", "ประวัติผลการประเมิน"}
    history = Browser(bot_app).open(links["ประวัติผลการประเมิน"])
    assert history.status_code == 200 and "ประวัติผลการประเมิน" in text_of(history)
    assert "ระดับ 3" in text_of(history)


def test_view_answers_command_links_to_the_assessment_under_way(chat: Chat, bot_app: Flask):
    chat.start(pillar=1)
    asked = chat.current_question()
    reply = chat.say("ดู/แก้ไขคำตอบ")
    uri = link_in(reply, "เปิดหน้าเว็บ")
    assert fragment(uri)["to"] == "answers"
    assert "ประเมินต่อ" in [b.get("label") for b in chat.buttons(reply)]
    chat.say("ประเมินต่อ")
    assert chat.current_question() == asked  # the chat goes on where it was
    page = Browser(bot_app).open(uri)
    assert page.status_code == 200
    assert "ผลขณะนี้" in text_of(page) and "บันทึกคำตอบข้อนี้" in text_of(page)


def test_view_answers_before_any_assessment_says_so(chat: Chat):
    assert "ยังไม่มีแบบประเมิน" in chat.texts(chat.say("ดู/แก้ไขคำตอบ"))[0]


def _guideline_items() -> list[str]:
    from tests.frameworks import FRAMEWORK

    question = FRAMEWORK.index.questions[GUIDELINES].question
    return [item.id for item in question.items_for("service")]


def test_reopen_change_a_checklist_and_finish_again(chat: Chat, bot_app: Flask):
    browser = Browser(bot_app)
    report = browser.open(finished_assessment(chat, REPORT_ANSWERS, pillar=1))
    first = _assessment_id(report.request.path)
    answers = f"/web/a/{first}/answers"
    assert "แก้ไขคำตอบ" in text_of(browser.get(answers))
    reopened = browser.post_form(answers, f"/web/a/{first}/reopen", {})
    revision = _assessment_id(reopened.request.path)
    assert revision != first and reopened.request.path.endswith("/answers")
    assert "คำตอบเดิมคงไว้ทุกข้อ" in text_of(reopened)

    page = f"/web/a/{revision}/answers"
    saved = browser.post_form(page, f"{page}/{GUIDELINES}", {"value": _guideline_items()})
    assert "ผลภาพรวม ระดับ 3 (3.2) → ระดับ 4 (4.2)" in text_of(saved)
    assert 'data-testid="live-level">ระดับ 4 (4.2)' in text_of(saved)

    done = browser.post_form(page, f"/web/a/{revision}/finish", {})
    assert done.request.path == f"/web/a/{revision}" and "ระดับ 4" in text_of(done)
    history = text_of(browser.get("/web/history"))
    assert history.count('data-testid="history-row"') == 2
    assert f"/web/a/{first}" in history and f"/web/a/{revision}" in history
    # The chat shows the new result, the earlier one is kept.
    card = result_card(chat.say("ผลการประเมิน"))
    assert card["altText"].startswith("ผลการประเมิน: ระดับ 4")


def test_a_bad_number_is_refused_with_the_chat_s_hint(chat: Chat, bot_app: Flask):
    chat.start(pillar=3)
    browser = Browser(bot_app)
    page = browser.open(link_in(chat.say("ดู/แก้ไขคำตอบ"), "เปิดหน้าเว็บ"))
    path = page.request.path
    refused = browser.post_form(path, f"{path}/P3.SP.1.share", {"value": "number", "number": "150"})
    assert "ยังไม่ได้บันทึกคำตอบ" in text_of(refused) and "0–100" in text_of(refused)
    typed = browser.post_form(path, f"{path}/P3.SP.1.share", {"value": "number", "number": "๘๕"})
    assert "บันทึกคำตอบแล้ว" in text_of(typed)
    # The chat skips what the web answered.
    chat.say("ประเมินต่อ")
    assert chat.current_question()["q"] != "P3.SP.1.share"


def test_another_users_assessment_is_refused(chat: Chat, bot_app: Flask, line_api):
    mine = Browser(bot_app)
    own = _assessment_id(mine.open(finished_assessment(chat, REPORT_ANSWERS, 1)).request.path)
    other = Chat(bot_app, line_api)
    other.start(pillar=6, name="กรมของผู้อื่น")
    other.complete(REPORT_ANSWERS)
    their_link = link_in(other.last, "ดูรายงาน/แก้ไขคำตอบ")
    theirs = _assessment_id(Browser(bot_app).open(their_link).request.path)
    for path in (f"/web/a/{theirs}", f"/web/a/{theirs}/answers"):
        refused = mine.get(path)
        assert refused.status_code == 404 and "ไม่พบแบบประเมินนี้ในข้อมูลของท่าน" in text_of(refused)
        assert "กรมของผู้อื่น" not in text_of(refused)
    edit = mine.post_form(f"/web/a/{own}", f"/web/a/{theirs}/reopen", {}, follow=False)
    assert edit.status_code == 404
    share = mine.post_form(f"/web/a/{own}", f"/web/a/{theirs}/shares", {}, follow=False)
    assert share.status_code == 404


def _stored_answers(app: Flask, assessment_id: int) -> dict:
    from storage.assessments import decode_answer, stored_answers
    from storage.flask_ext import database

    with app.app_context(), database().session() as db:
        return {q: decode_answer(v) for q, v in stored_answers(db, assessment_id).items()}


EVERY_INPUT = {
    # question id: (form sent, answer stored)
    "P1.DaP.3.used": ({"value": "partial"}, "partial"),
    "P1.DaP.2.stars": ({"value": "linked5"}, "linked5"),
    "P1.DaP.3.last_year": ({"value": "number", "number": "1,200"}, 1200.0),
    "P2.ITC.1.score": ({"value": "0"}, 0.0),  # the preset "ยังไม่ได้ประเมิน"
    "P3.SP.1.share": ({"number": "ร้อยละ 85"}, 85.0),  # typed as in the chat
    "P5.RI.3.downtime": ({"value": "number", "number": "87:39:29"}, 315569.0),
    "P3.CX.1.omnichannel": ({"value": "unsure"}, "unsure"),
    GUIDELINES: ({"value": ["g2", "g1"]}, ("g1", "g2")),
    "P1.DaP.1.items": ({"value": ["d1"], "unsure": "1"}, "unsure"),
}


def test_every_input_type_saves_what_the_chat_would(chat: Chat, bot_app: Flask):
    chat.start()
    browser = Browser(bot_app)
    page = browser.open(link_in(chat.say("ดู/แก้ไขคำตอบ"), "เปิดหน้าเว็บ")).request.path
    html = text_of(browser.get(page))
    assert html.count('type="checkbox" name="value"') >= 12 and 'name="number"' in html
    assert "ยังไม่ได้ประเมิน" in html and "ชั่วโมง:นาที:วินาที" in html
    for question_id, (form, _) in EVERY_INPUT.items():
        saved = browser.post_form(page, f"{page}/{question_id}", form)
        assert "บันทึกคำตอบแล้ว" in text_of(saved), (question_id, text_of(saved)[:2000])
    stored = _stored_answers(bot_app, _assessment_id(page))
    assert stored == {q: value for q, (_, value) in EVERY_INPUT.items()}
    shown = text_of(browser.get(page))
    assert 'value="87:39:29"' in shown and 'value="1200"' in shown


def test_refused_answers_save_nothing(chat: Chat, bot_app: Flask):
    chat.start()
    browser = Browser(bot_app)
    page = browser.open(link_in(chat.say("ดู/แก้ไขคำตอบ"), "เปิดหน้าเว็บ")).request.path
    refused = {
        GUIDELINES: {"value": ["g1", "not-an-item"]},
        "P1.DaP.2.stars": {"value": ["most3", "none"]},
        "P1.DaP.3.used": {},
        "P5.RI.3.downtime": {"value": "number", "number": "ประมาณนานมาก"},
    }
    for question_id, form in refused.items():
        answer = browser.post_form(page, f"{page}/{question_id}", form)
        assert "ยังไม่ได้บันทึกคำตอบ" in text_of(answer), question_id
    assert browser.post_form(page, f"{page}/P9.NOPE", {}, follow=False).status_code == 404
    assert _stored_answers(bot_app, _assessment_id(page)) == {}


def test_the_report_shows_admins_texts_skipped_items_range_and_the_2566_view(
    chat: Chat, bot_app: Flask
):
    from storage.flask_ext import database
    from storage.texts import recommendation_row

    answers = {**REPORT_ANSWERS, "P1.DaP.2.stars": "unsure"}
    uri = finished_assessment(chat, answers, pillar=1)
    edited = "ข้อความที่ผู้ดูแลแก้ไขแล้ว <b>ไม่ใช่ตัวหนา</b>"
    with bot_app.app_context(), database().session() as db:
        recommendation_row(db, 2565, "P1.DaP.1", "1-3", "all").text = edited  # type: ignore[union-attr]
    html = text_of(Browser(bot_app).open(uri))
    assert "ข้อความที่ผู้ดูแลแก้ไขแล้ว &lt;b&gt;ไม่ใช่ตัวหนา&lt;/b&gt;" in html
    assert "ข้อที่ยังไม่มีระดับ" in html and "ตอบว่าไม่แน่ใจ" in html
    assert "ยังตอบไม่ครบ 1 ประเด็น" in html and "ค่าภาพรวมจะอยู่ระหว่าง" in html
    assert "ระดับสูงสุดของประเด็นนี้" in html  # an issue shown in its own scale
    assert "สิ่งที่ยังขาดสำหรับระดับถัดไป" in html and "สิ่งที่ควรทำต่อ" in html
    assert "กรอบปี 2566" in html and "การจัดกลุ่มโดยระบบนี้" in html


def test_history_is_separated_by_scope(chat: Chat, bot_app: Flask):
    browser = Browser(bot_app)
    browser.open(finished_assessment(chat, REPORT_ANSWERS, pillar=None))
    finished_assessment(chat, REPORT_ANSWERS, pillar=3)
    history = text_of(browser.get("/web/history"))
    whole = history.index("ทุกตัวชี้วัด (6 ตัวชี้วัด)")
    pillar = history.index("เฉพาะตัวชี้วัดที่ 3 บริการภาครัฐ")
    assert whole < pillar and history.count('data-testid="history-row"') == 2
