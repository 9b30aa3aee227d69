"""Two app instances (separate gunicorn processes) on one PostgreSQL database serve one
user's interleaved events without losing or duplicating answers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.chat.postbacks import ConfirmItems, ItemTap, encode
from storage.db import Database
from storage.knowledge_sync import sync_knowledge
from storage.models import Answer, Assessment
from tests.admin_live import live_servers
from tests.bot_support import REPORT_ANSWERS, HttpChat, line_env, result_card
from tests.conftest import _empty_tables
from tests.frameworks import CATALOG
from tests.line_fake import FakeLineApi


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, knowledge: Any) -> str:
    url = request.getfixturevalue("postgres_url")
    database = Database(url)
    _empty_tables(database)
    with database.session() as session:
        sync_knowledge(session, CATALOG)
    database.dispose()
    return url


@pytest.fixture
def two_servers(pg_url: str, line_api: FakeLineApi, tmp_path: Path) -> Iterator[list[str]]:
    with live_servers(pg_url, tmp_path, count=2, extra_env=line_env(line_api)) as urls:
        yield urls


def test_two_processes_serve_one_users_interleaved_events(two_servers, line_api, pg_url):
    user = HttpChat(two_servers, line_api)
    user.start(name="กรมสองเครื่อง")
    # A double tap that lands on both processes at the same moment: applied once.
    question = user.current_question()
    assert question is not None and question["q"] == "P1.DP.1.guidelines"
    for item in REPORT_ANSWERS["P1.DP.1.guidelines"]:
        user.tap(encode(ItemTap(question["a"], question["q"], item, True)))
    from tests.line_fake import postback_event

    done = encode(ConfirmItems(question["a"], question["q"]))
    taps = [postback_event(user.user_id, done) for _ in two_servers]
    threads = [
        threading.Thread(target=user.post, args=(tap,), kwargs={"url": url})
        for tap, url in zip(taps, two_servers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    line_api.wait_for(lambda: any("ข้อนี้บันทึกคำตอบแล้ว" in t for t in line_api.texts(user.user_id)))
    user.last = line_api.messages(user.user_id)[-3:]
    final = user.complete(REPORT_ANSWERS)
    card = result_card(final)
    assert card["altText"].startswith("ผลการประเมิน: ระดับ 3 (3.9)")

    database = Database(pg_url)
    with database.session() as session:
        answered = session.scalars(select(Answer.question_id)).all()
        assert sorted(answered) == sorted(REPORT_ANSWERS)  # every answer, each once
        assert session.scalar(select(func.count(Assessment.id))) == 1
        stored = session.scalar(
            select(Answer.value).where(Answer.question_id == "P1.DP.1.guidelines")
        )
        assert stored == {"v": REPORT_ANSWERS["P1.DP.1.guidelines"]}
    database.dispose()
