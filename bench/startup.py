"""Start-up figures (issue 16), median of N runs (default 5) each:

- ``make run`` until ``/healthz`` answers, on a checkout that is already set up;
- ``dgr init-db`` when the database is at head;
- ``dgr load-knowledge`` when the data has not changed;
- ``dgr create-admin`` until it asks for the password;
- the first Q&A answer (a signed text-message webhook) after the workers start;
- worker memory after that answer (RSS, and the private part that is the worker's own).

It runs another checkout's code too, through that checkout's own ``.venv`` and Makefile
(only the standard library and bench/fake_line_server.py are imported here), so the same
script measures before and after:

    .venv/bin/python bench/startup.py [--checkout PATH] [--runs 5] [--database-url URL]

Targets: make run < 5 s; init-db and load-knowledge < 1.5 s; first answer < 300 ms.
The machine has two cores that other work shares: the load average is printed, and so is
the CPU time of each start (user + system, of make and everything below it until /healthz
answers), which a busy machine stretches far less than the wall time.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import pty
import resource
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fake_line_server import FakeLine  # noqa: E402
from bench.processes import stop, tree_cpu, worker_memory  # noqa: E402

SECRET = "bench-channel-secret"
QUESTION = "ธรรมาภิบาลข้อมูลหมายถึงอะไร"
TARGETS = {"make run": 5.0, "init-db": 1.5, "load-knowledge": 1.5, "first answer": 0.3}
START_TIMEOUT = 180.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Checkout:
    """One checkout's commands, run with its own virtualenv against one database."""

    def __init__(self, path: Path, database_url: str, line_url: str) -> None:
        self.path = path
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-secret-key",
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": "bench-token",
            "LINE_API_BASE_URL": line_url,
        }

    def dgr(self, *args: str) -> tuple[float, float]:
        """(wall seconds, CPU seconds) of one command."""
        cpu, started = children_cpu(), time.perf_counter()
        subprocess.run(
            [str(self.path / ".venv" / "bin" / "dgr"), *args],
            cwd=self.path,
            env=self.env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started, children_cpu() - cpu

    def to_password_prompt(self) -> tuple[float, float]:
        """``dgr create-admin`` on a terminal, until it prints its password prompt."""
        primary, secondary = pty.openpty()
        cpu, started = children_cpu(), time.perf_counter()
        process = subprocess.Popen(
            [str(self.path / ".venv" / "bin" / "dgr"), "create-admin", "bench-admin"],
            cwd=self.path,
            env=self.env,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            start_new_session=True,
        )
        os.close(secondary)
        seen = b""
        try:
            while b"Password" not in seen:
                ready, _, _ = select.select([primary], [], [], START_TIMEOUT)
                if not ready:
                    raise TimeoutError("create-admin never asked for a password")
                seen += os.read(primary, 4096)
            elapsed = time.perf_counter() - started
        finally:
            process.kill()
            process.wait()
            os.close(primary)
        return elapsed, children_cpu() - cpu

    def start_service(self, port: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}"],
            cwd=self.path,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


def wait_for_health(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"make run exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)  # polling the port: there is no event to wait on
    raise TimeoutError("/healthz did not answer")


def ask(port: int, fake: FakeLine) -> float:
    """One signed text-message event from a new user; seconds until the webhook's 200."""
    user = "U" + uuid.uuid4().hex
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "webhookEventId": uuid.uuid4().hex,
        "deliveryContext": {"isRedelivery": False},
        "source": {"type": "user", "userId": user},
        "replyToken": f"{user}-reply",
        "message": {"type": "text", "id": "1", "quoteToken": "q", "text": QUESTION},
    }
    body = json.dumps({"destination": "Ubench", "events": [event]}).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest())
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/callback",
        data=body,
        headers={"Content-Type": "application/json", "X-Line-Signature": signature.decode()},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=START_TIMEOUT) as response:
        assert response.status == 200
    elapsed = time.perf_counter() - started
    if not fake.last_messages(user):
        raise RuntimeError("the bot answered the webhook but sent LINE no reply")
    return elapsed


def serve_once(checkout: Checkout, fake: FakeLine, figures: dict[str, list[float]]) -> None:
    port = free_port()
    started = time.perf_counter()
    process = checkout.start_service(port)
    try:
        wait_for_health(port, process)
        figures["make run"].append(time.perf_counter() - started)
        figures["make run CPU"].append(tree_cpu(process.pid))
        figures["first answer"].append(ask(port, fake))
        rss, private = worker_memory(process.pid)
        figures["worker RSS MiB"].append(rss)
        figures["worker private MiB"].append(private)
    finally:
        stop(process)


def measure(checkout: Checkout, fake: FakeLine, runs: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {
        name: []
        for name in (
            "make run",
            "make run CPU",
            "init-db",
            "init-db CPU",
            "load-knowledge",
            "load-knowledge CPU",
            "create-admin prompt",
            "create-admin prompt CPU",
            "first answer",
            "worker RSS MiB",
            "worker private MiB",
        )
    }
    commands: dict[str, Callable[[], tuple[float, float]]] = {
        "init-db": lambda: checkout.dgr("init-db"),
        "load-knowledge": lambda: checkout.dgr("load-knowledge"),
        "create-admin prompt": checkout.to_password_prompt,
    }
    for run in range(runs):
        serve_once(checkout, fake, figures)
        for name, command in commands.items():
            wall, cpu = command()
            figures[name].append(wall)
            figures[f"{name} CPU"].append(cpu)
        print(f"  run {run + 1}/{runs} done, load {load()}", file=sys.stderr)
    return figures


def report(figures: dict[str, list[float]]) -> None:
    for name, values in figures.items():
        median = statistics.median(values)
        unit = "" if "MiB" in name else " s"
        shown = " ".join(f"{v:.2f}" if unit else f"{v:.0f}" for v in values)
        target = TARGETS.get(name)
        verdict = "" if target is None else (" ok" if median < target else f" over {target} s")
        print(f"{name:<24} median {median:8.3f}{unit}  ({shown}){verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    options = parser.parse_args()
    fake = FakeLine()
    threading.Thread(target=fake.server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
        checkout = Checkout(options.checkout.resolve(), url, fake.url)
        print(f"checkout {checkout.path} ({url}); load before {load()}")
        # Set the checkout up once (database, framework data) as `make run` does.
        checkout.dgr("init-db")
        checkout.dgr("load-knowledge")
        figures = measure(checkout, fake, options.runs)
    print(f"load after {load()}")
    report(figures)
    fake.server.shutdown()


if __name__ == "__main__":
    main()
