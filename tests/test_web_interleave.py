"""Web edits and chat answers of one user interleave without losing either: both lock the
user's row, and both move the conversation state's version on in the same transaction
(PostgreSQL, where the webhook writes in one statement)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from scoring.answers import UNSURE
from storage.assessments import decode_answer, stored_answers
from storage.models import Assessment, ConversationState, Respondent
from tests.bot_support import REPORT_ANSWERS, Chat, flex_texts, result_card
from tests.frameworks import FRAMEWORK
from tests.web_support import Browser, link_in, text_of

ON_POSTGRESQL = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _db(app: Flask):  # type: ignore[no-untyped-def]
    from storage.flask_ext import database

    return database()


def _stored(app: Flask, chat: Chat) -> tuple[dict[str, Any], str, int]:
    """The user's latest assessment's answers, its status and the state's version."""
    with app.app_context(), _db(app).session() as db:
        respondent = db.scalar(select(Respondent).where(Respondent.line_user_id == chat.user_id))
        assessment = db.scalar(
            select(Assessment)
            .where(Assessment.respondent_id == respondent.id)
            .order_by(Assessment.id.desc())
        )
        version = db.scalar(
            select(ConversationState.version).where(
                ConversationState.respondent_id == respondent.id
            )
        )
        answers = {q: decode_answer(v) for q, v in stored_answers(db, assessment.id).items()}
        return answers, assessment.status, version


def _web_unsure(browser: Browser, page: str, question_id: str) -> None:
    saved = browser.post_form(page, f"{page}/{question_id}", {"value": "unsure", "unsure": "1"})
    assert saved.status_code == 200 and "บันทึกคำตอบแล้ว" in text_of(saved)


@ON_POSTGRESQL
def test_web_edits_and_chat_answers_alternate_and_both_are_kept(chat: Chat, bot_app: Flask):
    chat.start(pillar=1)
    browser = Browser(bot_app)
    page = browser.open(link_in(chat.say("ดู/แก้ไขคำตอบ"), "เปิดหน้าเว็บ")).request.path
    chat.say("ประเมินต่อ")
    edited: list[str] = []
    while (asked := chat.current_question()) is not None:
        question_id = asked["q"]
        chat.answer(REPORT_ANSWERS[question_id])
        if chat.current_question() is None:
            break  # the chat finished the assessment
        _, _, before = _stored(bot_app, chat)
        _web_unsure(browser, page, question_id)  # the web changes what the chat just answered
        _, _, after = _stored(bot_app, chat)
        assert after == before + 1  # the web edit moved the chat's state version on
        edited.append(question_id)
    answers, status, _ = _stored(bot_app, chat)
    assert status == "completed" and len(edited) >= 5
    for question_id, value in answers.items():
        expected = UNSURE if question_id in edited else REPORT_ANSWERS[question_id]
        assert value == expected or value == tuple(expected), question_id
    # The result the chat gave counts the web's edits (they are "ไม่แน่ใจ" now).
    issues = {FRAMEWORK.index.questions[q].issue.id for q in edited}
    card = " ".join(flex_texts(result_card(chat.last)))
    assert f"ยังตอบไม่ครบ {len(issues)} ประเด็น" in card


@ON_POSTGRESQL
def test_web_edits_and_chat_answers_at_the_same_time_are_all_kept(chat: Chat, bot_app: Flask):
    chat.start(pillar=1)
    first = chat.current_question()["q"]
    chat.answer(REPORT_ANSWERS[first])
    browser = Browser(bot_app)
    page = browser.open(link_in(chat.say("ดู/แก้ไขคำตอบ"), "เปิดหน้าเว็บ")).request.path
    chat.say("ประเมินต่อ")
    web_writes: list[str] = []
    stop = threading.Event()

    def edit_by_web() -> None:
        values = ["unsure", REPORT_ANSWERS[first]]
        while not stop.is_set():
            value = values[len(web_writes) % 2]
            data = {"value": value} if isinstance(value, str) else {"value": list(value)}
            saved = browser.post_form(page, f"{page}/{first}", data)
            assert saved.status_code == 200
            if "บันทึกคำตอบแล้ว" not in text_of(saved):
                return  # the chat finished the assessment; the web saves nothing then
            web_writes.append(value if isinstance(value, str) else "list")

    web = threading.Thread(target=edit_by_web)
    web.start()
    try:
        chat.complete(REPORT_ANSWERS)
    finally:
        stop.set()
        web.join(timeout=120)
    answers, status, _ = _stored(bot_app, chat)
    assert status == "completed" and len(web_writes) >= 2
    expected_first = UNSURE if web_writes[-1] == "unsure" else tuple(REPORT_ANSWERS[first])
    assert answers[first] == expected_first  # the last web edit stands
    for question_id, value in answers.items():
        if question_id != first:
            wanted = REPORT_ANSWERS[question_id]
            assert value in (wanted, tuple(wanted) if isinstance(wanted, list) else wanted)
