"""What the fake LINE platform records and remembers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import Headers


@dataclass
class RecordedRequest:
    number: int
    request_id: str  # sent back as X-Line-Request-Id
    method: str
    path: str
    host: str  # "api" or "api-data"
    headers: Headers  # case-insensitive: headers["X-Line-Retry-Key"]
    body: Any  # the parsed JSON body, or None
    raw: bytes
    operation: str | None = None  # LINE's operationId, e.g. "replyMessage"
    status: int = 0
    response: Any = None

    def __str__(self) -> str:
        return f"request #{self.number} {self.method} {self.path}"


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Violation:
    request: str
    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.request}: {self.where}: {self.why}"


@dataclass
class Delivery:
    to: str | None  # the user (or group) the messages went to
    via: str  # "reply" or "push"
    messages: list[dict[str, Any]]


@dataclass
class FakeState:
    """What LINE would remember; handlers read and change it under the fake's lock."""

    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    rich_menus: dict[str, dict[str, Any]] = field(default_factory=dict)
    rich_menu_images: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    default_rich_menu_id: str | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    used_reply_tokens: set[str] = field(default_factory=set)
    # retry key → (X-Line-Request-Id of the accepted push, its sentMessages)
    accepted_retry_keys: dict[str, tuple[str, list[dict[str, str]]]] = field(default_factory=dict)
    reply_token_reuse: list[str] = field(default_factory=list)
    invalid_reply_tokens: list[str] = field(default_factory=list)
    # ID tokens the fake LINE Login issued (token → login.IssuedIdToken).
    id_tokens: dict[str, Any] = field(default_factory=dict)
