"""Driving a team assessment through the webhook: invitations, joining, assigning."""

from __future__ import annotations

import re
from typing import Any

from bot import texts
from bot.chat.postbacks import AnswerTap, ConfirmItems, ItemTap, decode, encode
from scoring.questionnaire import steps_for
from tests.bot_support import Chat
from tests.frameworks import FRAMEWORK

_CODE = re.compile(r"รหัสเชิญเข้าทีมประเมินของ .+?: ([A-Z0-9]{6})")


def invite(coordinator: Chat, name: str | None = None) -> str:
    """The coordinator asks for an invitation (giving their name when asked); the code."""
    reply = coordinator.say(texts.INVITE)
    if name is not None and any(texts.ASK_DISPLAY_NAME in t for t in coordinator.texts(reply)):
        reply = coordinator.say(name)
    for line in coordinator.texts(reply):
        found = _CODE.search(line)
        if found:
            return found.group(1)
    raise AssertionError(f"no invitation in {coordinator.texts(reply)}")


def join(member: Chat, code: str, name: str) -> list[dict[str, Any]]:
    confirm = member.say(f"เข้าร่วม {code}")
    assert any("ใช่หรือไม่" in t for t in member.texts(confirm)), member.texts(confirm)
    asked = member.press(texts.CONFIRM_JOIN)
    if any(texts.ASK_DISPLAY_NAME in t for t in member.texts(asked)):
        return member.say(name)
    return asked


def assign(coordinator: Chat, member_name: str, pillar_number: int) -> list[dict[str, Any]]:
    coordinator.say(texts.ASSIGN)
    coordinator.press(member_name)
    button = next(
        b for b in coordinator.buttons() if b.get("label", "").startswith(f"{pillar_number} ")
    )
    return coordinator.tap(button["data"])


def pillar_questions(pillar_id: str) -> list[str]:
    return [step.question.id for step in steps_for(FRAMEWORK, [pillar_id])]


def answer_while(chat: Chat, answers: dict[str, Any], wanted: set[str]) -> list[str]:
    """Answer the questions asked while they are among ``wanted``; the ids answered."""
    done: list[str] = []
    while True:
        question = chat.current_question()
        if question is None or question["q"] not in wanted:
            return done
        chat.answer(answers[question["q"]])
        done.append(question["q"])


def current_answer_taps(chat: Chat) -> list[AnswerTap | ItemTap | ConfirmItems]:
    taps = []
    for action in chat.buttons():
        if action.get("type") == "postback":
            postback = decode(action["data"])
            if isinstance(postback, AnswerTap | ItemTap | ConfirmItems):
                taps.append(postback)
    return taps


def tick_and_confirm(chat: Chat, item: str) -> list[dict[str, Any]]:
    question = chat.current_question()
    assert question is not None
    chat.tap(encode(ItemTap(question["a"], question["q"], item, True)))
    return chat.tap(encode(ConfirmItems(question["a"], question["q"])))


def issue_count(pillar_id: str) -> int:
    return len({step.issue.id for step in steps_for(FRAMEWORK, [pillar_id])})


def answer_carried(
    chat: Chat, answers: dict[str, Any], carried: dict[str, Any], limit: int = 120
) -> list[dict[str, Any]]:
    """Go through an assessment started from last time's answers (``carried``): confirm
    each that stays, change the others (a checklist starts ticked as last time)."""
    for _ in range(limit):
        question = chat.current_question()
        if question is None:
            return chat.last
        a, q = question["a"], question["q"]
        wanted, before = answers[q], carried.get(q)
        if isinstance(wanted, list):
            for item in sorted(set(wanted) ^ set(before or [])):
                chat.tap(encode(ItemTap(a, q, item, item in wanted)))
            chat.tap(encode(ConfirmItems(a, q)))
        elif wanted == before:
            chat.press(texts.CONFIRM_CARRIED)
        else:
            chat.answer(wanted)
    raise AssertionError("the assessment did not finish")
