"""What a team is told as it works: a changed answer to whoever gave the earlier one,
"all answered" to the coordinator, and where a member stands when nothing is open."""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.chat import menus
from bot.chat.states import Idle
from bot.chat.turn import Decision, Message, Tell
from bot.chat.view import AssessmentInfo, ChatView, TeamMember
from bot.messages import say, text
from bot.question_messages import heading
from scoring.answers import AnswerValue
from scoring.questionnaire import Step
from scoring.questions import describe_answer
from storage.assessments import decode_answer, is_carried


def agency_of(info: AssessmentInfo) -> str:
    return info.agency_name or texts.NO_AGENCY_NAME


def coordinator_of(team: Sequence[TeamMember]) -> TeamMember | None:
    return next((m for m in team if m.role == "coordinator"), None)


def my_name(view: ChatView) -> str:
    return view.names((view.me,))[view.me]


def told_of_change(
    view: ChatView,
    info: AssessmentInfo,
    step: Step,
    before: dict | None,
    value: AnswerValue | None,
) -> list[Tell]:
    """Whoever gave a different answer to this question before is told who changed it
    and how (not for last time's answers, nor a skip over an answer)."""
    earlier = info.answered_by.get(step.question.id)
    if before is None or earlier is None or earlier == view.me or is_carried(before):
        return []
    old = decode_answer(before)
    if value is None or old == value:
        return []
    return [Tell((earlier,), (change_message(step, my_name(view), old, value),))]


def change_message(step: Step, member: str, old: AnswerValue | None, new: AnswerValue) -> Message:
    """ "คุณสมหญิง แก้คำตอบที่ท่านตอบไว้ …" with the question, and the answer before and now."""
    question = step.question
    wording = texts.TOLD_CHANGED.format(
        member=member,
        question=f"ข้อ {step.issue_number} {heading(step)}: {question.text}",
        before=describe_answer(question, old) if old is not None else "ข้าม",
        after=describe_answer(question, new),
    )
    return text(wording, [say(texts.RESUME), say(texts.TEAM)])


def told_all_answered(view: ChatView, info: AssessmentInfo) -> list[Tell]:
    coordinator = coordinator_of(view.team(info.id))
    if coordinator is None or coordinator.respondent_id == view.me:
        return []
    wording = texts.TOLD_ALL_ANSWERED.format(agency=agency_of(info))
    message = text(wording, [say(texts.SUBMIT), say(texts.TEAM)])
    return [Tell((coordinator.respondent_id,), (message,))]


def team_done(view: ChatView, info: AssessmentInfo, preface: Sequence[Message] = ()) -> Decision:
    """Nothing is open for a team of several: its coordinator submits when ready."""
    if info.coordinates:
        message = text(texts.ALL_ANSWERED_COORDINATOR, [say(texts.SUBMIT), say(texts.TEAM)])
        return Decision((*preface, message), Idle())
    coordinator = coordinator_of(view.team(info.id))
    name = coordinator.name if coordinator is not None else texts.DELETED_MEMBER
    message = text(texts.ALL_ANSWERED_MEMBER.format(coordinator=name))
    return Decision((*preface, message), Idle(), menu=menus.MAIN)
