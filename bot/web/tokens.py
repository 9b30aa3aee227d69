"""Signed links to the web view.

An official's link names the LINE user (respondent), one of their assessments and their
link generation; it expires after ``LINK_DAYS`` and is refused once the user revokes
their links (the generation moves on). A share link names one share row, which the
official can revoke. Both are signed with the app's SECRET_KEY (itsdangerous) and travel
in the address's fragment (``/web/open#…``), which browsers never send to the server, so
no access log, proxy or Referer ever holds one; the page posts it once to open a session.

With ``LIFF_ID`` set, the official's links are LIFF addresses instead: the LINE app
opens the page and the server learns the user from the verified ID token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from storage.links import SHARE_DAYS

LINK_DAYS = 7
_OWNER_SALT = "dgr.web.owner-link"
_SHARE_SALT = "dgr.web.share-link"
# The pages a link may land on, and their paths under /web/.
PAGES = {"report": "a/{id}", "answers": "a/{id}/answers", "history": "history"}
# Where a LIFF address may lead (its path after the LIFF ID).
# group 1: the assessment id, group 2: "/answers"; neither for "history".
LIFF_PATH = re.compile(r"^(?:a/(\d{1,12})(/answers)?|history)$")


class Refusal(Enum):
    """Why a link opens nothing (each has its own Thai page)."""

    INVALID = "invalid"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class OwnerLink:
    respondent_id: int
    assessment_id: int
    generation: int
    issued_at: datetime

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + timedelta(days=LINK_DAYS)


def _signer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)  # type: ignore[arg-type]


def _base() -> str:
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")


def liff_id() -> str:
    return str(current_app.config.get("LIFF_ID") or "")


def owner_token(respondent_id: int, generation: int, assessment_id: int) -> str:
    payload = {"u": respondent_id, "a": assessment_id, "g": generation}
    return str(_signer(_OWNER_SALT).dumps(payload))


def owner_link(respondent_id: int, generation: int, assessment_id: int, page: str) -> str:
    """The address an official opens from the chat: ``page`` is "report", "answers" or
    "history"."""
    path = PAGES[page].format(id=assessment_id)
    if liff := liff_id():
        return f"https://liff.line.me/{liff}/{path}"
    token = owner_token(respondent_id, generation, assessment_id)
    return f"{_base()}/web/open#to={page}&t={token}"


def share_link(share_id: int) -> str:
    token = _signer(_SHARE_SALT).dumps({"s": share_id})
    return f"{_base()}/web/open#t={token}"


def _load(token: str, salt: str, days: int) -> tuple[dict, datetime] | Refusal:
    try:
        payload, issued = _signer(salt).loads(token, max_age=days * 86400, return_timestamp=True)
    except SignatureExpired:
        return Refusal.EXPIRED
    except BadSignature:
        return Refusal.INVALID
    if not isinstance(payload, dict):
        return Refusal.INVALID
    return payload, issued.astimezone(UTC)


def read_owner(token: str) -> OwnerLink | Refusal | None:
    """The official's link in ``token``; None when it is no owner link at all."""
    loaded = _load(token, _OWNER_SALT, LINK_DAYS)
    if isinstance(loaded, Refusal):
        return None if loaded is Refusal.INVALID else loaded
    payload, issued = loaded
    values = [payload.get(key) for key in ("u", "a", "g")]
    if not all(isinstance(value, int) for value in values):
        return Refusal.INVALID
    respondent_id, assessment_id, generation = values
    return OwnerLink(respondent_id, assessment_id, generation, issued)  # type: ignore[arg-type]


def read_share(token: str) -> int | Refusal:
    """The share row a share link names."""
    loaded = _load(token, _SHARE_SALT, SHARE_DAYS)
    if isinstance(loaded, Refusal):
        return loaded
    share_id = loaded[0].get("s")
    return share_id if isinstance(share_id, int) else Refusal.INVALID
