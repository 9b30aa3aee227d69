"""Answers given by button (postbacks) or typed while a question is asked."""

from __future__ import annotations

import re

from bot import texts
from bot.chat import menus
from bot.chat.asking import (
    ask,
    continue_assessment,
    criteria_type,
    current_step,
    cursor_of,
    record,
    steps_of,
)
from bot.chat.meaning import answer_question, then_current_question
from bot.chat.postbacks import AnswerTap, ConfirmItems, ItemTap, ShowQuestion
from bot.chat.states import Asking, Cursor, Idle, State
from bot.chat.turn import Decision
from bot.chat.view import AssessmentInfo, ChatView
from bot.messages import say, text
from bot.question_messages import selection_message
from scoring.questionnaire import Step, step_of
from scoring.questions import (
    AnswerError,
    Choice,
    TypedAnswer,
    TypedProblem,
    TypedSelection,
    kind_of,
    normalize_answer,
    normalized,
    read_typed_answer,
)

ButtonAnswer = AnswerTap | ItemTap | ConfirmItems

# A checklist's confirm button typed ("ยืนยัน 3 ข้อ", "ยืนยัน: ไม่มีข้อใด") or said in other
# words ("ตกลง", "เสร็จแล้ว"): it confirms the items ticked so far.
_CONFIRM = re.compile(
    r"(?:ยืนยัน|ตกลง|เสร็จแล้ว|เสร็จ|ส่งคำตอบ|บันทึก|ok|โอเค)"
    r"(?::? ?(?P<count>\d+) ?ข้อ|(?P<none>:? ?ไม่มีข้อใด))?"
)


def already_recorded(state: State, view: ChatView, info: AssessmentInfo) -> Decision:
    """An old or repeated button: nothing is applied twice; show where the user is."""
    if not isinstance(state, Asking):
        message = text(texts.ALREADY_RECORDED, [say(texts.RESUME), say(texts.HELP)])
        return Decision((message,), state)
    return continue_assessment(view, info, [text(texts.ALREADY_RECORDED)], state)


def _draft(state: State, info: AssessmentInfo, step: Step) -> tuple[str, ...]:
    cursor = cursor_of(state)
    if cursor is None or (cursor.assessment_id, cursor.question_id) != (info.id, step.question.id):
        return ()
    return cursor.draft


def on_button(state: State, view: ChatView, tap: ButtonAnswer) -> Decision:
    info = view.in_progress
    if info is None:
        return Decision((text(texts.OLD_BUTTON),), state, menu=menus.MAIN)
    step = step_of(steps_of(view, info), tap.question_id)
    if tap.assessment_id != info.id or step is None:
        return already_recorded(state, view, info)
    current = current_step(state, view, info) if isinstance(state, Asking) else None
    is_current = current is not None and current.question.id == step.question.id
    if not is_current and step.question.id in info.answers:
        return already_recorded(state, view, info)
    # (An open question tapped after a pause or during a confirmation is taken up again.)
    draft = _draft(state, info, step)
    question = step.question
    if isinstance(tap, ItemTap):
        return _toggle(view, info, step, draft, tap.item)
    if isinstance(tap, ConfirmItems):
        if not kind_of(question).multiple:
            return ask(view, info, step, state=state)
        return record(view, info, step, draft)
    try:
        value = normalize_answer(question, tap.value)
    except AnswerError:
        hint = kind_of(question).hint(question) or texts.CHOOSE_FROM_BUTTONS
        note = text(f"{texts.BUTTON_VALUE_REFUSED} {hint}")
        return ask(view, info, step, [note], state=state)
    return record(view, info, step, value)


def _toggle(
    view: ChatView, info: AssessmentInfo, step: Step, draft: tuple[str, ...], item: str
) -> Decision:
    """A checklist row tapped: tick it, or untick it when it is ticked. The checklist
    in the chat cannot change, so a tap toggles whatever the row showed, and the reply is
    a short summary instead of the whole checklist again."""
    question = step.question
    if not kind_of(question).multiple:
        return ask(view, info, step, draft=draft)
    choices = kind_of(question).choices(question, criteria_type(info))
    changed = next((c for c in choices if c.value == item), None)
    chosen = set(draft) ^ ({item} if changed else set())
    return _selected(info, step, choices, chosen, changed)


def _selected(
    info: AssessmentInfo,
    step: Step,
    choices: tuple[Choice, ...],
    chosen: set[str],
    changed: Choice | None,
) -> Decision:
    ordered = tuple(c.value for c in choices if c.value in chosen)
    message = selection_message(step, info.id, choices, ordered, changed)
    return Decision((message,), Asking(Cursor(info.id, step.question.id, ordered)))


def show_question(state: State, view: ChatView, tap: ShowQuestion) -> Decision:
    """ "ดูรายการอีกครั้ง": the question again with what is ticked so far."""
    info = view.in_progress
    if info is None:
        return Decision((text(texts.OLD_BUTTON),), state, menu=menus.MAIN)
    step = step_of(steps_of(view, info), tap.question_id)
    if tap.assessment_id != info.id or step is None:
        return already_recorded(state, view, info)
    return ask(view, info, step, draft=_draft(state, info, step))


def on_typed(state: State, view: ChatView, typed: str) -> Decision:
    """Typed text while a question is asked: an answer when it reads as one, otherwise a
    question for the Q&A, after which the same question comes back."""
    info = view.in_progress
    if info is None:
        reply = answer_question(view, typed)
        return Decision(tuple(reply or [text(texts.UNKNOWN_INPUT)]), Idle(), menu=menus.MAIN)
    step = current_step(state, view, info)
    if step is None:
        return continue_assessment(view, info, state=state)
    if kind_of(step.question).multiple and (confirm := _CONFIRM.fullmatch(normalized(typed))):
        return _confirm_typed(view, info, step, _draft(state, info, step), confirm)
    if kind_of(step.question).multiple and normalized(typed) == texts.SHOW_LIST:
        return ask(view, info, step, draft=_draft(state, info, step))  # the button, typed
    reading = read_typed_answer(step.question, typed, criteria_type(info))
    if isinstance(reading, TypedAnswer):
        return record(view, info, step, reading.value, typed=True)
    if isinstance(reading, TypedSelection):
        choices = kind_of(step.question).choices(step.question, criteria_type(info))
        return _selected(info, step, choices, set(reading.items), None)
    if isinstance(reading, TypedProblem):
        return ask(view, info, step, [text(reading.message)], draft=_draft(state, info, step))
    reply = answer_question(view, typed, step.issue)
    if reply is None:
        hint = kind_of(step.question).hint(step.question) or texts.NOT_AN_ANSWER
        return ask(view, info, step, [text(hint)], draft=_draft(state, info, step))
    return then_current_question(state, view, reply)


def _confirm_typed(
    view: ChatView, info: AssessmentInfo, step: Step, draft: tuple[str, ...], typed: re.Match
) -> Decision:
    """Confirm the ticks as the button would; when the words do not match them (a count
    that differs, or nothing ticked without saying "ไม่มีข้อใด"), show the ticks and the
    button to confirm them instead of guessing."""
    if typed["count"] is not None:
        agrees = int(typed["count"]) == len(draft)
    elif typed["none"]:
        agrees = not draft
    else:  # a bare "ยืนยัน" with nothing ticked is more likely a slip than "none of these"
        agrees = bool(draft)
    if agrees:
        return record(view, info, step, draft)
    choices = kind_of(step.question).choices(step.question, criteria_type(info))
    return _selected(info, step, choices, set(draft), None)
