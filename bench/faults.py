"""The fault set against the Procfile setup (gunicorn 2 workers × 4 threads, preloaded, on
PostgreSQL, sending through the outbox) and the fake LINE API: for each fault, how many
events were sent, how many answers were lost or doubled, how many webhooks answered 500,
and the slowest webhook. Target: 0 lost, 0 doubled, 0 HTTP 500.

Lost: an event the user got no answer to (or an answer the database does not hold).
Doubled: an event answered more than once (or an answer stored twice).
Run: python bench/faults.py   (needs PostgreSQL: BENCH_DATABASE_URL or the local test server)
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bot.chat.postbacks import ConfirmItems, ItemTap, encode  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.knowledge_sync import sync_knowledge  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Answer  # noqa: E402
from tests.admin_live import free_port  # noqa: E402
from tests.bot_support import HttpChat, line_env  # noqa: E402
from tests.frameworks import CATALOG  # noqa: E402
from tests.line_fake import (  # noqa: E402
    FakeLineApi,
    follow_event,
    postback_event,
    sign,
    text_message_event,
)
from tests.line_fake.webhook import reply_token_owner  # noqa: E402


@dataclass
class Row:
    fault: str
    events: int = 0
    lost: int = 0
    doubled: int = 0
    http_500: int = 0
    slowest: float = 0.0


class Gunicorn:
    """The Procfile's web process (2 workers × 4 threads, preloaded) on one port."""

    def __init__(self, database_url: str, line: FakeLineApi, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            "PATH": os.environ.get("PATH", ""),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "faults",
            **line_env(line),
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--preload",
            "dgr:create_app()",
        ]
        self.log = log.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with suppress(OSError), urllib.request.urlopen(self.url + "/healthz", timeout=2):
                return
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL master and workers, as a crashed host loses them."""
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        )
        for pid in [*found.stdout.split(), str(self.process.pid)]:
            with suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class Timed(HttpChat):
    """A user whose webhook calls are timed and whose 500s are counted."""

    def __init__(self, urls: list[str], line: FakeLineApi, row: Row) -> None:
        super().__init__(urls, line)
        self.row = row
        self.events = 0  # this user's own (how many steps a start takes varies by user)

    def post(self, *events: dict[str, Any], url: str | None = None) -> int:
        began = time.monotonic()
        try:
            status = super().post(*events, url=url)
        except urllib.error.HTTPError as error:
            status = error.code
        self.row.events += len(events)
        self.events += len(events)
        self.row.slowest = max(self.row.slowest, time.monotonic() - began)
        self.row.http_500 += status >= 500
        return status


def _sends_to(line: FakeLineApi, user: str) -> int:
    sent = line.requests("/v2/bot/message/reply") + line.requests("/v2/bot/message/push")
    return sum(
        1
        for r in sent
        if r.status == 200
        and ((r.body or {}).get("to") or reply_token_owner((r.body or {}).get("replyToken", "")))
        == user
    )


def _settle(line: FakeLineApi, users: list[Timed], expected: Callable[[Timed], int]) -> None:
    """Wait (capped) for the answers, then count what is missing or doubled."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and any(
        _sends_to(line, u.user_id) < expected(u) for u in users
    ):
        time.sleep(0.2)
    time.sleep(3)  # anything that would arrive twice arrives within the poller's next rounds
    for user in users:
        got, want = _sends_to(line, user.user_id), expected(user)
        user.row.lost += max(0, want - got)
        user.row.doubled += max(0, got - want)


def _at_once(calls: list[Callable[[], Any]]) -> None:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> None:
        barrier.wait()
        call()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _answers(database_url: str) -> int:
    database = Database(database_url)
    with database.session() as session:
        count = session.scalar(select(func.count(Answer.id))) or 0
    database.dispose()
    return count


# --- the faults ---------------------------------------------------------------------------


def concurrent_taps(urls: list[str], line: FakeLineApi, database_url: str) -> Row:
    """Ten checklist items of one user tapped at the same moment (three users)."""
    row = Row("10 item taps of one user at once")
    users = [Timed(urls, line, row) for _ in range(3)]
    for user in users:
        user.start(pillar=1)
    calls = []
    for user in users:
        question = user.current_question()
        assert question is not None
        for n in range(1, 11):
            data = encode(ItemTap(question["a"], question["q"], f"g{n}", True))
            calls.append(lambda user=user, data=data: user.post(postback_event(user.user_id, data)))
    _at_once(calls)
    _settle(line, users, lambda u: u.events)  # one answer per event
    for user in users:
        question = user.current_question() or {}
        user.tap(encode(ConfirmItems(question.get("a", 0), "P1.DP.1.guidelines")))
    database = Database(database_url)
    with database.session() as session:
        stored = session.scalars(
            select(Answer.value).where(Answer.question_id == "P1.DP.1.guidelines")
        ).all()
    database.dispose()
    row.lost += sum(10 - len(value.get("v", [])) for value in stored)
    return row


def tenfold_tap(urls: list[str], line: FakeLineApi, database_url: str) -> Row:
    """The same button tapped ten times at once (three users)."""
    row = Row("one button tapped 10 times at once")
    users = [Timed(urls, line, row) for _ in range(3)]
    before = _answers(database_url)
    calls = []
    for user in users:
        user.start(pillar=6)
        question = user.current_question()
        assert question is not None
        done = encode(ConfirmItems(question["a"], question["q"]))
        calls += [lambda u=user, d=done: u.post(postback_event(u.user_id, d))] * 10
    _at_once(calls)
    _settle(line, users, lambda u: u.events)  # the start's events and the ten taps
    stored = _answers(database_url) - before
    row.doubled += max(0, stored - len(users))
    row.lost += max(0, len(users) - stored)
    return row


