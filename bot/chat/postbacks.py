"""Postback data: one codec for every button the bot sends.

The message builders encode, the webhook decodes, and the tests build taps with the same
functions. The wire form ("t=ans&a=12&q=P1.DaP.1.items&v=yes") is the one earlier
releases sent, so buttons already in users' chats keep working. Anything malformed or
hand-made decodes to None and is never applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode

MAX_DATA = 300  # LINE's limit on postback data
_SAFE = re.compile(r"^[A-Za-z0-9_.\-]*$")
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,80}$")
_NUMBER = re.compile(r"^\d{1,12}$")


@dataclass(frozen=True)
class AnswerTap:
    """One answer by button: a choice, yes/no, a number preset or "ไม่แน่ใจ"."""

    kind: ClassVar[str] = "ans"
    assessment_id: int
    question_id: str
    value: str


@dataclass(frozen=True)
class ItemTap:
    """Tick (``on``) or untick one checklist item."""

    kind: ClassVar[str] = "set"
    assessment_id: int
    question_id: str
    item: str
    on: bool


@dataclass(frozen=True)
class ConfirmItems:
    kind: ClassVar[str] = "done"
    assessment_id: int
    question_id: str


@dataclass(frozen=True)
class ShowQuestion:
    """Show a question again (a checklist with the items ticked so far)."""

    kind: ClassVar[str] = "show"
    assessment_id: int
    question_id: str


@dataclass(frozen=True)
class ChooseType:
    kind: ClassVar[str] = "type"
    agency_type: str


@dataclass(frozen=True)
class ChoosePillar:
    kind: ClassVar[str] = "pillar"
    pillar_id: str


@dataclass(frozen=True)
class ShowRecommendations:
    kind: ClassVar[str] = "rec"
    assessment_id: int | None = None


@dataclass(frozen=True)
class AnswerMissing:
    """Answer what a finished assessment skipped or was unsure of (a new revision)."""

    kind: ClassVar[str] = "miss"
    assessment_id: int


@dataclass(frozen=True)
class Define:
    """Show a framework entry or glossary term."""

    kind: ClassVar[str] = "def"
    entry_id: str


@dataclass(frozen=True)
class ShowLevels:
    """Show every level's criteria of an issue (the Q&A's "ดูเกณฑ์แต่ละระดับ")."""

    kind: ClassVar[str] = "lv"
    entry_id: str


@dataclass(frozen=True)
class ReadMore:
    """Show the whole entry (the Q&A's "อ่านต่อ")."""

    kind: ClassVar[str] = "more"
    entry_id: str


@dataclass(frozen=True)
class AssessPillar:
    kind: ClassVar[str] = "assess"
    pillar_id: str | None = None


Postback = (
    AnswerTap
    | ItemTap
    | ConfirmItems
    | ShowQuestion
    | ChooseType
    | ChoosePillar
    | ShowRecommendations
    | AnswerMissing
    | Define
    | ShowLevels
    | ReadMore
    | AssessPillar
)
ALL_POSTBACKS: tuple[type, ...] = (
    AnswerTap,
    ItemTap,
    ConfirmItems,
    ShowQuestion,
    ChooseType,
    ChoosePillar,
    ShowRecommendations,
    AnswerMissing,
    Define,
    ShowLevels,
    ReadMore,
    AssessPillar,
)

# Field name → wire key; the wire keys are short to stay far below LINE's limit.
_KEYS = {
    "assessment_id": "a",
    "question_id": "q",
    "value": "v",
    "item": "i",
    "on": "on",
    "agency_type": "v",
    "pillar_id": "v",
    "entry_id": "id",
}
_KINDS: dict[str, type] = {kind.kind: kind for kind in ALL_POSTBACKS}  # type: ignore[attr-defined]
_KINDS["num"] = AnswerTap  # a number preset, as releases before the codec sent it
_WIRE_OVERRIDES = {(AssessPillar, "pillar_id"): "p"}


def _wire_key(kind: type, name: str) -> str:
    return _WIRE_OVERRIDES.get((kind, name), _KEYS[name])


def encode(postback: Postback) -> str:
    values: dict[str, str] = {"t": postback.kind}
    for item in fields(postback):
        value = getattr(postback, item.name)
        if value is None:
            continue
        if isinstance(value, bool):
            value = int(value)
        values[_wire_key(type(postback), item.name)] = str(value)
    if all(_SAFE.match(value) for value in values.values()):
        # Ids and numbers need no escaping; skipping urlencode saves ~15 µs per button.
        data = "&".join(f"{key}={value}" for key, value in values.items())
    else:
        data = urlencode(values)
    if len(data) > MAX_DATA:
        raise ValueError(f"postback data too long ({len(data)} characters)")
    return data


def _field(name: str, raw: str | None, optional: bool) -> Any:
    if raw is None:
        if optional:
            return None
        raise ValueError(name)
    if name == "assessment_id":
        if not _NUMBER.match(raw):
            raise ValueError(name)
        return int(raw)
    if name == "on":
        if raw not in ("0", "1"):
            raise ValueError(name)
        return raw == "1"
    if not _ID.match(raw):
        raise ValueError(name)
    return raw


def decode(data: str) -> Postback | None:
    """The postback, or None for anything the bot did not send."""
    if not isinstance(data, str) or len(data) > MAX_DATA:
        return None
    try:
        pairs = dict(parse_qsl(data, keep_blank_values=True, max_num_fields=8))
    except ValueError:
        return None
    kind = _KINDS.get(pairs.get("t", ""))
    if kind is None:
        return None
    values: dict[str, Any] = {}
    try:
        for item in fields(kind):
            optional = item.default is None
            raw = pairs.get(_wire_key(kind, item.name))
            values[item.name] = _field(item.name, raw, optional)
    except ValueError:
        return None
    return kind(**values)
