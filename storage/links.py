"""The web view's links: a user's link generation (revoking moves it on, refusing every
earlier link at once) and the read-only share links of finished assessments.

Links themselves are signed tokens (``bot.web.tokens``); what is stored here is only what
revoking them needs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import WebAccess, WebShare

SHARE_DAYS = 30


def _now() -> datetime:
    return datetime.now(UTC)


def generation(session: Session, respondent_id: int) -> int:
    """The generation a new link of this user is made in (0 until they first revoke)."""
    found = session.get(WebAccess, respondent_id)
    return found.generation if found is not None else 0


def revoke_all(session: Session, respondent_id: int) -> None:
    """Refuse every link the user was given and every share link they made. Run under the
    user's lock (the chat's event), so the read-then-write of the generation is safe."""
    access = session.get(WebAccess, respondent_id)
    if access is None:
        session.add(WebAccess(respondent_id=respondent_id, generation=1))
    else:
        access.generation += 1
    session.execute(
        update(WebShare)
        .where(WebShare.respondent_id == respondent_id, WebShare.revoked_at.is_(None))
        .values(revoked_at=_now())
    )
    session.flush()


def create_share(
    session: Session, respondent_id: int, assessment_id: int, days: int = SHARE_DAYS
) -> WebShare:
    now = _now()
    share = WebShare(
        respondent_id=respondent_id,
        assessment_id=assessment_id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(share)
    session.flush()
    return share


def live_share(session: Session, share_id: int) -> WebShare | None:
    """The share link if it is neither revoked nor expired."""
    share = session.get(WebShare, share_id)
    if share is None or share.revoked_at is not None or share.expires_at <= _now():
        return None
    return share


def shares_of(session: Session, respondent_id: int, assessment_id: int) -> list[WebShare]:
    """The live share links of one assessment, newest first."""
    return list(
        session.scalars(
            select(WebShare)
            .where(
                WebShare.respondent_id == respondent_id,
                WebShare.assessment_id == assessment_id,
                WebShare.revoked_at.is_(None),
                WebShare.expires_at > _now(),
            )
            .order_by(WebShare.id.desc())
        )
    )


def revoke_share(session: Session, respondent_id: int, share_id: int) -> bool:
    """Revoke one of the user's share links; False when it is not theirs or already gone."""
    share = session.get(WebShare, share_id)
    if share is None or share.respondent_id != respondent_id or share.revoked_at is not None:
        return False
    share.revoked_at = _now()
    session.flush()
    return True
