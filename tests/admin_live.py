"""A real server for end-to-end tests: gunicorn in a subprocess on a test database.

Used by the two-process test and the browser tests; the config is the production one
(CSRF on, cookies from PUBLIC_BASE_URL), read from the environment as `make run` does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A cap, not an expectation: the wait ends as soon as /healthz answers, or at once when the
# server exits. On a loaded machine gunicorn and the app's imports can take a while.
START_CAP_SECONDS = 300.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class LiveServer:
    """gunicorn (one worker) on a free port with the given database."""

    def __init__(
        self, database_url: str, log_path: Path, extra_env: Mapping[str, str] | None = None
    ) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "live-test-secret",
            "PUBLIC_BASE_URL": self.url,
            **(extra_env or {}),
        }
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", "1", "dgr:create_app()"]
        self._log = log_path.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_CAP_SECONDS
        while not _healthy(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")
            time.sleep(0.1)  # polling for the port to answer; there is no event to wait on

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


@contextmanager
def live_servers(
    database_url: str, log_dir: Path, count: int = 1, extra_env: Mapping[str, str] | None = None
) -> Iterator[list[str]]:
    """Start ``count`` servers on one database side by side; yield their base URLs."""
    servers: list[LiveServer] = []
    try:
        for index in range(count):
            servers.append(LiveServer(database_url, log_dir / f"server{index}.log", extra_env))
        for server in servers:
            server.wait_until_ready()
        yield [server.url for server in servers]
    finally:
        for server in servers:
            server.stop()
