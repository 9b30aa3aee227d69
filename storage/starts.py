"""Starting an assessment: a new one for an agency and year (from the agency's previous
answers if the team wants), or a revision of a finished one. Whoever starts it
coordinates its team."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.assessments import CARRIED, Status
from storage.models import Answer, Assessment, AssessmentMember
from storage.teams import Role


def start(
    session: Session,
    respondent_id: int,
    framework_year: int,
    agency_type: str,
    agency_id: int | None,
    agency_name: str | None,
    scope: Collection[str] | None,
) -> Assessment:
    """A new, unfinished assessment; the respondent coordinates its team."""
    assessment = Assessment(
        respondent_id=respondent_id,
        agency_id=agency_id,
        framework_year=framework_year,
        agency_type=agency_type,
        agency_name=agency_name,
        scope=list(scope) if scope else None,
    )
    session.add(assessment)
    session.flush()
    session.add(
        AssessmentMember(
            assessment_id=assessment.id, respondent_id=respondent_id, role=Role.COORDINATOR
        )
    )
    session.flush()
    return assessment


def open_team(session: Session, agency_id: int | None, framework_year: int) -> Assessment | None:
    """The agency's unfinished whole-framework assessment of this year, if a team has one
    (colleagues join it with its invitation rather than starting another)."""
    if agency_id is None:
        return None
    return session.scalar(
        select(Assessment)
        .where(
            Assessment.agency_id == agency_id,
            Assessment.framework_year == framework_year,
            Assessment.status == Status.IN_PROGRESS,
            Assessment.scope.is_(None),
        )
        .order_by(Assessment.id)
        .limit(1)
    )


def earlier_answers(
    session: Session, agency_id: int | None, framework_year: int
) -> Assessment | None:
    """The agency's latest finished whole-framework assessment of an earlier year: what a
    new year's assessment may start from."""
    if agency_id is None:
        return None
    return session.scalar(
        select(Assessment)
        .where(
            Assessment.agency_id == agency_id,
            Assessment.framework_year < framework_year,
            Assessment.status == Status.COMPLETED,
            Assessment.scope.is_(None),
        )
        .order_by(Assessment.finished_at.desc(), Assessment.id.desc())
        .limit(1)
    )


def revise(
    session: Session, finished: Assessment, keep: Collection[str], respondent_id: int
) -> Assessment:
    """A new, unfinished assessment of the same agency, year and scope as a finished one,
    with its answers to the questions in ``keep`` (the others are asked again), who gave
    them, and its team (the one who asks for it coordinates)."""
    revision = Assessment(
        respondent_id=respondent_id,
        agency_id=finished.agency_id,
        framework_year=finished.framework_year,
        agency_type=finished.agency_type,
        agency_name=finished.agency_name,
        scope=finished.scope,
        started_from_id=finished.id,
    )
    session.add(revision)
    session.flush()
    copy_answers(session, finished.id, revision.id, keep)
    busy = (
        select(AssessmentMember.respondent_id)
        .join(Assessment, Assessment.id == AssessmentMember.assessment_id)
        .where(Assessment.status == Status.IN_PROGRESS, Assessment.id != revision.id)
    )
    team = select(AssessmentMember).where(
        AssessmentMember.assessment_id == finished.id,
        # Colleagues busy with another assessment are not pulled out of it.
        (AssessmentMember.respondent_id == respondent_id)
        | AssessmentMember.respondent_id.not_in(busy),
    )
    for member in session.scalars(team).all():
        role = Role.COORDINATOR if member.respondent_id == respondent_id else Role.MEMBER
        session.add(AssessmentMember(
            assessment_id=revision.id, respondent_id=member.respondent_id, role=role,
            pillars=member.pillars,
        ))  # fmt: skip
    if respondent_id not in {m.respondent_id for m in session.scalars(team)}:
        session.add(AssessmentMember(
            assessment_id=revision.id, respondent_id=respondent_id, role=Role.COORDINATOR
        ))  # fmt: skip
    session.flush()
    return revision


def copy_answers(
    session: Session, source_id: int, target_id: int, keep: Collection[str], carried: bool = False
) -> int:
    """Copy answers to the questions in ``keep`` with who gave them; ``carried`` marks each
    as last time's, to be confirmed ("จากครั้งก่อน"). How many were copied."""
    rows = session.execute(
        select(Answer.question_id, Answer.value, Answer.answered_by).where(
            Answer.assessment_id == source_id, Answer.question_id.in_(list(keep))
        )
    ).all()
    for question_id, value, answered_by in rows:
        stored = {**value, CARRIED: True} if carried else value
        session.add(Answer(
            assessment_id=target_id, question_id=question_id, value=stored,
            answered_by=answered_by,
        ))  # fmt: skip
    session.flush()
    return len(rows)
