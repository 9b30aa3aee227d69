"""Bot test fixtures: an app on a fresh database talking to the validating fake LINE API,
and a ``Chat`` that sends signed events and taps the buttons the bot really sent."""

from __future__ import annotations

import itertools
import json
import urllib.request
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from admin.display import duration_text
from bot.chat.postbacks import AnswerTap, ConfirmItems, ItemTap, decode, encode
from bot.delivery import Policy
from dgr import create_app
from storage.knowledge_sync import sync_knowledge
from tests.frameworks import CATALOG, FRAMEWORK
from tests.line_fake import (
    CHANNEL_ACCESS_TOKEN,
    CHANNEL_SECRET,
    FakeLineApi,
    follow_event,
    new_user_id,
    postback_event,
    signed_event,
    text_message_event,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
REPORT_ANSWERS: dict[str, Any] = json.loads(
    (EXAMPLES / "report-2565-legal-execution.json").read_text("utf-8")
)["answers"]


def make_bot_app(database_url: str, line_api: FakeLineApi, **config: Any) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": CHANNEL_ACCESS_TOKEN,
            "LINE_API_BASE_URL": line_api.base_url,
            "LINE_API_DATA_BASE_URL": line_api.data_base_url,
            # Messages are sent on the request thread (retries with short backoff), so a
            # test sees them as soon as the webhook has answered.
            "LINE_PUSH_BACKGROUND": False,
            "OUTBOX_POLICY": Policy(
                first_backoff=timedelta(milliseconds=10), max_backoff=timedelta(milliseconds=50)
            ),
            **config,
        }
    )
    return app


@pytest.fixture
def bot_app(database_url: str, line_api: FakeLineApi, knowledge: Any) -> Iterator[Flask]:
    app = make_bot_app(database_url, line_api)
    with app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            sync_knowledge(session, CATALOG)
    yield app
    app.extensions["dgr.db"].dispose()


