"""Who may see what: the web session an official's link (or LIFF) opens, and the share
links a supervisor opened. Every request checks again that the link generation is still
the user's current one and that the session has not outlived its link, so revoking in
the chat ends the sessions too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import session as cookie
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.web.errors import Refused
from bot.web.tokens import LINK_DAYS, OwnerLink
from storage import links, teams
from storage.assessments import Status
from storage.models import Assessment, Respondent, WebShare

OWNER_KEY = "web_owner"
SHARES_KEY = "web_shares"
MAX_SHARES = 20  # share links one browser keeps open at once


@dataclass(frozen=True)
class Owner:
    respondent_id: int
    line_user_id: str


def _now() -> datetime:
    return datetime.now(UTC)


def _open_session(respondent: Respondent, generation: int, until: datetime) -> Owner:
    cookie[OWNER_KEY] = {"r": respondent.id, "g": generation, "exp": until.timestamp()}
    return Owner(respondent.id, respondent.line_user_id)


def open_owner_link(db: Session, link: OwnerLink) -> Assessment:
    """Open the session an official's link gives; the assessment it lands on."""
    respondent = db.get(Respondent, link.respondent_id)
    if respondent is None or links.generation(db, respondent.id) != link.generation:
        raise Refused("revoked")
    assessment = db.get(Assessment, link.assessment_id)
    if assessment is None or not teams.is_member(db, assessment.id, respondent.id):
        raise Refused("not_found")
    _open_session(respondent, link.generation, link.expires_at)
    return assessment


def open_liff_session(db: Session, line_user_id: str) -> Owner:
    """The session of a LINE user whose ID token LINE has verified."""
    respondent = db.scalar(select(Respondent).where(Respondent.line_user_id == line_user_id))
    if respondent is None:
        raise Refused("no_data")
    until = _now() + timedelta(days=LINK_DAYS)
    return _open_session(respondent, links.generation(db, respondent.id), until)


def current_owner(db: Session) -> Owner:
    """The official this browser's session belongs to, checked against the database."""
    opened = cookie.get(OWNER_KEY)
    if not isinstance(opened, dict) or not isinstance(opened.get("r"), int):
        raise Refused("signed_out")
    if opened.get("exp", 0) <= _now().timestamp():
        cookie.pop(OWNER_KEY, None)
        raise Refused("expired")
    respondent = db.get(Respondent, opened["r"])
    if respondent is None or links.generation(db, respondent.id) != opened.get("g"):
        cookie.pop(OWNER_KEY, None)
        raise Refused("revoked")
    return Owner(respondent.id, respondent.line_user_id)


def owned_assessment(db: Session, owner: Owner, assessment_id: int) -> Assessment:
    """An assessment of a team the official is in (finished or under way); another
    team's, a cancelled or a missing one is refused alike."""
    assessment = db.get(Assessment, assessment_id)
    if (
        assessment is None
        or not teams.is_member(db, assessment.id, owner.respondent_id)
        or assessment.status == Status.CANCELLED
    ):
        raise Refused("not_found")
    return assessment


def open_share(db: Session, share_id: int) -> WebShare:
    share = links.live_share(db, share_id)
    if share is None:
        raise Refused("share_gone")
    opened = [s for s in cookie.get(SHARES_KEY, []) if isinstance(s, int) and s != share_id]
    cookie[SHARES_KEY] = [share_id, *opened][:MAX_SHARES]
    return share


def granted_share(db: Session, share_id: int) -> WebShare:
    """A share link this browser opened, while it is live."""
    if share_id not in cookie.get(SHARES_KEY, []):
        raise Refused("signed_out")
    share = links.live_share(db, share_id)
    if share is None:
        raise Refused("share_gone")
    return share
