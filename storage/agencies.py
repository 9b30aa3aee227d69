"""The agency register: agencies as officials name them, each with its type and its
ministry or province (``knowledge.register``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.register import Match, closest, shipped_register
from storage.assessments import Status
from storage.models import Agency, Assessment, Respondent


def agency_for(
    session: Session, name: str | None, agency_type: str, place_id: str | None = None
) -> Agency | None:
    """The agency of this name and type, created on first use (None without a name).
    ``place_id`` is its ministry or province, kept where the agency has none yet."""
    if not name:
        return None
    query = select(Agency).where(Agency.name == name, Agency.agency_type == agency_type)
    agency = session.scalar(query)
    if agency is None:
        try:
            with session.begin_nested():
                session.add(Agency(name=name, agency_type=agency_type))
        except IntegrityError:
            pass  # created by another process at the same moment
        agency = session.scalar(query)
    assert agency is not None
    if place_id is not None:
        place_agency(agency, place_id)
    return agency


def lock(session: Session, agency_id: int) -> None:
    """Hold the agency's row until the transaction ends (PostgreSQL; SQLite serialises
    its writers anyway), so that decisions about its teams are taken one at a time."""
    session.execute(select(Agency.id).where(Agency.id == agency_id).with_for_update())


def place_agency(agency: Agency, place_id: str) -> None:
    """Set the agency's ministry or province (whichever its type belongs to) if unset."""
    register = shipped_register()
    if register.place(place_id) is None:
        return
    if register.belongs_to_province(agency.agency_type):
        agency.province_id = agency.province_id or place_id
    else:
        agency.ministry_id = agency.ministry_id or place_id


def place_of(agency: Agency) -> str | None:
    return agency.province_id or agency.ministry_id


def similar_agencies(session: Session, typed: str, agency_type: str, limit: int = 3) -> list[Match]:
    """Registered agencies of this type whose names are near ``typed`` (ids as text),
    best first; a score of 100 is the same name but for spaces and case."""
    rows = session.execute(select(Agency.id, Agency.name).where(Agency.agency_type == agency_type))
    return closest(typed, {str(agency_id): name for agency_id, name in rows}, limit)


def latest_of_agencies(
    session: Session, agency_ids: list[int]
) -> dict[tuple[int, int], Assessment]:
    """(agency id, framework year) → the agency's latest assessment of that year (by start,
    whatever its status or scope)."""
    latest: dict[tuple[int, int], Assessment] = {}
    query = (
        select(Assessment)
        .where(Assessment.agency_id.in_(agency_ids))
        .order_by(Assessment.started_at.desc(), Assessment.id.desc())
    )
    for assessment in session.scalars(query):
        assert assessment.agency_id is not None
        latest.setdefault((assessment.agency_id, assessment.framework_year), assessment)
    return latest


def last_activity(session: Session, agency_ids: list[int]) -> dict[int, datetime]:
    """Agency id → when any of its assessments last changed."""
    rows = session.execute(
        select(Assessment.agency_id, func.max(Assessment.updated_at))
        .where(Assessment.agency_id.in_(agency_ids))
        .group_by(Assessment.agency_id)
    )
    return {agency_id: at for agency_id, at in rows}


# --- correcting the register (admin) -------------------------------------------------


class AgencyRefused(ValueError):
    """A change the register cannot take; the message is Thai, for the admin."""


