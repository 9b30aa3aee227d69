"""The compose topology without Docker: deploy/nginx/default.conf in front of two gunicorn
app processes on one PostgreSQL, all on 127.0.0.1, then checks through nginx:

- requests reach both replicas; /healthz answers with the version and current migrations;
- a request id sent by the client (or made by nginx) is in the response, in nginx's access
  log and in the app's log lines, and every line both write is JSON;
- an admin signs in (CSRF on), moves between replicas, signs out, and the copied session
  cookie is refused by both replicas;
- a client's forged X-Forwarded-For is not believed: the audit log has nginx's view.

Run: .venv/bin/python deploy/smoke.py   (needs nginx on PATH and PostgreSQL;
TEST_DATABASE_URL as for the tests). Exits non-zero on the first failed check.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "smoke-test-passphrase"
START_CAP_SECONDS = 120
# As in the Dockerfile and the Procfile.
GUNICORN_ARGS = ["--worker-class", "gthread", "--threads", "4", "--preload",
                 "--logger-class", "dgr_ops.GunicornLogger"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_config(work: Path, ports: list[int], listen: int) -> Path:
    site = (ROOT / "deploy/nginx/default.conf").read_text()
    site = site.replace("server app-1:8000", f"server 127.0.0.1:{ports[0]}")
    site = site.replace("server app-2:8000", f"server 127.0.0.1:{ports[1]}")
    site = site.replace("listen 80 default_server", f"listen 127.0.0.1:{listen} default_server")
    site = site.replace("/var/log/nginx/access.log", str(work / "nginx-access.log"))
    (work / "site.conf").write_text(site)
    main = work / "nginx.conf"
    main.write_text(
        f"daemon off;\npid {work / 'nginx.pid'};\nerror_log {work / 'nginx-error.log'};\n"
        f"events {{}}\nhttp {{\n  client_body_temp_path {work};\n  proxy_temp_path {work};\n"
        f"  include {work / 'site.conf'};\n}}\n"
    )
    return main


class Stack:
    """PostgreSQL database, two gunicorn replicas and nginx; stopped by ``close``."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.database = f"dgr_smoke_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        self.processes: list[subprocess.Popen[bytes]] = []
        self.app_ports = [free_port(), free_port()]
        self.url = f"http://127.0.0.1:{free_port()}"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{self.database}",
            "SECRET_KEY": "smoke-secret",
            "PUBLIC_BASE_URL": self.url,
            "TRUSTED_PROXY_COUNT": "1",
        }

    def dgr(self, *args: str, stdin: str = "") -> None:
        command = [sys.executable, "-c", "from dgr import main; main()", *args]
        subprocess.run(command, cwd=ROOT, env=self.env, input=stdin.encode(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        self.dgr("init-db")
        self.dgr("load-knowledge")
        self.dgr("create-admin", "somchai", "--role", "admin", "--password-stdin",
                 stdin=PASSWORD + "\n")
        for index, port in enumerate(self.app_ports):
            log = (self.work / f"app-{index + 1}.log").open("w")
            command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                       "--workers", "1", *GUNICORN_ARGS, "dgr:create_app()"]
            self.processes.append(subprocess.Popen(command, cwd=ROOT, env=self.env,
                                                   stdout=log, stderr=subprocess.STDOUT))
        nginx = nginx_config(self.work, self.app_ports, int(self.url.rsplit(":", 1)[1]))
        self.processes.append(subprocess.Popen(["nginx", "-c", str(nginx)]))
        deadline = time.monotonic() + START_CAP_SECONDS
        while not all(self._up(f"http://127.0.0.1:{port}") for port in self.app_ports):
            if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                raise SystemExit(f"the stack did not start; logs in {self.work}")
            time.sleep(0.2)  # polling for the ports to answer: there is no event to wait on

    @staticmethod
    def _up(base: str) -> bool:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def close(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=15)
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def check(condition: bool, what: str) -> None:
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        raise SystemExit(1)


def json_lines(path: Path) -> list[dict]:
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            check(False, f"{path.name}: every line is JSON (not: {line[:120]!r})")
    return parsed


class Browser:
    """Cookies and CSRF tokens, through nginx; no redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def token(self, path: str) -> str:
        _, _, html = self.request(path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        check(match is not None, f"a CSRF token on {path}")
        return match.group(1) if match else ""


def run_checks(stack: Stack) -> None:
    browser = Browser(stack.url)
    for _ in range(10):
        status, headers, body = browser.request("/healthz")
    health = json.loads(body)
    check(status == 200 and health["migrations"]["state"] == "current",
          f"/healthz through nginx: version {health['version']}, migrations current")
    status, headers, _ = browser.request("/admin/login", headers={"X-Request-Id": "smoke-42"})
    check(headers.get("X-Request-Id") == "smoke-42", "the client's request id comes back")
    _, headers, _ = browser.request("/admin/login")
    made = headers.get("X-Request-Id", "")
    check(re.fullmatch(r"[0-9a-f]{32}", made) is not None, "nginx makes an id when none is sent")

    token = browser.token("/admin/login")
    status, headers, _ = browser.request(
        "/admin/login", {"username": "somchai", "password": PASSWORD, "csrf_token": token},
        headers={"X-Forwarded-For": "6.6.6.6"},
    )
    check(status == 302, "sign-in through nginx (CSRF on)")
    statuses = {browser.request("/admin/")[0] for _ in range(6)}
    check(statuses == {200}, "the session is valid on both replicas")
    cookie = next(c.value for c in browser.jar if c.name == "session")
    browser.request("/admin/logout", {"csrf_token": browser.token("/admin/")})
    replay = Browser(stack.url)
    replayed = {replay.request("/admin/", headers={"Cookie": f"session={cookie}"})[0]
                for _ in range(6)}
    check(replayed == {302}, "the copied cookie is refused by both replicas after sign-out")

    with psycopg.connect(stack.env["DATABASE_URL"]) as connection:
        address = connection.execute(
            "SELECT address FROM audit_log WHERE action = 'login' ORDER BY id DESC LIMIT 1"
        ).fetchone()
    check(address == ("127.0.0.1",), "a forged X-Forwarded-For is not believed (audit log)")

    access = json_lines(stack.work / "nginx-access.log")
    upstreams = {line["upstream"] for line in access}
    check(len(upstreams) == 2, f"nginx spread the requests over both replicas: {sorted(upstreams)}")
    app_lines = [line for index in (1, 2) for line in json_lines(stack.work / f"app-{index}.log")]
    ids = {line.get("request_id") for line in app_lines}
    check({"smoke-42", made} <= ids, "the app's log lines carry the request ids")
    check("smoke-42" in {line["request_id"] for line in access}, "so does nginx's access log")
    check(any(line["logger"].startswith("gunicorn") for line in app_lines),
          "gunicorn's own lines are JSON too")


def main() -> None:
    if shutil.which("nginx") is None:
        raise SystemExit("nginx is not installed (Debian: apt-get install nginx-light)")
    work = Path(tempfile.mkdtemp(prefix="dgr-smoke-"))
    stack = Stack(work)
    try:
        stack.start()
        run_checks(stack)
    finally:
        stack.close()
    shutil.rmtree(work)
    print("deploy smoke test passed")


if __name__ == "__main__":
    main()
