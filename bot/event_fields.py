"""The fields of a webhook event, read defensively: a signed body can still carry wrong
types, over-long ids or control characters (from a buggy proxy or a leaked secret), and
none of that may reach the database or make the webhook fail."""

from __future__ import annotations

import hashlib
import re
from typing import Any

USER_ID = re.compile(r"^U[0-9a-f]{32}$")
_EVENT_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 5000  # LINE's own limit on a text message
MAX_REPLY_TOKEN = 255
MAX_POSTBACK_DATA = 300


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def kind(event: dict[str, Any]) -> str | None:
    value = event.get("type")
    return value if isinstance(value, str) else None


def source_type(event: dict[str, Any]) -> str | None:
    value = _dict(event.get("source")).get("type")
    return value if isinstance(value, str) else None


def user_id(event: dict[str, Any]) -> str | None:
    """The sender's LINE user id, when it looks like one."""
    value = _dict(event.get("source")).get("userId")
    return value if isinstance(value, str) and USER_ID.match(value) else None


def event_id(event: dict[str, Any]) -> str | None:
    """The ``webhookEventId``; an odd one is hashed so that repeats are still recognised."""
    value = event.get("webhookEventId")
    if not isinstance(value, str) or not value:
        return None
    if _EVENT_ID.match(value):
        return value
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


def reply_token(event: dict[str, Any]) -> str | None:
    value = event.get("replyToken")
    if isinstance(value, str) and 0 < len(value) <= MAX_REPLY_TOKEN and value.isprintable():
        return value
    return None


def redelivered(event: dict[str, Any]) -> bool:
    return _dict(event.get("deliveryContext")).get("isRedelivery") is True


def text(event: dict[str, Any]) -> str | None:
    """A text message's text, without control characters (NUL included), or None."""
    message = _dict(event.get("message"))
    value = message.get("text")
    if message.get("type") != "text" or not isinstance(value, str):
        return None
    return _CONTROL.sub("", value[:MAX_TEXT])


def postback_data(event: dict[str, Any]) -> str | None:
    value = _dict(event.get("postback")).get("data")
    return value if isinstance(value, str) and len(value) <= MAX_POSTBACK_DATA else None