def change_agency(
    session: Session, agency: Agency, name: str, agency_type: str, place_id: str | None
) -> None:
    """Set the canonical name, type and ministry or province (as the type needs); the
    assessments and people of the agency take the new name and type."""
    name = " ".join(name.split())
    if not name:
        raise AgencyRefused("กรุณากรอกชื่อหน่วยงาน")
    register = shipped_register()
    if place_id:
        allowed = {place.id for place in register.places_for(agency_type)}
        if place_id not in allowed:
            kind = "จังหวัด" if register.belongs_to_province(agency_type) else "กระทรวง"
            raise AgencyRefused(f"กรุณาเลือก{kind}จากรายการสำหรับหน่วยงานประเภทนี้")
    taken = session.scalar(
        select(Agency.id).where(
            Agency.name == name, Agency.agency_type == agency_type, Agency.id != agency.id
        )
    )
    if taken is not None:
        raise AgencyRefused(
            f"มีหน่วยงานชื่อ “{name}” ประเภทนี้อยู่แล้ว (รหัส {taken}) "
            "หากเป็นหน่วยงานเดียวกัน กรุณาใช้การรวมหน่วยงานแทน"
        )
    agency.name, agency.agency_type = name, agency_type
    provincial = register.belongs_to_province(agency_type)
    agency.province_id = (place_id or None) if provincial else None
    agency.ministry_id = None if provincial else (place_id or None)
    _snapshot(session, agency)
    session.flush()


@dataclass(frozen=True)
class Merged:
    assessments: int
    respondents: int


def merge_agencies(session: Session, keep: Agency, gone: Agency) -> Merged:
    """``gone`` is a duplicate of ``keep``: its assessments and people move to ``keep``
    (taking its name and type) and ``gone`` is deleted. Refused when both have an open
    team of the same year (one open team per agency and year)."""
    if keep.id == gone.id:
        raise AgencyRefused("กรุณาเลือกหน่วยงานอื่นที่จะรวมเข้ามา ไม่ใช่หน่วยงานเดียวกัน")
    clash = sorted(_open_team_years(session, keep.id) & _open_team_years(session, gone.id))
    if clash:
        years = ", ".join(str(year) for year in clash)
        raise AgencyRefused(
            f"ยังรวมหน่วยงานไม่ได้ เพราะทั้งสองหน่วยงานมีทีมที่กำลังประเมินปี {years} อยู่ "
            "หน่วยงานหนึ่งมีทีมประเมินที่ยังไม่เสร็จได้เพียงทีมเดียวต่อปี "
            "กรุณาให้ทีมใดทีมหนึ่งประเมินให้เสร็จหรือยกเลิกก่อน แล้วจึงรวมหน่วยงาน"
        )
    assessments = session.scalar(
        select(func.count(Assessment.id)).where(Assessment.agency_id == gone.id)
    )
    respondents = session.scalar(
        select(func.count(Respondent.id)).where(Respondent.agency_id == gone.id)
    )
    session.execute(
        update(Assessment)
        .where(Assessment.agency_id == gone.id)
        .values(agency_id=keep.id, updated_at=Assessment.updated_at)  # no activity of theirs
    )
    session.execute(
        update(Respondent).where(Respondent.agency_id == gone.id).values(agency_id=keep.id)
    )
    keep.ministry_id = keep.ministry_id or gone.ministry_id
    keep.province_id = keep.province_id or gone.province_id
    if shipped_register().belongs_to_province(keep.agency_type):
        keep.ministry_id = None
    else:
        keep.province_id = None
    _snapshot(session, keep)
    session.delete(gone)
    session.flush()
    return Merged(assessments or 0, respondents or 0)


def _open_team_years(session: Session, agency_id: int) -> set[int]:
    """The years in which the agency has an unfinished whole-framework assessment (a
    team colleagues join: ``storage.starts.open_team``)."""
    return set(
        session.scalars(
            select(Assessment.framework_year).where(
                Assessment.agency_id == agency_id,
                Assessment.status == Status.IN_PROGRESS,
                Assessment.scope.is_(None),
            )
        )
    )


def _snapshot(session: Session, agency: Agency) -> None:
    """The agency's name and type as its assessments and people hold them."""
    values = {"agency_name": agency.name, "agency_type": agency.agency_type}
    session.execute(
        update(Assessment)
        .where(Assessment.agency_id == agency.id)
        .values(**values, updated_at=Assessment.updated_at)
    )
    session.execute(update(Respondent).where(Respondent.agency_id == agency.id).values(**values))
