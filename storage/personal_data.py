"""Deleting a person's data (PDPA), the same from the bot ("ลบข้อมูลของฉัน") and the admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage import outbox
from storage.assessments import Status
from storage.models import Agency, Assessment, AssessmentMember, Respondent
from storage.teams import ensure_coordinator


@dataclass(frozen=True)
class Deletion:
    """What deleting a person does to the assessments whose team they are in."""

    deleted: tuple[int, ...]  # assessment ids that go with the person
    kept: tuple[int, ...]  # stay with their agency, the person's answers by nobody known
    teams: tuple[int, ...]  # of the kept ones, those with other members still in them


def deletion_of(session: Session, respondent_id: int) -> Deletion:
    """The rule: an assessment only they were in goes when no named agency keeps it or
    it is unfinished (nobody else could finish it); the others stay with the agency."""
    rows = session.execute(
        select(Assessment.id, Assessment.agency_id, Assessment.status, func.count())
        .join(AssessmentMember, AssessmentMember.assessment_id == Assessment.id)
        .where(
            Assessment.id.in_(
                select(AssessmentMember.assessment_id).where(
                    AssessmentMember.respondent_id == respondent_id
                )
            )
        )
        .group_by(Assessment.id, Assessment.agency_id, Assessment.status)
        .order_by(Assessment.id)
    ).all()
    deleted, kept, teams = [], [], []
    for assessment_id, agency_id, status, size in rows:
        if size == 1 and (agency_id is None or status != Status.COMPLETED):
            deleted.append(assessment_id)
        else:
            kept.append(assessment_id)
            if size > 1:
                teams.append(assessment_id)
    return Deletion(tuple(deleted), tuple(kept), tuple(teams))


def delete_respondent(session: Session, respondent: Respondent) -> Deletion:
    """Everything about the person goes: their row, state and memberships, the messages
    sent to them, and the assessments ``deletion_of`` says go. An agency's finished
    results and its teams' assessments stay with the agency, the person's answers shown as by
    "ผู้ตอบที่ลบข้อมูลแล้ว" (the references are set to NULL); a team they coordinated gets
    its longest-standing member as coordinator. An agency name they typed goes too unless
    something still refers to it."""
    deletion = deletion_of(session, respondent.id)
    agency_ids = {respondent.agency_id} | set(
        session.scalars(
            select(Assessment.agency_id).where(Assessment.id.in_(deletion.deleted + deletion.kept))
        )
    )
    for assessment_id in deletion.deleted:
        session.delete(session.get_one(Assessment, assessment_id))
    outbox.delete_done_of(session.connection(), respondent.line_user_id)
    session.delete(respondent)
    session.flush()
    for assessment_id in deletion.teams:
        ensure_coordinator(session, assessment_id)
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
    return deletion
