"""Hostile or malformed webhook input gets a 200 and, where there is someone to answer, a
polite Thai reply: never a 500 (which LINE would redeliver in a loop), never a broken
state."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot import texts
from storage.flask_ext import database
from storage.models import Respondent
from tests.bot_support import Chat
from tests.line_fake import issue_reply_token, new_user_id, postback_event, sign, text_message_event


def _post_raw(chat: Chat, body: bytes) -> int:
    headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
    return chat.client.post("/callback", data=body, headers=headers).status_code


def _body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "U" + "0" * 32, "events": list(events)}).encode()


def _thai(chat: Chat) -> list[str]:
    return chat.line.texts(chat.user_id)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309", "101", "-1", "9" * 60])
def test_a_forged_number_button_is_asked_again(chat: Chat, value: str):
    chat.start(pillar=3)
    question = chat.current_question()
    assert question is not None and question["q"] == "P3.SP.1.share"
    # As releases before the codec sent a number preset (the codec itself refuses these).
    reply = chat.tap(f"t=num&a={question['a']}&q={question['q']}&v={value}")
    assert texts.BUTTON_VALUE_REFUSED in chat.texts(reply)[0] and "0–100" in chat.texts(reply)[0]
    assert chat.current_question() == question  # nothing stored, the same question again


def test_postback_data_longer_than_line_allows_is_refused(chat: Chat):
    chat.start(pillar=3)
    question = chat.current_question()
    assert question is not None
    reply = chat.tap(f"t=ans&a={question['a']}&q={question['q']}&v={'9' * 400}")
    assert texts.UNKNOWN_INPUT in chat.texts(reply)


def test_a_four_hundred_digit_number_is_asked_again(chat: Chat):
    chat.start(pillar=3)
    reply = chat.say("1" * 400)
    assert "ยาวเกินไป" in chat.texts(reply)[0]


def test_deeply_nested_json_is_acknowledged(chat: Chat):
    nested = "[" * 100_000 + '"x"' + "]" * 100_000  # far beyond Python's recursion limit
    head = '{"destination":"U' + "0" * 32 + '","events":'
    assert _post_raw(chat, (head + nested + "}").encode()) == 200
    deep = json.dumps(text_message_event(chat.user_id, "สวัสดี"), ensure_ascii=False)
    deep = deep[:-1] + ',"extra":' + nested + "}"
    assert _post_raw(chat, (head + "[" + deep + "]}").encode()) == 200


@pytest.mark.parametrize(
    "change",
    [
        {"message": {"type": "text", "id": "1", "text": 12345}},
        {"message": "not an object"},
        {"postback": {"data": ["t=ans"]}, "type": "postback"},
        {"timestamp": "yesterday", "deliveryContext": "x"},
        {"webhookEventId": "E" * 5000},
    ],
    ids=["number-as-text", "message-string", "postback-list", "odd-fields", "long-event-id"],
)
def test_wrong_field_types_get_a_thai_reply(chat: Chat, change: dict[str, Any]):
    event = text_message_event(chat.user_id, "สวัสดี")
    event.update(change)
    assert _post_raw(chat, _body(event)) == 200
    assert any(any("\u0e00" <= ch <= "\u0e7f" for ch in text) for text in _thai(chat))


@pytest.mark.parametrize("user_id", ["U" + "f" * 5000, 12345, "not-a-user"])
def test_an_unreadable_sender_gets_an_apology_by_reply(chat: Chat, user_id: Any):
    event = text_message_event(new_user_id(), "สวัสดี")
    token = issue_reply_token(chat.user_id)  # the reply reaches whoever sent the event
    event["source"]["userId"], event["replyToken"] = user_id, token
    assert _post_raw(chat, _body(event)) == 200
    assert texts.UNREADABLE_EVENT in _thai(chat)
    with chat.app.app_context(), database().session() as session:
        assert session.scalars(select(Respondent.line_user_id)).all() == []


def test_nul_characters_never_reach_the_database(chat: Chat):
    chat.say(texts.START)
    chat.press("ให้บริการเป็นหลัก")
    chat.say("กรม\x00ทดสอบ\x00")
    with chat.app.app_context(), database().session() as session:
        assert session.scalar(select(Respondent.agency_name)) == "กรมทดสอบ"


def test_a_postback_of_the_wrong_type_is_answered(chat: Chat):
    event = postback_event(chat.user_id, "t=ans")
    event["postback"]["data"] = {"t": "ans"}
    assert _post_raw(chat, _body(event)) == 200
    assert texts.UNKNOWN_INPUT in _thai(chat)
