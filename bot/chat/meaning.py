"""Free-text questions ("GDX คืออะไร", "ข้อนี้หมายถึงอะไร") in the middle of anything."""

from __future__ import annotations

from collections.abc import Sequence

from bot import qa, texts
from bot.chat import menus
from bot.chat.asking import ask, current_step
from bot.chat.states import Asking, State
from bot.chat.turn import Decision, Message
from bot.chat.view import ChatView
from bot.messages import say, text
from scoring.model import CriteriaType, Issue
from scoring.rules import criteria_type_for


def answer_question(
    view: ChatView, typed: str, current_issue: Issue | None = None
) -> list[Message] | None:
    """The Q&A's reply, or None when nothing credible is found while a question is asked."""
    return qa.answer(view.search_index(), typed, current_issue, _criteria_type(view))


def then_current_question(state: State, view: ChatView, reply: Sequence[Message]) -> Decision:
    """After a definition in the middle of an assessment, offer the same question again.

    A "หมายถึงข้อใด" choice stays the last message (LINE shows only the last message's
    quick replies); its buttons lead to a definition, and the question comes back then."""
    messages = list(reply)
    if messages and messages[-1].get("text", "").startswith(qa.CHOOSE_PREFIXES):
        last = dict(messages[-1])
        items = last.get("quickReply", {}).get("items", [])
        if view.in_progress is not None:  # "ประเมินต่อ" only when there is something to resume
            last["quickReply"] = {"items": [*items, say(texts.RESUME)]}
        return Decision((*messages[:-1], last), state, menu=None if items else menus.MAIN)
    info = view.in_progress
    if not isinstance(state, Asking) or info is None:
        return Decision(tuple(messages), state, menu=menus.MAIN)
    step = current_step(state, view, info)
    if step is None:
        return Decision(tuple(messages), state, menu=menus.MAIN)
    again = ask(view, info, step, state=state)
    combined = [*messages[:3], text(texts.AFTER_ANSWER_TO_QUESTION), *again.messages][:5]
    return Decision(tuple(combined), again.state)


def free_text(state: State, view: ChatView, typed: str) -> Decision:
    reply = answer_question(view, typed)
    return Decision(tuple(reply or [text(texts.UNKNOWN_INPUT)]), state, menu=menus.MAIN)


def show_entry(state: State, view: ChatView, entry_id: str) -> Decision:
    return then_current_question(state, view, qa.show_entry(view.search_index(), entry_id))


def show_levels(state: State, view: ChatView, issue_id: str) -> Decision:
    levels = qa.show_levels(view.search_index(), issue_id, _criteria_type(view))
    return then_current_question(state, view, levels)


def show_more(state: State, view: ChatView, entry_id: str) -> Decision:
    more = qa.show_more(view.search_index(), entry_id, _criteria_type(view))
    return then_current_question(state, view, more)


def _criteria_type(view: ChatView) -> CriteriaType | None:
    """The official's criteria type (12 vs 9 guidelines in P1.DP.1), when known."""
    info = view.in_progress
    agency_type = info.agency_type if info else view.agency_type
    return criteria_type_for(agency_type) if agency_type else None  # type: ignore[arg-type]
