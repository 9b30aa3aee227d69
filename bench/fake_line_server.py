"""A fast fake LINE Messaging API for benchmarks: accepts reply/push/loading calls and keeps
the last request body per user so simulated users can tap the buttons they were sent
(GET /bench/last/<userId>), and counts the replies and pushes (GET /bench/sends).
Runs as its own process: python -m bench.fake_line_server PORT [--close] [--delay=SECONDS]

It shares the machine's two cores with the bots it measures, so a POST does as little as
it can: the body is kept as bytes and decoded only when a simulated user reads it. The
request contract is checked by the test suite's fake (tests/line_fake), not here.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Reply tokens are opaque to LINE; the bench puts the user id in front of them.
_USER = re.compile(rb'"(?:to|replyToken|chatId)"\s*:\s*"(U[0-9a-f]{32})')
_SENT = json.dumps({"sentMessages": [{"id": "1", "quoteToken": "q"}]}).encode()


class FakeLine:
    def __init__(self, port: int = 0, keep_alive: bool = True, delay: float = 0.0) -> None:
        self.lock = threading.Lock()
        self.delay = delay  # seconds before a reply or push is taken (a slow LINE API)
        self.last_bodies: dict[str, bytes] = {}
        self.sends = 0  # replies and pushes received
        self.sends_to: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler(keep_alive))
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def last_messages(self, user: str) -> dict[str, Any]:
        """How many sends reached ``user``, and the messages of the last one."""
        with self.lock:
            body, count = self.last_bodies.get(user), self.sends_to.get(user, 0)
        return {"count": count, "messages": json.loads(body).get("messages", []) if body else []}

    def _handler(self, keep_alive: bool) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # LINE's API servers keep connections open (HTTP/1.1); HTTP/1.0 closes each.
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path == "/bench/sends":
                    with fake.lock:
                        self._send(str(fake.sends).encode())
                    return
                user = self.path.rsplit("/", 1)[-1]
                self._send(json.dumps(fake.last_messages(user)).encode())

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if fake.delay:
                    time.sleep(fake.delay)
                found = _USER.search(body)
                if found and b'"messages"' in body:
                    with fake.lock:
                        user = found.group(1).decode()
                        fake.last_bodies[user] = body
                        fake.sends_to[user] = fake.sends_to.get(user, 0) + 1
                        fake.sends += 1
                self._send(_SENT)

        return Handler


if __name__ == "__main__":
    import sys

    options = sys.argv[2:]
    delays = [float(o.split("=", 1)[1]) for o in options if o.startswith("--delay=")]
    server = FakeLine(int(sys.argv[1]), "--close" not in options, delays[-1] if delays else 0.0)
    print(server.url, flush=True)
    server.server.serve_forever()
