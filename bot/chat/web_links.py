"""The chat's ways into the web view: "ดู/แก้ไขคำตอบ" sends a button that opens the
answers of the assessment under way (or of the latest finished one); "ยกเลิกลิงก์"
refuses every link sent so far and every share link."""

from __future__ import annotations

from bot import texts
from bot.chat import menus
from bot.chat.states import Asking, State
from bot.chat.turn import Decision, Message, RevokeWebLinks
from bot.chat.view import ChatView
from bot.messages import say, text, with_quick_replies
from bot.result_card import link_message

LINK_DAYS = 7  # bot.web.tokens.LINK_DAYS (the chat machine does not import the web view)


def _reply(state: State, view: ChatView, message: Message, effects: tuple = ()) -> Decision:
    """While a question is asked, the question stays current and "ประเมินต่อ" is offered."""
    if isinstance(state, Asking) and view.in_progress is not None:
        return Decision(tuple(with_quick_replies([message], [say(texts.RESUME)])), state, effects)
    return Decision((message,), state, effects, menu=menus.MAIN)


def send_web_link(state: State, view: ChatView) -> Decision:
    under_way = view.in_progress
    if under_way is not None:
        assessment_id, wording = under_way.id, texts.WEB_LINK_IN_PROGRESS
    else:
        latest = view.finished(limit=1)
        if not latest:
            return Decision((text(texts.NO_ASSESSMENT_FOR_WEB),), state, menu=menus.NO_RESULT)
        assessment_id, wording = latest[0].assessment.id, texts.WEB_LINK_FINISHED
    uri = view.web_link(assessment_id, "answers")
    message = link_message(wording.format(days=LINK_DAYS), [(texts.OPEN_WEB, uri)])
    return _reply(state, view, message)


def revoke_links(state: State, view: ChatView) -> Decision:
    return _reply(state, view, text(texts.LINKS_REVOKED), (RevokeWebLinks(),))
