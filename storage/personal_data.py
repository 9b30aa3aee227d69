"""Deleting a person's data (PDPA), the same from the bot ("ลบข้อมูลของฉัน") and the admin."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.assessments import Status
from storage.models import Agency, Assessment, AssessmentMember, Respondent
from storage.teams import ensure_coordinator


def delete_respondent(session: Session, respondent: Respondent) -> None:
    """Everything about the person goes: their row, state and memberships, the
    assessments only they were in that no named agency keeps, and their unfinished ones
    nobody else is in (nobody could finish them). An agency's finished results and its
    teams' assessments stay with the agency, the person's answers shown as by
    "ผู้ตอบที่ลบข้อมูลแล้ว" (the references are set to NULL); a team they coordinated gets
    its longest-standing member as coordinator. An agency name they typed goes too unless
    something still refers to it."""
    teams = list(
        session.execute(
            select(Assessment, func.count(AssessmentMember.id))
            .join(AssessmentMember, AssessmentMember.assessment_id == Assessment.id)
            .where(
                Assessment.id.in_(
                    select(AssessmentMember.assessment_id).where(
                        AssessmentMember.respondent_id == respondent.id
                    )
                )
            )
            .group_by(Assessment.id)
        )
    )
    agency_ids = {respondent.agency_id} | {assessment.agency_id for assessment, _ in teams}
    for assessment, size in teams:
        alone = size == 1
        if alone and (assessment.agency_id is None or assessment.status != Status.COMPLETED):
            session.delete(assessment)
    session.delete(respondent)
    session.flush()
    for assessment, size in teams:
        if size > 1:
            ensure_coordinator(session, assessment.id)
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
