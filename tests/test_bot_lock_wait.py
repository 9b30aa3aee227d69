"""An event that waited for the user's lock decides from what the other process committed,
never from what it read before the wait (PostgreSQL: a locking read returns the rows of
the snapshot it started with)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from bot import texts
from bot.chat.postbacks import ConfirmItems, ItemTap, encode
from storage.db import Database
from storage.models import Answer, Respondent
from tests.bot_support import REPORT_ANSWERS, Chat, make_bot_app
from tests.frameworks import CATALOG
from tests.line_fake import FakeLineApi


@pytest.fixture
def pg_chat(postgres_url: str, line_api: FakeLineApi, knowledge: Any):
    from tests.conftest import _empty_tables

    database = Database(postgres_url)
    _empty_tables(database)
    database.dispose()
    app = make_bot_app(postgres_url, line_api)
    with app.app_context():
        from storage.flask_ext import database as app_database
        from storage.knowledge_sync import sync_knowledge

        with app_database().session() as session:
            sync_knowledge(session, CATALOG)
    yield Chat(app, line_api)
    app.extensions["dgr.db"].dispose()


def _wait_until_blocked(connection: psycopg.Connection, deadline: float) -> None:
    while time.monotonic() < deadline:
        waiting = connection.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        ).fetchone()
        if waiting and waiting[0]:
            return
        time.sleep(0.02)
    raise AssertionError("the webhook never waited for the user's lock")


def _while_another_process_holds_the_user(
    chat: Chat, url: str, send: Callable[[], list[dict[str, Any]]], *changes: str
) -> list[dict[str, Any]]:
    """Send an event while another connection holds the user's lock, make ``changes``
    there once the webhook waits for it, commit, and return the webhook's reply."""
    plain_url = url.replace("postgresql+psycopg", "postgresql")
    other = psycopg.connect(plain_url)
    observer = psycopg.connect(plain_url, autocommit=True)
    replies: list[list[dict[str, Any]]] = []
    try:
        other.execute(
            "SELECT id FROM respondents WHERE line_user_id = %s FOR UPDATE", (chat.user_id,)
        )
        waiting = threading.Thread(target=lambda: replies.append(send()))
        waiting.start()
        _wait_until_blocked(observer, time.monotonic() + 10)
        for change in changes:
            other.execute(change)
        other.commit()
        waiting.join(timeout=30)
    finally:
        other.close()
        observer.close()
    assert replies, "the webhook did not answer"
    return replies[0]


def test_an_answer_that_waited_for_a_cancel_in_another_process_is_not_applied(
    pg_chat: Chat, postgres_url: str
):
    pg_chat.start()
    question = pg_chat.current_question()
    assert question is not None
    for item in REPORT_ANSWERS[question["q"]]:
        pg_chat.tap(encode(ItemTap(question["a"], question["q"], item, True)))

    # Another process handles this user's "ยกเลิก" meanwhile.
    reply = _while_another_process_holds_the_user(
        pg_chat,
        postgres_url,
        lambda: pg_chat.tap(encode(ConfirmItems(question["a"], question["q"]))),
        f"UPDATE assessments SET status = 'cancelled' WHERE id = {int(question['a'])}",
        "UPDATE conversation_states SET state = 'idle', data = '{}', version = version + 1",
    )

    assert texts.OLD_BUTTON in pg_chat.texts(reply)
    database = Database(postgres_url)
    with database.session() as session:
        assert session.scalars(select(Answer.question_id)).all() == []
    database.dispose()


def test_a_delete_confirmation_that_waited_for_keep_data_deletes_nothing(
    pg_chat: Chat, postgres_url: str
):
    pg_chat.start()
    pg_chat.say(texts.DELETE_MY_DATA)

    # Another process handles this user's "ไม่ลบ" meanwhile.
    reply = _while_another_process_holds_the_user(
        pg_chat,
        postgres_url,
        lambda: pg_chat.say(texts.CONFIRM_DELETE),
        "UPDATE conversation_states SET state = 'idle', data = '{}', version = version + 1",
    )

    assert texts.DELETED not in pg_chat.texts(reply)
    database = Database(postgres_url)
    with database.session() as session:
        assert session.scalars(select(Respondent.line_user_id)).all() == [pg_chat.user_id]
    database.dispose()
