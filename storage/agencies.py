"""Agencies as officials name them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Agency


def agency_for(session: Session, name: str | None, agency_type: str) -> Agency | None:
    """The agency of this name and type, created on first use (None without a name)."""
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
    return agency
