"""What a team is told when one of its members works in the web view: the earlier
answerer when an answer changes, every other member when the coordinator submits (as the
chat tells them, through the outbox)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts
from bot.chat.team_notices import change_message
from bot.db_team import shown_name
from bot.messages import say, text
from bot.result_card import level_text
from knowledge.catalog import Catalog
from scoring.answers import AnswerValue
from scoring.assessment import AssessmentResult
from scoring.questionnaire import step_of, steps_for
from storage import teams
from storage.assessments import decode_answer, is_carried
from storage.chat import ChatRow
from storage.models import Assessment, Respondent
from storage.outbox import enqueue, outgoing


def _push(db: Session, respondent_ids: list[int], messages: list[dict[str, Any]]) -> None:
    if not respondent_ids:
        return
    users = db.scalars(select(Respondent.line_user_id).where(Respondent.id.in_(respondent_ids)))
    rows = [row for user in users for row in outgoing(user, None, messages)]
    enqueue(db.connection(), rows, datetime.now(UTC))  # the outbox poller sends them


def tell_of_change(
    db: Session,
    catalog: Catalog,
    row: ChatRow,
    assessment: Assessment,
    question_id: str,
    earlier: tuple[dict[str, Any], int | None],
    value: AnswerValue,
) -> None:
    """The member who gave a different answer before is told who changed it and how."""
    before, answered_by = earlier
    if answered_by is None or answered_by == row.respondent.id or is_carried(before):
        return
    old = decode_answer(before)
    if old == value:
        return
    steps = steps_for(catalog.framework(assessment.framework_year), assessment.scope)
    step = step_of(steps, question_id)
    if step is not None:
        message = change_message(step, shown_name(row.respondent.display_name), old, value)
        _push(db, [answered_by], [message])


def tell_result(
    db: Session, row: ChatRow, assessment: Assessment, result: AssessmentResult
) -> None:
    """Every other member learns the agency's result (the card is one "ผลการประเมิน" away)."""
    others = [
        m.respondent_id
        for m in teams.members(db, assessment.id)
        if m.respondent_id != row.respondent.id
    ]
    told = texts.TOLD_RESULT.format(
        coordinator=shown_name(row.respondent.display_name),
        agency=assessment.agency_name or texts.NO_AGENCY_NAME,
    )
    overall = result.overall
    summary = f"{told}\n{level_text(overall.level, overall.value)}"
    if overall.percent is not None:
        summary += f" · คะแนนประเมินตนเองร้อยละ {overall.percent:.1f}"
    _push(db, others, [text(summary, [say(texts.RESULT), say(texts.ALL_RECOMMENDATIONS)])])
