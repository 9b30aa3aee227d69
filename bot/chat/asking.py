"""Asking the questions: show one, take an answer, go back, skip, pause, and finish."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot import texts
from bot.chat import menus
from bot.chat.results import finish
from bot.chat.states import Asking, Cursor, Idle, State
from bot.chat.team_notices import team_done, told_all_answered, told_of_change
from bot.chat.turn import Decision, Effect, Message, SaveAnswer
from bot.chat.view import AssessmentInfo, ChatView
from bot.messages import text
from bot.question_messages import question_messages
from scoring.answers import AnswerValue
from scoring.model import CriteriaType, Framework
from scoring.questionnaire import Step, first_open_step, step_of, steps_for
from scoring.questions import kind_of
from scoring.rules import criteria_type_for
from storage.assessments import (
    CARRIED,
    PASSED,
    decode_answer,
    encode_answer,
    is_carried,
    is_settled,
)


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


def settled(info: AssessmentInfo) -> dict[str, dict]:
    """The answers given in this assessment (last time's answers still to be confirmed
    are open questions)."""
    return {qid: stored for qid, stored in info.answers.items() if is_settled(stored)}


def next_step(view: ChatView, info: AssessmentInfo) -> Step | None:
    """The first open question, among the pillars assigned to the user first."""
    steps, answered = steps_of(view, info), settled(info)
    if info.my_pillars:
        mine = [step for step in steps if step.pillar.id in info.my_pillars]
        found = first_open_step(mine, answered)
        if found is not None:
            return found
    return first_open_step(steps, answered)


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
    stored = info.answers.get(step.question.id)
    previous = decode_answer(stored or {})
    cursor = cursor_of(state) if state is not None else None
    if draft is None and cursor is not None:
        same = (cursor.assessment_id, cursor.question_id) == (info.id, step.question.id)
        draft = cursor.draft if same else None
    if draft is None:
        draft = previous if isinstance(previous, tuple) else ()
    carried = is_carried(stored) and not is_settled(stored)
    messages = question_messages(step, info.id, previous, draft, criteria_type(info), carried)
    return Decision((*preface, *messages), Asking(Cursor(info.id, step.question.id, draft)))


def current_step(state: State, view: ChatView, info: AssessmentInfo) -> Step | None:
    steps = steps_of(view, info)
    if isinstance(state, Asking) and state.cursor.assessment_id == info.id:
        step = step_of(steps, state.cursor.question_id)
        if step is not None:
            return step
    return next_step(view, info)


def continue_assessment(
    view: ChatView,
    info: AssessmentInfo,
    preface: Sequence[Message] = (),
    state: State | None = None,
) -> Decision:
    """Ask the next open question. When there is none, a team of one gets its result;
    a larger team waits for its coordinator to submit (``bot.chat.team``)."""
    step = next_step(view, info)
    if step is None:
        if info.is_team:
            return team_done(view, info, preface)
        return finish(view, info, preface)
    return ask(view, info, step, preface, state=state)


def record(
    view: ChatView,
    info: AssessmentInfo,
    step: Step,
    value: AnswerValue | None,
    passed: bool = False,
    typed: bool = False,
) -> Decision:
    """Save an answer (``None`` = skip; written with this event), then move on; in a team,
    whoever gave a different answer before is told, and the coordinator when the team has
    answered everything. A ``typed`` answer is said back as it was read ("บันทึกคำตอบ: 3
    ชุดข้อมูล"), so a misread one is seen before the next question."""
    question_id = step.question.id
    stored = encode_answer(value) | ({CARRIED: True, PASSED: True} if passed else {})
    before = info.answers.get(question_id)
    answered = replace(info, answers={**info.answers, question_id: stored})
    preface = mine_done_note(view, info, answered, step)
    if typed and value is not None and next_step(view, answered) is not None:
        heard = kind_of(step.question).describe(step.question, value)
        preface = [text(texts.TYPED_HEARD.format(answer=heard)), *preface]
    after = continue_assessment(view, answered, preface)
    effects: list[Effect] = [SaveAnswer(info.id, question_id, value, passed)]
    if info.is_team and not passed:
        effects += told_of_change(view, info, step, before, value)
        closed_it = next_step(view, answered) is None and next_step(view, info) is not None
        if closed_it and not info.coordinates:
            effects += told_all_answered(view, info)
    return replace(after, effects=(*effects, *after.effects))


def mine_done_note(
    view: ChatView, before: AssessmentInfo, after: AssessmentInfo, step: Step
) -> list[Message]:
    """ "ตัวชี้วัดที่ได้รับมอบหมายตอบครบแล้ว" when this answer closed the user's pillars."""
    if not before.my_pillars or step.pillar.id not in before.my_pillars:
        return []
    following = next_step(view, after)
    if following is None or following.pillar.id in before.my_pillars:
        return []
    return [text(texts.MINE_DONE)]


def skip(view: ChatView, info: AssessmentInfo, step: Step) -> Decision:
    stored = info.answers.get(step.question.id)
    if is_carried(stored) and not is_settled(stored):
        # Last time's answer stays as it is, still marked "จากครั้งก่อน".
        return record(view, info, step, decode_answer(stored or {}), passed=True)
    # Skipping a question answered earlier keeps that answer.
    if stored is not None:
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
    steps, answered = steps_of(view, info), settled(info)
    open_issues = {s.issue.id for s in steps if s.question.id not in answered}
    done = {s.issue.id for s in steps} - open_issues
    return len(done), steps[-1].issue_count if steps else 0
