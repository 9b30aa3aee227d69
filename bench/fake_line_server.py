"""A fast fake LINE Messaging API for benchmarks: accepts reply/push/loading calls and keeps
the last messages per user so simulated users can tap the buttons they were sent
(GET /bench/last/<userId>). Runs as its own process: python -m bench.fake_line_server PORT"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeLine:
    def __init__(self, port: int = 0) -> None:
        self.lock = threading.Lock()
        self.calls = 0
        self.last_messages: dict[str, list[dict[str, Any]]] = {}
        # reply tokens are opaque to LINE; the bench encodes the user id into them.
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeLine:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                user = self.path.rsplit("/", 1)[-1]
                with fake.lock:
                    reply = json.dumps(fake.last_messages.get(user, [])).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                payload = json.loads(body or b"{}")
                user = payload.get("to") or str(payload.get("replyToken", "")).split(":")[0]
                with fake.lock:
                    fake.calls += 1
                    if payload.get("messages"):
                        fake.last_messages[user] = payload["messages"]
                sent = [
                    {"id": str(i), "quoteToken": "q"}
                    for i, _ in enumerate(payload.get("messages") or [{}])
                ]
                reply = json.dumps({"sentMessages": sent}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        return Handler


if __name__ == "__main__":
    import sys

    server = FakeLine(int(sys.argv[1]))
    print(server.url, flush=True)
    server.server.serve_forever()
