"""What an official's walk through the bot found, kept fixed: the next steps read in the
order they are ranked, one rule for a fractional level, Thai before English, whole words
on buttons, menus that fit the user's state and refusals that say what to do instead
(through the chat machine, no HTTP)."""

from __future__ import annotations

import random
import re

import pytest

from bot import texts
from bot.chat.postbacks import ChooseType
from bot.chat.turn import Decision, Tap, Text
from bot.result_messages import gain_text
from storage.assessments import encode_answer
from tests.answer_sets import random_answers
from tests.chat_world import World
from tests.frameworks import FRAMEWORK


def _texts(decision: Decision) -> list[str]:
    return [m.get("text") or m.get("altText", "") for m in decision.messages]


def _labels(decision: Decision) -> list[str]:
    items = decision.messages[-1].get("quickReply", {}).get("items", [])
    return [item["action"]["label"] for item in items]


def _finished(answers: dict) -> tuple[World, Decision]:
    """A whole-framework assessment answered with ``answers`` and finished."""
    world = World(agency_type="service", agency_name="กรมทดสอบ")
    world.send(Text(texts.START))
    world.send(Tap(ChooseType("service")))
    world.send(Text("กรมทดสอบ"))
    world.send(Text(texts.WHOLE_FRAMEWORK))
    stored = world.assessments[max(world.assessments)]
    stored.answers.update({q: encode_answer(v) for q, v in answers.items()})
    return world, world.send(Text(texts.RESUME))


# --- 1. next steps: the figure shown first is the one they are ranked by ---------------


@pytest.mark.parametrize("seed", [1, 3, 5, 9, 11])
def test_next_steps_show_the_figure_they_are_ranked_by_with_its_unit(seed: int) -> None:
    _, decision = _finished(random_answers(FRAMEWORK, random.Random(seed)))
    steps = next(t for t in _texts(decision) if t.startswith("สิ่งที่ควรทำต่อ"))
    shown = [float(f) for f in re.findall(r"^\s+\+(\d+\.\d) คะแนน", steps, re.MULTILINE)]
    assert len(shown) == steps.count("\n\n")  # one figure per step
    assert shown == sorted(shown, reverse=True)
    assert re.findall(r"\+[\d.]+(?![\d.]| คะแนน)", steps) == []  # every gain has its unit


def test_a_step_of_several_items_shows_the_gain_per_item_and_the_effort() -> None:
    assert gain_text(7.5, 3) == "+2.5 คะแนนต่อเรื่อง (ทำเพิ่ม 3 เรื่อง รวม +7.5 คะแนน)"
    assert gain_text(25.0, 1) == "+25.0 คะแนน (ทำเพิ่ม 1 เรื่อง)"
