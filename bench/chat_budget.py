"""What a whole assessment costs in the chat: events sent, and bytes of messages the bot
sends back, as an official who ticks about half of every checklist would see them.

The official taps the buttons the bot sent (rows of the checklist as first shown, then
"ยืนยัน"), types numbers, and answers yes/no and choices by button. Bytes are the bodies
the bot posted to the (fake) LINE API. Run: python bench/chat_budget.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bot_support import Chat, make_bot_app  # noqa: E402
from tests.line_fake import FakeLineApi  # noqa: E402


def _sync(app: Any) -> None:
    from storage.flask_ext import catalog, database
    from storage.knowledge_sync import sync_knowledge

    with app.app_context(), database().session() as session:
        sync_knowledge(session, catalog())


def _rows(message: dict[str, Any]) -> list[str]:
    """The postback data of a checklist's rows (the boxes with a "เลือก" action)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            action = node.get("action")
            if node.get("type") == "box" and isinstance(action, dict) and "data" in action:
                found.append(action["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message)
    return found


class Official(Chat):
    def __init__(self, app: Any, line: FakeLineApi, typed: bool) -> None:
        super().__init__(app, line)
        self.events = 0
        self.tap_bytes: list[int] = []
        self.typed = typed  # picks checklist items by typing their numbers ("1 3 5")

    def send(self, *events: dict[str, Any]) -> list[dict[str, Any]]:
        self.events += len(events)
        return super().send(*events)

    def answer_shown(self) -> bool:
        """Answer the question in the last messages; False when there is none."""
        last = self.last[-1] if self.last else {}
        rows = _rows(last)
        if rows and self.typed:
            self.say(" ".join(str(n) for n in range(1, len(rows) + 1, 2)))
            self.press("ยืนยัน")
            return True
        if rows:
            for data in rows[::2]:  # about half of the items
                sent_before = len(self.line.requests())
                self.tap(data)
                self.tap_bytes.append(_bytes(self.line.requests()[sent_before:]))
            self.press("ยืนยัน")
            return True
        labels = [b.get("label", "") for b in self.buttons()]
        if "ใช่" in labels:
            self.press("ใช่")
        elif any("กรุณาพิมพ์" in t for t in self.texts(self.last)):
            self.say("3")
        elif self.current_question() is not None:
            self.tap(next(b["data"] for b in self.buttons() if b.get("type") == "postback"))
        else:
            return False
        return True


def _bytes(requests: list[Any]) -> int:
    sends = [r for r in requests if r.path in ("/v2/bot/message/reply", "/v2/bot/message/push")]
    return sum(len(r.raw) for r in sends)


def run(typed: bool) -> tuple[Official, int]:
    line = FakeLineApi()
    line.start()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/budget.sqlite3"
        from storage.migrate import upgrade

        upgrade(url)
        app = make_bot_app(url, line)
        _sync(app)
        official = Official(app, line, typed)
        official.start()
        for _ in range(200):
            if not official.answer_shown():
                break
        sent = _bytes(line.requests())
    line.stop()
    return official, sent


def main() -> None:
    for typed in (False, True):
        official, sent = run(typed)
        how = "typing item numbers" if typed else "tapping items"
        print(f"one whole assessment, about half of every checklist ticked by {how}:")
        print(f"  events sent by the official: {official.events}")
        per_event = sent // max(1, official.events)
        print(f"  bytes the bot sent: {sent:,} in all, {per_event:,} per event")
        if official.tap_bytes:
            taps = official.tap_bytes
            print(
                f"  item taps: {len(taps)}; bytes per item tap: median "
                f"{statistics.median(taps):,.0f}, max {max(taps):,} (target ≤ 1,024)"
            )


if __name__ == "__main__":
    main()
