"""A chat that respects the official's time: ticking a checklist item costs a short reply
(≤ 1 KB), never the whole checklist again (through signed webhooks)."""

from __future__ import annotations

from bench.chat_budget import Official
from tests.bot_support import Chat


def test_a_whole_assessment_costs_at_most_1_kb_per_item_tap(chat: Chat):
    official = Official(chat.app, chat.line, typed=False)
    official.start()
    for _ in range(200):
        if not official.answer_shown():
            break
    assert any(m.get("altText", "").startswith("ผลการประเมิน") for m in official.last)
    assert len(official.tap_bytes) > 20
    assert max(official.tap_bytes) <= 1024
