"""Nothing dropped or doubled under load and faults (PostgreSQL, live gunicorn servers):
one user's concurrent events all land, a double tap stores one answer, a slow LINE never
slows the webhook or doubles a message, and a failing push survives outages and restarts."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot import texts
from bot.chat.postbacks import AnswerTap, ConfirmItems, ItemTap, encode
from bot.delivery import Policy
from bot.outbox_worker import Deliverer
from bot.outbox_worker import line_api as api_for
from storage.db import Database
from storage.models import Answer, OutboxMessage
from storage.outbox import OutboxStatus, Outgoing, enqueue
from tests.admin_live import ROOT, LiveServer
from tests.bot_support import HttpChat, line_env, make_bot_app
from tests.line_fake import (
    FakeLineApi,
    follow_event,
    new_user_id,
    postback_event,
    signed_event,
    text_message_event,
)


def _sends(line: FakeLineApi, user_id: str) -> list[Any]:
    """Every reply and push that reached this user (successful ones)."""
    sent = line.requests("/v2/bot/message/reply") + line.requests("/v2/bot/message/push")
    return [r for r in sent if r.status == 200 and _to(r) == user_id]


def _to(recorded: Any) -> str | None:
    from tests.line_fake.webhook import reply_token_owner

    body = recorded.body or {}
    return body.get("to") or reply_token_owner(body.get("replyToken", ""))


def _at_once(user: HttpChat, events: list[dict[str, Any]], urls: list[str]) -> list[float]:
    """Post the events at the same moment, spread over the servers; their latencies."""
    latencies: list[float] = [0.0] * len(events)
    start = threading.Barrier(len(events))

    def post(number: int) -> None:
        start.wait()
        began = time.monotonic()
        assert user.post(events[number], url=urls[number % len(urls)]) == 200
        latencies[number] = time.monotonic() - began

    threads = [threading.Thread(target=post, args=(n,)) for n in range(len(events))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def test_ten_concurrent_item_taps_all_land_and_each_is_answered_once(two_servers, line_api, pg_url):
    user = HttpChat(two_servers, line_api)
    user.start(pillar=1)
    question = user.current_question()
    assert question is not None and question["q"] == "P1.DP.1.guidelines"
    items = [f"g{n}" for n in range(1, 11)]
    before = len(_sends(line_api, user.user_id))
    taps = [postback_event(user.user_id, encode(ItemTap(question["a"], question["q"], i, True)))
            for i in items]
    _at_once(user, taps, two_servers)
    line_api.wait_for(lambda: len(_sends(line_api, user.user_id)) >= before + len(taps), 60)
    assert len(_sends(line_api, user.user_id)) == before + len(taps)  # one per event
    user.tap(encode(ConfirmItems(question["a"], question["q"])))
    database = Database(pg_url)
    with database.session() as session:
        stored = session.scalar(select(Answer.value))
    database.dispose()
    assert sorted(stored["v"]) == sorted(items)


def test_the_same_button_tapped_ten_times_at_once_stores_one_answer(two_servers, line_api, pg_url):
    user = HttpChat(two_servers, line_api)
    user.start(pillar=6)
    question = user.current_question()
    assert question is not None
    confirm = encode(ConfirmItems(question["a"], question["q"]))
    before = len(_sends(line_api, user.user_id))
    _at_once(user, [postback_event(user.user_id, confirm) for _ in range(10)], two_servers)
    line_api.wait_for(lambda: len(_sends(line_api, user.user_id)) >= before + 10, 60)
    database = Database(pg_url)
    with database.session() as session:
        assert session.scalar(select(func.count(Answer.id))) == 1
    database.dispose()
    assert sum(texts.ALREADY_RECORDED in t for t in line_api.texts(user.user_id)) == 9


def test_a_slow_reply_api_never_slows_the_webhook_or_doubles_a_message(
    two_servers, line_api, pg_url
):
    users = [HttpChat(two_servers, line_api) for _ in range(4)]
    line_api.delay("reply", 8.0)
    latencies = _at_once(users[0], [follow_event(u.user_id) for u in users], two_servers)
    assert max(latencies) < 2.0, latencies
    for user in users:  # the replies land late, once, and nothing is pushed after them
        line_api.wait_for(lambda user=user: line_api.messages(user.user_id), timeout=60)
    line_api.recover()
    assert line_api.requests("/v2/bot/message/push") == []
    for user in users:
        assert len(line_api.texts(user.user_id)) == 2  # the greeting and the privacy notice


def _outbox_row(database: Database) -> OutboxMessage:
    with database.session() as session:
        return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()


def test_a_push_failing_for_two_minutes_is_delivered_after_recovery(pg_url, line_api):
    now = [datetime.now(UTC)]
    app = make_bot_app(
        pg_url, line_api, OUTBOX_CLOCK=lambda: now[0], OUTBOX_INLINE_PATIENCE_SECONDS=0
    )
    line_api.fail("reply", status=400, body={"message": "Invalid reply token"})
    line_api.fail("push", status=503, times=1000)
    user_id = new_user_id()
    client = app.test_client()
    request = signed_event(text_message_event(user_id, texts.HELP))
    assert client.post("/callback", data=request.body, headers=request.headers).status_code == 200
    with app.app_context():
        deliverer = Deliverer(app.extensions["dgr.db"], api_for(app), Policy(), lambda: now[0])
        for _ in range(12):  # two minutes of LINE failing, retried with backoff
            now[0] += timedelta(seconds=10)
            deliverer.run_due()
        row = _outbox_row(app.extensions["dgr.db"])
        assert row.status == OutboxStatus.PENDING and row.attempts >= 4
        line_api.recover()
        now[0] += timedelta(minutes=5)
        deliverer.run_due()
    row = _outbox_row(app.extensions["dgr.db"])
    assert row.status == OutboxStatus.SENT
    pushes = line_api.requests("/v2/bot/message/push")
    assert pushes[-1].status == 200 and len({p.headers["X-Line-Retry-Key"] for p in pushes}) == 1
    assert len(line_api.texts(user_id)) == 1  # delivered once


def test_a_user_s_backlog_goes_out_in_one_pass_in_order(pg_url, line_api):
    """A user who taps faster than LINE answers: the rows written behind the one on its way
    go out as soon as it is out, not one per poll (they waited a second each before)."""
    app = make_bot_app(pg_url, line_api)
    user_id, other = new_user_id(), new_user_id()
    now = datetime.now(UTC)
    rows = [
        Outgoing(who, None, [{"type": "text", "text": f"ข้อความที่ {n}"}], str(uuid.uuid4()))
        for n in range(6)
        for who in (user_id, other)
    ]
    database = app.extensions["dgr.db"]
    with database.engine.begin() as connection:
        ids = enqueue(connection, rows, now)
    with app.app_context():
        deliverer = Deliverer(database, api_for(app), Policy(), lambda: now)
        assert deliverer.run_due(ids[:1]) == 6  # the first row, then the rest of its user's
        assert line_api.texts(user_id) == [f"ข้อความที่ {n}" for n in range(6)]
        assert deliverer.run_due() == 6  # the poller drains the other user in one pass too
    assert line_api.texts(other) == [f"ข้อความที่ {n}" for n in range(6)]


def test_a_killed_worker_s_pending_push_is_delivered_after_restart(pg_url, line_api, tmp_path):
    server = LiveServer(pg_url, tmp_path / "server.log", line_env(line_api))
    server.wait_until_ready()
    user = HttpChat([server.url], line_api)
    line_api.fail("reply", status=400, body={"message": "Invalid reply token"})
    line_api.fail("push", status=503, times=1000)
    try:
        user.post(text_message_event(user.user_id, texts.HELP))
        line_api.wait_for(lambda: line_api.requests("/v2/bot/message/push"), timeout=60)
    finally:
        _kill_with_children(server.process)  # master and worker go down mid-backoff
    assert line_api.texts(user.user_id) == []
    line_api.recover()
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": pg_url, **line_env(line_api)}
    worker = subprocess.Popen(
        [sys.executable, "-c", "from dgr import main; main()", "outbox-worker", "--every", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        line_api.wait_for(lambda: line_api.texts(user.user_id), timeout=120)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert len(line_api.texts(user.user_id)) == 1


def _kill_with_children(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL gunicorn's worker and master, as a crashed host would lose them."""
    found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True)
    for pid in [*found.stdout.split(), str(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)
    process.wait()


def test_healthz_still_answers_while_line_is_slow(two_servers, line_api):
    line_api.delay("reply", 8.0)
    user = HttpChat(two_servers, line_api)
    assert user.post(follow_event(user.user_id)) == 200
    with urllib.request.urlopen(two_servers[0] + "/healthz", timeout=5) as response:
        assert response.status == 200
    line_api.wait_for(lambda: line_api.messages(user.user_id), timeout=60)
    line_api.recover()


def test_an_answer_tap_is_refused_with_a_range_when_posted_out_of_range(two_servers, line_api):
    user = HttpChat(two_servers, line_api)
    user.start(pillar=3)
    question = user.current_question()
    assert question is not None
    reply = user.tap(encode(AnswerTap(question["a"], question["q"], "1e309")))
    assert "0–100" in " ".join(user.texts(reply))
