"""LINE webhook payloads for tests, shaped and checked by webhook.yml, and their signature.

Every builder returns one event dict (edit it freely before signing); ``signed_event``
wraps events in a callback body, validates the body against webhook.yml and signs it the
way LINE does (base64 HMAC-SHA256 of the raw body with the channel secret).

Reply tokens handed out here are remembered, so the fake Messaging API knows which user a
reply goes to and answers "Invalid reply token" to one it never issued.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from tests.line_fake.openapi import webhook

CHANNEL_SECRET = "test-channel-secret"
BOT_USER_ID = "U" + "b07" * 10 + "00"  # the bot's own user ID: "destination" of every callback
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

_reply_token_owners: dict[str, str] = {}
_owners_lock = threading.Lock()


def new_user_id() -> str:
    return "U" + secrets.token_hex(16)


def new_group_id() -> str:
    return "C" + secrets.token_hex(16)


def issue_reply_token(user_id: str) -> str:
    """A fresh reply token the fake API will accept once, for ``user_id``."""
    token = secrets.token_hex(16)
    with _owners_lock:
        _reply_token_owners[token] = user_id
    return token


def reply_token_owner(token: str) -> str | None:
    with _owners_lock:
        return _reply_token_owners.get(token)


def new_webhook_event_id(timestamp_ms: int | None = None) -> str:
    """A ULID: 48-bit millisecond time and 80 random bits in Crockford base32."""
    stamp = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    number = (stamp << 80) | secrets.randbits(80)
    return "".join(CROCKFORD[(number >> shift) & 31] for shift in range(125, -1, -5))


def _message_id() -> str:
    return str(secrets.randbelow(9 * 10**17) + 10**17)


def _event(
    kind: str,
    source: dict[str, str],
    *,
    reply: bool,
    redelivery: bool = False,
    timestamp_ms: int | None = None,
    mode: str = "active",
) -> dict[str, Any]:
    stamp = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    event: dict[str, Any] = {
        "type": kind,
        "timestamp": stamp,
        "source": source,
        "mode": mode,
        "webhookEventId": new_webhook_event_id(stamp),
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if reply:
        event["replyToken"] = issue_reply_token(source.get("userId") or source["groupId"])
    return event


def _user(user_id: str) -> dict[str, str]:
    return {"type": "user", "userId": user_id}


def _message_event(user_id: str, content: dict[str, Any], **options: Any) -> dict[str, Any]:
    event = _event("message", _user(user_id), reply=True, **options)
    event["message"] = {"id": _message_id(), **content}
    return event


def text_message_event(user_id: str, text: str, **options: Any) -> dict[str, Any]:
    content = {"type": "text", "text": text, "quoteToken": secrets.token_urlsafe(24)}
    return _message_event(user_id, content, **options)


def sticker_message_event(
    user_id: str, package_id: str = "446", sticker_id: str = "1988", **options: Any
) -> dict[str, Any]:
    content = {
        "type": "sticker",
        "packageId": package_id,
        "stickerId": sticker_id,
        "stickerResourceType": "STATIC",
        "keywords": ["thanks"],
        "quoteToken": secrets.token_urlsafe(24),
    }
    return _message_event(user_id, content, **options)


def image_message_event(user_id: str, **options: Any) -> dict[str, Any]:
    content = {
        "type": "image",
        "contentProvider": {"type": "line"},
        "quoteToken": secrets.token_urlsafe(24),
    }
    return _message_event(user_id, content, **options)


def location_message_event(
    user_id: str,
    latitude: float = 13.7563,
    longitude: float = 100.5018,
    title: str = "ศาลาว่าการกรุงเทพมหานคร",
    address: str = "173 ถนนดินสอ แขวงเสาชิงช้า เขตพระนคร กรุงเทพมหานคร 10200",
    **options: Any,
) -> dict[str, Any]:
    content = {
        "type": "location",
        "latitude": latitude,
        "longitude": longitude,
        "title": title,
        "address": address,
    }
    return _message_event(user_id, content, **options)


def postback_event(
    user_id: str, data: str, params: dict[str, str] | None = None, **options: Any
) -> dict[str, Any]:
    event = _event("postback", _user(user_id), reply=True, **options)
    event["postback"] = {"data": data, **({"params": params} if params else {})}
    return event


def follow_event(user_id: str, unblocked: bool = False, **options: Any) -> dict[str, Any]:
    event = _event("follow", _user(user_id), reply=True, **options)
    event["follow"] = {"isUnblocked": unblocked}
    return event


def unfollow_event(user_id: str, **options: Any) -> dict[str, Any]:
    return _event("unfollow", _user(user_id), reply=False, **options)


def join_event(group_id: str | None = None, **options: Any) -> dict[str, Any]:
    source = {"type": "group", "groupId": group_id or new_group_id()}
    return _event("join", source, reply=True, **options)


def callback_body(*events: dict[str, Any], destination: str = BOT_USER_ID) -> dict[str, Any]:
    """The webhook request body; raises ValueError when it does not match webhook.yml."""
    body = {"destination": destination, "events": list(events)}
    problems = webhook().problems("CallbackRequest", body)
    if problems:
        listed = "\n".join(f"  {problem.where}: {problem.why}" for problem in problems)
        raise ValueError(f"webhook body does not match webhook.yml:\n{listed}")
    return body


def sign(body: bytes, channel_secret: str = CHANNEL_SECRET) -> str:
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True)
class SignedRequest:
    body: bytes
    signature: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json", "X-Line-Signature": self.signature}

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.body)


def signed_event(
    *events: dict[str, Any],
    channel_secret: str = CHANNEL_SECRET,
    destination: str = BOT_USER_ID,
) -> SignedRequest:
    """A validated, signed webhook request carrying ``events`` (none: LINE's verify call)."""
    body = json.dumps(callback_body(*events, destination=destination), ensure_ascii=False)
    raw = body.encode()
    return SignedRequest(raw, sign(raw, channel_secret))