class Chat:
    """One LINE user talking to the bot through signed webhook requests."""

    def __init__(self, app: Flask, line_api: FakeLineApi, user_id: str | None = None) -> None:
        self.app = app
        self.client = app.test_client()
        self.line = line_api
        self.user_id = user_id or new_user_id()
        self.received: list[dict[str, Any]] = []
        # The messages of the latest webhook round trip.
        self.last: list[dict[str, Any]] = []

    # -- sending -----------------------------------------------------------------------
    def post(self, *events: dict[str, Any]) -> int:
        request = signed_event(*events)
        response = self.client.post("/callback", data=request.body, headers=request.headers)
        return response.status_code

    def send(self, *events: dict[str, Any]) -> list[dict[str, Any]]:
        """Send events; return the messages the bot sent this user in response."""
        before = len(self.line.messages(self.user_id))
        status = self.post(*events)
        assert status == 200, status
        new = self.line.messages(self.user_id)[before:]
        self.received.extend(new)
        self.last = new
        return new

    def follow(self) -> list[dict[str, Any]]:
        return self.send(follow_event(self.user_id))

    def say(self, text: str) -> list[dict[str, Any]]:
        return self.send(text_message_event(self.user_id, text))

    def tap(self, data: str) -> list[dict[str, Any]]:
        return self.send(postback_event(self.user_id, data))

    # -- reading what was sent -----------------------------------------------------------
    def texts(self, messages: list[dict[str, Any]] | None = None) -> list[str]:
        return [m.get("text") or m.get("altText", "") for m in (messages or self.received)]

    def buttons(self, messages: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Every action in the messages (quick replies and flex), last message first."""
        found: list[dict[str, Any]] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                action = node.get("action")
                if isinstance(action, dict) and "type" in action:
                    found.append(action)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        for message in reversed(messages if messages is not None else self.last):
            walk(message)
        return found

    def button(self, label: str, messages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        for action in self.buttons(messages):
            if action.get("label") == label or str(action.get("label", "")).startswith(label):
                return action
        labels = [a.get("label") for a in self.buttons(messages)]
        raise AssertionError(f"no button {label!r}; buttons: {labels}")

    def press(self, label: str) -> list[dict[str, Any]]:
        """Press a button by its label, as a user would (message or postback)."""
        action = self.button(label)
        if action["type"] == "postback":
            return self.tap(action["data"])
        return self.say(action["text"])

    def current_question(self) -> dict[str, Any] | None:
        """The assessment ("a") and question ("q") the last messages ask, read from their
        answer buttons."""
        for action in self.buttons():
            if action.get("type") == "postback":
                postback = decode(action["data"])
                if isinstance(postback, AnswerTap | ItemTap | ConfirmItems):
                    return {"a": postback.assessment_id, "q": postback.question_id}
        return None

    # -- driving an assessment -------------------------------------------------------------
    def start(
        self,
        agency_type_label: str = "ให้บริการเป็นหลัก",
        name: str | None = "กรมทดสอบ",
        pillar: int | None = None,
    ) -> list[dict[str, Any]]:
        self.say("เริ่มประเมิน")
        self.press(agency_type_label)
        if name is None:
            self.press("ไม่ระบุชื่อ")
        else:
            self.say(name)
        if pillar is None:
            return self.press("ประเมินทุกตัวชี้วัด")
        self.press("เลือกตัวชี้วัดเดียว")
        return self.press(f"{pillar} ")

    def answer(self, value: Any) -> list[dict[str, Any]]:
        """Answer the current question through its buttons (numbers are typed)."""
        question = self.current_question()
        assert question is not None, self.texts(self.last)
        a, q = question["a"], question["q"]
        if value == "unsure":
            return self.press("ไม่แน่ใจ")
        if isinstance(value, list):
            for item in value:
                self.tap(encode(ItemTap(a, q, item, True)))
            return self.tap(encode(ConfirmItems(a, q)))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.say(_typed_number(q, value))
        return self.tap(encode(AnswerTap(a, q, str(value))))

    def complete(self, answers: Mapping[str, Any], limit: int = 120) -> list[dict[str, Any]]:
        """Answer every question asked until the result arrives; returns the last reply."""
        reply: list[dict[str, Any]] = self.last
        for _ in range(limit):
            question = self.current_question()
            if question is None:
                return reply
            reply = self.answer(answers[question["q"]])
        raise AssertionError(f"the assessment did not finish: {self.texts(self.last)}")


class HttpChat(Chat):
    """A user talking to live servers over HTTP; each event goes to the next URL in turn."""

    def __init__(self, urls: list[str], line_api: FakeLineApi) -> None:
        self.line = line_api
        self.user_id = new_user_id()
        self.received = []
        self.last = []
        self._urls = itertools.cycle(urls)

    def post(self, *events: dict[str, Any], url: str | None = None) -> int:
        request = signed_event(*events)
        http = urllib.request.Request(
            (url or next(self._urls)) + "/callback",
            data=request.body,
            method="POST",
            headers=request.headers,
        )
        with urllib.request.urlopen(http, timeout=30) as response:
            return response.status

    def send(self, *events: dict[str, Any]) -> list[dict[str, Any]]:
        """Like ``Chat.send``, but a live server sends after it has answered: wait (with a
        generous cap) until this user's messages have arrived."""
        before = len(self.line.messages(self.user_id))
        assert self.post(*events) == 200
        self.line.wait_for(lambda: len(self.line.messages(self.user_id)) > before, timeout=60)
        new = self.line.messages(self.user_id)[before:]
        self.received.extend(new)
        self.last = new
        return new


def line_env(line_api: FakeLineApi) -> dict[str, str]:
    """Environment for a server process that talks to the fake LINE API."""
    return {
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": CHANNEL_ACCESS_TOKEN,
        "LINE_API_BASE_URL": line_api.base_url,
        "LINE_API_DATA_BASE_URL": line_api.data_base_url,
    }


# Durations are stored in seconds and typed as H:MM:SS, as an official would.
DURATION_QUESTIONS = {
    question.id
    for _, _, issue in FRAMEWORK.issues()
    for question in issue.questions
    if getattr(question, "unit", None) == "duration"
}


def _typed_number(question_id: str, value: float) -> str:
    if question_id in DURATION_QUESTIONS:
        return duration_text(value)
    return str(int(value)) if float(value).is_integer() else str(value)


@pytest.fixture
def chat(bot_app: Flask, line_api: FakeLineApi) -> Chat:
    return Chat(bot_app, line_api)


def result_card(messages: list[dict[str, Any]]) -> dict[str, Any]:
    cards = [m for m in messages if m["type"] == "flex" and m["altText"].startswith("ผลการประเมิน")]
    assert cards, [m.get("text") or m.get("altText") for m in messages]
    return cards[-1]


def flex_texts(message: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "text" and "text" in node:
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message)
    return found
