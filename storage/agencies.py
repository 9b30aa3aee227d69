"""The agency register: agencies as officials name them, each with its type and its
ministry or province (``knowledge.register``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.register import Match, closest, shipped_register
from storage.models import Agency


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
