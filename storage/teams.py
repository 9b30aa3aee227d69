"""An assessment's team (DECISIONS.md, "Team assessment"): whoever starts an agency's
assessment coordinates it, colleagues join with an invitation code, the coordinator may
assign pillars, hand the role over, remove a member or revoke the invitation."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.assessments import Status
from storage.models import Assessment, AssessmentMember, Respondent

# No 0/O or 1/I: a code is read aloud and typed from a phone.
INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
INVITE_LENGTH = 6


class Role(StrEnum):
    COORDINATOR = "coordinator"
    MEMBER = "member"


@dataclass(frozen=True)
class Member:
    respondent_id: int
    line_user_id: str
    display_name: str | None
    role: str
    pillars: tuple[str, ...]


def add_member(
    session: Session, assessment_id: int, respondent_id: int, role: Role = Role.MEMBER
) -> None:
    """Join (nothing changes for someone already in the team)."""
    if membership(session, assessment_id, respondent_id) is not None:
        return
    try:
        with session.begin_nested():
            session.add(AssessmentMember(
                assessment_id=assessment_id, respondent_id=respondent_id, role=role
            ))  # fmt: skip
    except IntegrityError:
        pass  # joined a moment ago from another process


def membership(session: Session, assessment_id: int, respondent_id: int) -> AssessmentMember | None:
    return session.scalar(
        select(AssessmentMember).where(
            AssessmentMember.assessment_id == assessment_id,
            AssessmentMember.respondent_id == respondent_id,
        )
    )


def members(session: Session, assessment_id: int) -> list[Member]:
    """The team, coordinator first, then in the order they joined."""
    rows = session.execute(
        select(AssessmentMember, Respondent.line_user_id, Respondent.display_name)
        .join(Respondent, Respondent.id == AssessmentMember.respondent_id)
        .where(AssessmentMember.assessment_id == assessment_id)
        .order_by(AssessmentMember.role != Role.COORDINATOR, AssessmentMember.joined_at)
    )
    return [
        Member(m.respondent_id, line_user_id, name, m.role, tuple(m.pillars or ()))
        for m, line_user_id, name in rows
    ]


def new_invite(session: Session, assessment: Assessment) -> str:
    """A fresh invitation code for the team (the old one stops working)."""
    for _ in range(20):
        code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))
        taken = session.scalar(select(func.count()).where(Assessment.invite_code == code))
        if not taken:
            assessment.invite_code = code
            session.flush()
            return code
    raise RuntimeError("no free invitation code")  # 32^6 codes: practically never


def by_invite(session: Session, code: str) -> Assessment | None:
    """The unfinished assessment this code invites to (None: wrong or revoked)."""
    return session.scalar(
        select(Assessment).where(
            Assessment.invite_code == code.strip().upper(),
            Assessment.status == Status.IN_PROGRESS,
        )
    )


def set_role(session: Session, assessment_id: int, respondent_id: int, role: Role) -> None:
    session.execute(
        update(AssessmentMember)
        .where(
            AssessmentMember.assessment_id == assessment_id,
            AssessmentMember.respondent_id == respondent_id,
        )
        .values(role=role)
    )


def hand_over(session: Session, assessment_id: int, old: int, new: int) -> None:
    set_role(session, assessment_id, old, Role.MEMBER)
    set_role(session, assessment_id, new, Role.COORDINATOR)


def remove(session: Session, assessment_id: int, respondent_id: int) -> None:
    found = membership(session, assessment_id, respondent_id)
    if found is not None:
        session.delete(found)
        session.flush()


def assign(
    session: Session, assessment_id: int, respondent_id: int, pillars: Sequence[str]
) -> None:
    session.execute(
        update(AssessmentMember)
        .where(
            AssessmentMember.assessment_id == assessment_id,
            AssessmentMember.respondent_id == respondent_id,
        )
        .values(pillars=list(pillars) or None)
    )


def ensure_coordinator(session: Session, assessment_id: int) -> None:
    """After a coordinator left or deleted their data: the longest-standing member takes
    over, so a team is never without one."""
    team = members(session, assessment_id)
    if team and all(m.role != Role.COORDINATOR for m in team):
        set_role(session, assessment_id, team[0].respondent_id, Role.COORDINATOR)


def leave(session: Session, assessment: Assessment, respondent_id: int) -> None:
    """Leave an unfinished assessment's team; the answers stay with the agency. The last
    one out cancels it (nobody could finish it)."""
    remove(session, assessment.id, respondent_id)
    if not members(session, assessment.id):
        assessment.status = Status.CANCELLED
    else:
        ensure_coordinator(session, assessment.id)


def display_names(session: Session, respondent_ids: Sequence[int]) -> dict[int, str | None]:
    rows = session.execute(
        select(Respondent.id, Respondent.display_name).where(Respondent.id.in_(respondent_ids))
    )
    return {respondent_id: name for respondent_id, name in rows}


def is_member(session: Session, assessment_id: int, respondent_id: int) -> bool:
    """Whether the person is in the assessment's team (and so may see and edit it)."""
    return membership(session, assessment_id, respondent_id) is not None


def member_assessments(respondent_id: int) -> Select:
    """The ids of the assessments whose team the person is in (a subquery)."""
    return select(AssessmentMember.assessment_id).where(
        AssessmentMember.respondent_id == respondent_id
    )
