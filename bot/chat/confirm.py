"""Asking before what cannot be undone: cancelling an assessment, deleting one's data."""

from __future__ import annotations

from bot import texts
from bot.chat import menus
from bot.chat.asking import continue_assessment, cursor_of
from bot.chat.states import (
    Asking,
    ConfirmingCancel,
    ConfirmingDelete,
    ConfirmingSubmit,
    Idle,
    State,
)
from bot.chat.team_notices import agency_of, my_name
from bot.chat.turn import CancelAssessment, Decision, DeleteMyData, Effect, Tell
from bot.chat.view import ChatView
from bot.messages import say, text
from scoring.questions import normalized

# "ใช่" to a yes-or-no question means its yes button. (Not where the choice is between two
# things, as "ทำต่อ หรือเริ่มใหม่": there "ใช่" says neither.)
YES_WORDS = frozenset({"ใช่", "ใช่แล้ว", "ยืนยัน", "ตกลง", "แน่ใจ", "โอเค", "ok", "yes"})
_YES_BUTTON = {
    ConfirmingDelete: texts.CONFIRM_DELETE,
    ConfirmingCancel: texts.CONFIRM_CANCEL,
    ConfirmingSubmit: texts.SUBMIT_ANYWAY,
}


def typed_yes(state: State, typed: str) -> str | None:
    """The yes button's word when ``typed`` says yes to this state's question."""
    return _YES_BUTTON.get(type(state)) if normalized(typed) in YES_WORDS else None


def ask_delete(state: State, view: ChatView) -> Decision:
    message = text(texts.DELETE_CONFIRM, [say(texts.CONFIRM_DELETE), say(texts.KEEP_DATA)])
    return Decision((message,), ConfirmingDelete())


def confirm_delete(state: State, view: ChatView) -> Decision | None:
    if not isinstance(state, ConfirmingDelete):
        return None
    message = text(texts.DELETED, [say(texts.START), say(texts.HELP)])
    return Decision((message,), Idle(), (DeleteMyData(),))


def ask_cancel(state: State, view: ChatView) -> Decision | None:
    if isinstance(state, ConfirmingCancel):
        return confirm_cancel(state, view)
    info = view.in_progress
    # Mid-question, or paused ("พักไว้ก่อน", or simply gone quiet): the assessment is there.
    if isinstance(state, Asking | Idle) and info is not None:
        if info.is_team and not info.coordinates:
            message = text(texts.MEMBER_CANNOT_CANCEL, [say(texts.RESUME), say(texts.LEAVE_TEAM)])
            return Decision((message,), state)
        wording = texts.TEAM_CANCEL_CONFIRM if info.is_team else texts.CANCEL_CONFIRM
        buttons = [say(texts.CONFIRM_CANCEL), say(texts.CONTINUE)]
        return Decision((text(wording, buttons),), ConfirmingCancel(cursor_of(state)))
    if not isinstance(state, Idle):
        return Decision((text(texts.CANCELLED_STEP),), Idle(cursor_of(state)), menu=menus.MAIN)
    return Decision((text(texts.NOTHING_TO_CANCEL),), state, menu=menus.MAIN)


def confirm_cancel(state: State, view: ChatView) -> Decision | None:
    info = view.in_progress
    if not isinstance(state, ConfirmingCancel) or info is None:
        return None
    effects: tuple[Effect, ...] = (CancelAssessment(info.id),)
    if info.is_team:
        others = tuple(m.respondent_id for m in view.team(info.id) if m.respondent_id != view.me)
        told = texts.TOLD_CANCELLED.format(coordinator=my_name(view), agency=agency_of(info))
        effects += (Tell(others, (text(told),)),)
    return Decision((text(texts.CANCELLED),), Idle(), effects, menu=menus.MAIN)


def declined(state: State, view: ChatView) -> Decision | None:
    """Anything but "yes" in a confirmation means no; None when there is nothing to go
    back to (the caller shows the help)."""
    info = view.in_progress
    if isinstance(state, ConfirmingDelete):
        kept = (text(texts.DELETE_KEPT),)
        if info is not None:
            return continue_assessment(view, info, kept, Idle())
        return Decision(kept, Idle(), menu=menus.MAIN)
    if info is not None:
        kept = (text(texts.CANCEL_KEPT),) if isinstance(state, ConfirmingCancel) else ()
        return continue_assessment(view, info, kept, state=state)
    return None
