"""Webhook throughput and latency: the bot vs a minimal line-bot-sdk echo bot.

N simulated users (default 20) each complete a whole assessment against gunicorn +
PostgreSQL + a fake LINE API, tapping the buttons the bot sent them. In the same run the
same number of events per user goes to an echo bot written with line-bot-sdk. Prints
events/s and p50/p99 webhook latency for both and their ratio.

Run: make bench-webhook   (needs PostgreSQL; BENCH_DATABASE_URL or the local test server)
Target: ≥ 50 % of the echo bot's throughput and p99 < 200 ms at 20 concurrent users.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.chat.postbacks import (  # noqa: E402
    AnswerTap,
    ChooseType,
    ConfirmItems,
    ItemTap,
    decode,
    encode,
)
from knowledge.loader import shipped_catalog  # noqa: E402
from scoring.questionnaire import steps_for  # noqa: E402

SECRET = "bench-channel-secret"
EXAMPLE = json.loads((ROOT / "examples" / "report-2565-legal-execution.json").read_text("utf-8"))
ANSWERS: dict = EXAMPLE["answers"]
STEPS = steps_for(shipped_catalog().current.framework, None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    name = f"dgr_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int, threads: int) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--preload",
            "--log-level",
            "warning",
            app,
        ],
        # The bot runs with gunicorn.conf.py as the Procfile does (warm-up, outbox sender);
        # the echo bot from bench/, where gunicorn finds no config to load.
        cwd=ROOT if app.startswith("dgr") else ROOT / "bench",
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn {app} exited with {process.returncode}")
        try:
            urllib.request.urlopen(base + "/healthz" if "dgr" in app else base + "/", timeout=1)
            break
        except urllib.error.HTTPError:
            break  # the server answers (404/405 on the echo bot): it is up
        except OSError:
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def servers(app: str, env: dict[str, str], args: argparse.Namespace) -> Iterator[list[str]]:
    """``--processes`` gunicorn instances on their own ports (each with its workers), as
    several hosts behind a load balancer would run on one PostgreSQL."""
    with ExitStack() as stack:
        yield [
            stack.enter_context(gunicorn(app, env, args.workers, args.threads))
            for _ in range(args.processes)
        ]


class User:
    """One official: sends events, reads what the fake LINE received, taps those buttons."""

    def __init__(self, number: int, base: str, line_url: str) -> None:
        self.number = number
        self.user_id = "U" + f"{number:032x}"
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.line_url = line_url
        self.latencies: list[float] = []

    def send(self, event: dict) -> None:
        event = {
            "webhookEventId": uuid.uuid4().hex.upper()[:26],
            "deliveryContext": {"isRedelivery": False},
            "timestamp": int(time.time() * 1000),
            "mode": "active",
            "source": {"type": "user", "userId": self.user_id},
            "replyToken": f"{self.user_id}:{uuid.uuid4().hex}",
            **event,
        }
        body = json.dumps({"destination": "U0", "events": [event]}, ensure_ascii=False).encode()
        signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest())
        headers = {"Content-Type": "application/json", "X-Line-Signature": signature.decode()}
        # A new connection per event, as LINE's deliveries may come; http.client rather
        # than urllib keeps the simulated users' own CPU use small.
        start = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("POST", "/callback", body, headers)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"webhook answered {response.status}")
        self.latencies.append(time.perf_counter() - start)

    def say(self, text: str) -> None:
        self.send(
            {
                "type": "message",
                "message": {"type": "text", "id": "1", "text": text, "quoteToken": "q"},
            }
        )

    def tap(self, data: str) -> None:
        self.send({"type": "postback", "postback": {"data": data}})

    def last(self, wait: bool = True) -> list[dict]:
        """The messages of the last send to this user; with ``wait``, once every event so
        far is answered (the bot sends after its webhook has answered)."""
        deadline = time.perf_counter() + 30
        while True:
            url = f"{self.line_url}/bench/last/{self.user_id}"
            with urllib.request.urlopen(url) as response:
                last = json.loads(response.read())
            if not wait or last["count"] >= len(self.latencies) or time.perf_counter() > deadline:
                return last["messages"]
            time.sleep(0.005)

    def postbacks(self) -> list[str]:
        found: list[str] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                action = node.get("action")
                if isinstance(action, dict) and action.get("type") == "postback":
                    found.append(action["data"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.last())
        return found

    def assess(self) -> int:
        """A whole assessment, tapping the buttons the bot sends (the assessment id is read
        once from the first question; then questions come in the framework's order)."""
        self.send({"type": "follow"})
        self.say("เริ่มประเมิน")
        self.tap(encode(ChooseType("service")))
        # A number of its own: names that differ in a number are never offered as the same
        # agency ("หมายถึง … ใช่ไหมครับ").
        self.say(f"หน่วยงานทดสอบที่ {self.number}")
        self.say("กระทรวงยุติธรรม")  # a new agency: its ministry
        self.say("ประเมินทุกตัวชี้วัด")
        tapped = [decode(data) for data in self.postbacks()]
        a = next(p.assessment_id for p in tapped if isinstance(p, AnswerTap | ItemTap))
        for step in STEPS:
            q = step.question.id
            answer = ANSWERS[q]
            if isinstance(answer, list):
                for item in answer:
                    self.tap(encode(ItemTap(a, q, item, True)))
                self.tap(encode(ConfirmItems(a, q)))
            elif isinstance(answer, int | float):
                duration = getattr(step.question, "unit", None) == "duration"
                self.say(str(answer / 3600 if duration else answer))  # durations as hours
            else:
                self.tap(encode(AnswerTap(a, q, str(answer))))
        return len(self.latencies)

    def echo(self, count: int) -> None:
        for number in range(count):
            self.say(f"ข้อความที่ {number}")


def _sends(line_url: str) -> int:
    with urllib.request.urlopen(f"{line_url}/bench/sends") as response:
        return int(response.read())


def run(users: list[User], work: str, counts: list[int] | None = None) -> float:
    """Seconds until every event was answered and what it sends reached the fake LINE: the
    echo bot's every reply, the bot's result card to every user (the bot sends after its
    webhook has answered; the echo bot before)."""
    line_url = users[0].line_url
    sent_before = _sends(line_url)
    threads = [
        threading.Thread(target=(u.assess if work == "assess" else lambda u=u, n=n: u.echo(n)))
        for u, n in zip(users, counts or [0] * len(users), strict=True)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    events = sum(len(u.latencies) for u in users)

    def delivered() -> bool:
        if work == "assess":  # not every tap is answered (a ticked item is not re-sent)
            return all(_finished(u) for u in users)
        return _sends(line_url) - sent_before >= events

    deadline = time.perf_counter() + 60
    while not delivered() and time.perf_counter() < deadline:
        time.sleep(0.01)
    return time.perf_counter() - start


def report(name: str, users: list[User], seconds: float) -> tuple[float, float, float]:
    latencies = sorted(lat for u in users for lat in u.latencies)
    events = len(latencies)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    rate = events / seconds
    print(
        f"{name:>9}: {events} events in {seconds:.1f} s = {rate:.0f} events/s; "
        f"latency p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )
    return rate, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="app instances on their own ports sharing the database (users spread over them)",
    )
    parser.add_argument(
        "--line-closes-connections",
        action="store_true",
        help="the fake LINE API answers HTTP/1.0 and closes every connection",
    )
    parser.add_argument(
        "--line-delay",
        type=float,
        default=0.0,
        help="seconds the fake LINE API takes to answer each reply and push (a slow LINE)",
    )
    args = parser.parse_args()
    admin_url = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    port = free_port()
    line = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.fake_line_server",
            str(port),
            *(["--close"] if args.line_closes_connections else []),
            f"--delay={args.line_delay}",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    line_url = line.stdout.readline().strip() if line.stdout else ""
    env = {
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": "bench-token",
        "LINE_API_BASE_URL": line_url,
        "LINE_API_DATA_BASE_URL": line_url,
        "SECRET_KEY": "bench",
        # As gunicorn's own --log-level warning: no access line per request (the echo bot
        # writes none either).
        "LOG_LEVEL": "WARNING",
    }
    print(
        f"{args.users} concurrent users; {args.processes} × gunicorn {args.workers} workers × "
        f"{args.threads} "
        f"threads (gthread, preloaded); PostgreSQL; fake LINE API in its own process "
        f"({'closes connections' if args.line_closes_connections else 'keep-alive'}"
        f"{f', answers after {args.line_delay:g} s' if args.line_delay else ''}); "
        f"{args.rounds} alternating rounds, medians reported"
    )
    bot_rounds, echo_rounds = [], []
    with fresh_database(admin_url) as database_url:
        env["DATABASE_URL"] = database_url
        for command in (["init-db"], ["load-knowledge"]):
            subprocess.run(
                [sys.executable, "-c", "import dgr; dgr.main()", *command],
                cwd=ROOT,
                env={**os.environ, **env},
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        for number in range(args.rounds):
            with servers("dgr:create_app()", env, args) as bases:
                bot_users = [
                    User(number * 1000 + n, bases[n % len(bases)], line_url)
                    for n in range(args.users)
                ]
                bot_seconds = run(bot_users, "assess")
            completed = sum(1 for u in bot_users if _finished(u))
            with servers("bench.echo_bot:app", env, args) as bases:
                echo_users = [
                    User(900_000 + number * 1000 + n, bases[n % len(bases)], line_url)
                    for n in range(args.users)
                ]
                echo_seconds = run(echo_users, "echo", [len(u.latencies) for u in bot_users])
            print(f"round {number + 1}: assessments completed {completed}/{args.users}")
            bot_rounds.append(report("bot", bot_users, bot_seconds))
            echo_rounds.append(report("echo bot", echo_users, echo_seconds))
    line.terminate()
    line.wait(timeout=10)
    bot = [statistics.median(values) for values in zip(*bot_rounds, strict=True)]
    echo = [statistics.median(values) for values in zip(*echo_rounds, strict=True)]
    # Each round runs the bot and then the echo bot moments apart, so a round's ratio is
    # the least affected by the machine's speed drifting between rounds.
    ratios = [b[0] / e[0] for b, e in zip(bot_rounds, echo_rounds, strict=True)]
    print(
        f"median of {args.rounds} rounds: bot {bot[0]:.0f} events/s, p50 {bot[1]:.1f} ms, "
        f"p99 {bot[2]:.1f} ms; echo bot {echo[0]:.0f} events/s, p50 {echo[1]:.1f} ms, "
        f"p99 {echo[2]:.1f} ms"
    )
    print(
        f"throughput ratio bot/echo: {statistics.median(ratios):.0%} median of the rounds' "
        f"ratios ({', '.join(f'{r:.0%}' for r in ratios)}) (target ≥ 50%); "
        f"bot p99 {bot[2]:.1f} ms (target < 200 ms)"
    )


def _finished(user: User) -> bool:
    return any(
        m.get("type") == "flex" and "ผลการประเมิน" in m.get("altText", "")
        for m in user.last(wait=False)
    )


if __name__ == "__main__":
    main()