def slow_reply(urls: list[str], line: FakeLineApi, database_url: str) -> Row:
    """LINE's reply API takes 8 s (eight users write at once)."""
    row = Row("reply API takes 8 s")
    users = [Timed(urls, line, row) for _ in range(8)]
    line.delay("reply", 8.0)
    _at_once([lambda u=u: u.post(follow_event(u.user_id)) for u in users])
    _settle(line, users, lambda u: 1)
    line.recover()
    return row


def line_outage(urls: list[str], line: FakeLineApi, database_url: str) -> Row:
    """Every reply and push fails (503) for 60 s; then LINE is back."""
    row = Row("LINE down (503) for 60 s")
    users = [Timed(urls, line, row) for _ in range(5)]
    line.fail("reply", status=503, times=100_000)
    line.fail("push", status=503, times=100_000)
    _at_once([lambda u=u: u.post(text_message_event(u.user_id, "ช่วยเหลือ")) for u in users])
    time.sleep(60)  # the outage being simulated
    line.recover()
    _settle(line, users, lambda u: 1)
    return row


def worker_killed(database_url: str, line: FakeLineApi, log: Path) -> Row:
    """gunicorn (master and workers) killed while pushes wait for their next attempt;
    a new one takes them over."""
    row = Row("web process killed mid-backoff")
    server = Gunicorn(database_url, line, log)
    users = [Timed([server.url], line, row) for _ in range(5)]
    line.fail("reply", status=400, times=100_000)
    line.fail("push", status=503, times=100_000)
    for user in users:
        user.post(text_message_event(user.user_id, "ช่วยเหลือ"))
    time.sleep(3)  # let the first pushes fail and wait for their retry
    server.kill()
    line.recover()
    restarted = Gunicorn(database_url, line, log.with_suffix(".2.log"))
    _settle(line, users, lambda u: 1)
    restarted.stop()
    return row


def database_dropped(urls: list[str], line: FakeLineApi, database_url: str) -> Row:
    """The database ends every connection of the app twice while users answer."""
    row = Row("database connections terminated")
    users = [Timed(urls, line, row) for _ in range(4)]
    for user in users:
        user.start(pillar=3)
    before = _answers(database_url)
    name = database_url.rsplit("/", 1)[-1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"

    def terminate() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )

    for round_number in range(3):  # each round answers (skips) one question per user
        if round_number:
            terminate()
        _at_once([lambda u=u: u.post(text_message_event(u.user_id, "ข้าม")) for u in users])
    _settle(line, users, lambda u: u.events)  # the start's events and three skips
    row.lost += max(0, 3 * len(users) - (_answers(database_url) - before))
    return row


def hostile(urls: list[str], line: FakeLineApi, database_url: str) -> Row:
    """Malformed and hostile bodies, signed: each must get a 200."""

    row = Row("hostile input (signed)")
    user = Timed(urls, line, row)
    event = text_message_event(user.user_id, "1" * 400)
    odd_text = dict(event, message={"type": "text", "id": "1", "text": 12345})
    long_id = dict(event, webhookEventId="E" * 9000)
    odd_user = dict(event, source={"type": "user", "userId": "U" + "f" * 900})
    nul = text_message_event(user.user_id, "กรม\x00ทดสอบ")
    bodies = [
        b'{"destination":"U0","events":' + b"[" * 5000 + b"]" * 5000 + b"}",
        *(_body(e) for e in (odd_text, long_id, event, odd_user, nul)),
    ]
    for body in bodies:
        request = urllib.request.Request(
            urls[0] + "/callback",
            data=body,
            method="POST",
            headers={"X-Line-Signature": sign(body), "Content-Type": "application/json"},
        )
        began = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        row.events += 1
        row.http_500 += status >= 500
        row.slowest = max(row.slowest, time.monotonic() - began)
    return row


def _body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "U0", "events": list(events)}).encode()


# --- running ------------------------------------------------------------------------------


@contextmanager
def fresh_database() -> Iterator[str]:
    admin = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    name = f"dgr_faults_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    database = Database(url)
    with database.session() as session:
        sync_knowledge(session, CATALOG)
    database.dispose()
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the fake LINE API's request log
    line = FakeLineApi()
    line.start()
    rows: list[Row] = []
    with fresh_database() as url, tempfile.TemporaryDirectory() as folder:
        server = Gunicorn(url, line, Path(folder) / "web.log")
        try:
            for fault in (
                concurrent_taps,
                tenfold_tap,
                slow_reply,
                line_outage,
                database_dropped,
                hostile,
            ):
                rows.append(fault([server.url], line, url))
                line.recover()
        finally:
            server.stop()
        rows.append(worker_killed(url, line, Path(folder) / "killed.log"))
    line.stop()
    print(f"{'fault':<38} {'events':>6} {'lost':>5} {'doubled':>8} {'HTTP 500':>9} {'slowest':>8}")
    for row in rows:
        print(
            f"{row.fault:<38} {row.events:>6} {row.lost:>5} {row.doubled:>8} "
            f"{row.http_500:>9} {row.slowest:>7.2f}s"
        )
    total = Row(
        "all",
        *(sum(getattr(r, f) for r in rows) for f in ("events", "lost", "doubled", "http_500")),
        max(r.slowest for r in rows),
    )
    print(
        f"{'all':<38} {total.events:>6} {total.lost:>5} {total.doubled:>8} "
        f"{total.http_500:>9} {total.slowest:>7.2f}s"
    )


if __name__ == "__main__":
    main()
