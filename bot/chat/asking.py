"""Asking the questions: show one, take an answer, go back, skip, pause, and finish."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot import texts
from bot.chat import menus
from bot.chat.results import finish
from bot.chat.states import Asking, Cursor, Idle, State
from bot.chat.turn import Decision, Message, SaveAnswer
from bot.chat.view import AssessmentInfo, ChatView
from bot.messages import text
from bot.question_messages import question_messages
from scoring.answers import AnswerValue
from scoring.model import CriteriaType, Framework
from scoring.questionnaire import Step, first_open_step, step_of, steps_for
from scoring.rules import criteria_type_for
from storage.assessments import decode_answer, encode_answer


def framework_of(view: ChatView, info: AssessmentInfo) -> Framework:
    return view.catalog.framework(info.framework_year)


def steps_of(view: ChatView, info: AssessmentInfo) -> tuple[Step, ...]:
    return steps_for(framework_of(view, info), info.scope)


def criteria_type(info: AssessmentInfo) -> CriteriaType:
    return criteria_type_for(info.agency_type)  # type: ignore[arg-type]


def cursor_of(state: State) -> Cursor | None:
    if isinstance(state, Asking):
        return state.cursor
    if isinstance(state, Idle):
        return state.paused
    return getattr(state, "cursor", None)


def ask(
    view: ChatView,
    info: AssessmentInfo,
    step: Step,
    preface: Sequence[Message] = (),
    draft: tuple[str, ...] | None = None,
    state: State | None = None,
) -> Decision:
    """Show ``step`` and make it the current question. Items ticked before a pause or a
    question in between are kept (``state``'s cursor)."""
    previous = decode_answer(info.answers.get(step.question.id, {}))
    cursor = cursor_of(state) if state is not None else None
    if draft is None and cursor is not None:
        same = (cursor.assessment_id, cursor.question_id) == (info.id, step.question.id)
        draft = cursor.draft if same else None
    if draft is None:
        draft = previous if isinstance(previous, tuple) else ()
    messages = question_messages(step, info.id, previous, draft, criteria_type(info))
    return Decision((*preface, *messages), Asking(Cursor(info.id, step.question.id, draft)))


def current_step(state: State, view: ChatView, info: AssessmentInfo) -> Step | None:
    steps = steps_of(view, info)
    if isinstance(state, Asking) and state.cursor.assessment_id == info.id:
        step = step_of(steps, state.cursor.question_id)
        if step is not None:
            return step
    return first_open_step(steps, info.answers)


def continue_assessment(
    view: ChatView,
    info: AssessmentInfo,
    preface: Sequence[Message] = (),
    state: State | None = None,
) -> Decision:
    """Ask the first open question, or finish when there is none."""
    step = first_open_step(steps_of(view, info), info.answers)
    if step is None:
        return finish(view, info, preface)
    return ask(view, info, step, preface, state=state)


def record(
    view: ChatView, info: AssessmentInfo, step: Step, value: AnswerValue | None
) -> Decision:
    """Save an answer (``None`` = skip; written with this event), then move on."""
    answers = {**info.answers, step.question.id: encode_answer(value)}
    after = continue_assessment(view, replace(info, answers=answers))
    effect = SaveAnswer(info.id, step.question.id, value)
    return replace(after, effects=(effect, *after.effects))


def skip(view: ChatView, info: AssessmentInfo, step: Step) -> Decision:
    # Skipping a question answered earlier keeps that answer.
    if step.question.id in info.answers:
        return continue_assessment(view, info)
    return record(view, info, step, None)


def back(view: ChatView, info: AssessmentInfo, step: Step) -> Decision:
    if step.index == 0:
        return ask(view, info, step, [text(texts.FIRST_QUESTION)])
    return ask(view, info, steps_of(view, info)[step.index - 1])


def pause(state: State) -> Decision:
    """Keep the current question and its ticked items for "ประเมินต่อ"."""
    return Decision((text(texts.PAUSED),), Idle(cursor_of(state)), menu=menus.PAUSED)


def progress(view: ChatView, info: AssessmentInfo) -> tuple[int, int]:
    """(issues whose questions are all answered or skipped, issues in scope): the same
    unit as "ข้อ 7/32" while asking."""
    steps = steps_of(view, info)
    open_issues = {s.issue.id for s in steps if s.question.id not in info.answers}
    done = {s.issue.id for s in steps} - open_issues
    return len(done), steps[-1].issue_count if steps else 0
