"""Deleting a person's data (PDPA), the same from the bot ("ลบข้อมูลของฉัน") and the admin."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Agency, Assessment, Respondent


def delete_respondent(session: Session, respondent: Respondent) -> None:
    """Everything about the user: assessments, answers and state go with the row; an
    agency name they typed goes too unless another user's data still refers to it."""
    agency_ids = {respondent.agency_id} | {a.agency_id for a in respondent.assessments}
    session.delete(respondent)
    session.flush()
    for agency_id in agency_ids - {None}:
        still_used = session.scalar(
            select(func.count(Assessment.id)).where(Assessment.agency_id == agency_id)
        ) or session.scalar(
            select(func.count(Respondent.id)).where(Respondent.agency_id == agency_id)
        )
        if not still_used:
            agency = session.get(Agency, agency_id)
            if agency is not None:
                session.delete(agency)
