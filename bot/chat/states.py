"""Where a user is in the chat: one typed state per step, stored as a name and its data.

The stored form (name, data) is kept as earlier releases wrote it, so a conversation
that was under way when the service was upgraded goes on where it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Cursor:
    """The question being asked, and the checklist items ticked but not yet confirmed."""

    assessment_id: int
    question_id: str
    draft: tuple[str, ...] = ()


@dataclass(frozen=True)
class Idle:
    # The question to come back to after "พักไว้ก่อน" (with its ticked items).
    paused: Cursor | None = None


@dataclass(frozen=True)
class ChoosingType:
    pillar: str | None = None  # chosen before (e.g. "ประเมินตัวชี้วัดนี้" from a definition)


@dataclass(frozen=True)
class NamingAgency:
    agency_type: str
    pillar: str | None = None


@dataclass(frozen=True)
class ConfirmingAgency:
    """ "หมายถึง <registered name> ใช่ไหมครับ" after a name close to a registered one."""

    agency_type: str
    typed: str
    suggested: str
    pillar: str | None = None


@dataclass(frozen=True)
class ChoosingPlace:
    """The new agency's ministry (or province, for a provincial unit)."""

    agency_type: str
    agency_name: str
    pillar: str | None = None


@dataclass(frozen=True)
class ChoosingScope:
    agency_type: str
    agency_name: str | None
    place: str | None = None  # the ministry or province id chosen for a new agency


@dataclass(frozen=True)
class ChoosingPillar:
    agency_type: str
    agency_name: str | None
    place: str | None = None


@dataclass(frozen=True)
class ChoosingStart:
    """Start from the agency's answers of an earlier year, or afresh."""

    agency_type: str
    agency_name: str
    place: str | None
    earlier: int  # the earlier assessment's id


@dataclass(frozen=True)
class NamingSelf:
    """The name the team sees, asked once before inviting (``then`` = "invite") or
    joining (``then`` = the invitation code)."""

    then: str


@dataclass(frozen=True)
class ConfirmingJoin:
    code: str


@dataclass(frozen=True)
class ConfirmingSubmit:
    """The coordinator submits while questions are still open."""

    cursor: Cursor | None = None


@dataclass(frozen=True)
class Asking:
    cursor: Cursor


@dataclass(frozen=True)
class ConfirmingDelete:
    pass


@dataclass(frozen=True)
class ConfirmingCancel:
    cursor: Cursor | None = None


@dataclass(frozen=True)
class ConfirmingRestart:
    pillar: str | None = None


State = (
    Idle
    | ChoosingType
    | NamingAgency
    | ConfirmingAgency
    | ChoosingPlace
    | ChoosingScope
    | ChoosingPillar
    | ChoosingStart
    | Asking
    | ConfirmingDelete
    | ConfirmingCancel
    | ConfirmingRestart
    | NamingSelf
    | ConfirmingJoin
    | ConfirmingSubmit
)
SETUP_STATES = (
    ChoosingType,
    NamingAgency,
    ConfirmingAgency,
    ChoosingPlace,
    ChoosingScope,
    ChoosingPillar,
    ChoosingStart,
)
ALL_STATES: tuple[type, ...] = (
    Idle,
    *SETUP_STATES,
    Asking,
    ConfirmingDelete,
    ConfirmingCancel,
    ConfirmingRestart,
    NamingSelf,
    ConfirmingJoin,
    ConfirmingSubmit,
)

# --- stored form ---------------------------------------------------------------------

_NAMES: dict[type, str] = {
    Idle: "idle",
    ChoosingType: "choose_type",
    NamingAgency: "agency_name",
    ChoosingScope: "choose_scope",
    ChoosingPillar: "pillar",
    Asking: "asking",
    ConfirmingDelete: "confirm_delete",
    ConfirmingCancel: "confirm_cancel",
    ConfirmingRestart: "restart",
    ConfirmingAgency: "confirm_agency",
    ChoosingPlace: "place",
    ChoosingStart: "choose_start",
    NamingSelf: "my_name",
    ConfirmingJoin: "confirm_join",
    ConfirmingSubmit: "confirm_submit",
}
_TYPES = {name: kind for kind, name in _NAMES.items()}


def _cursor_data(cursor: Cursor | None) -> dict[str, Any]:
    if cursor is None:
        return {}
    return {
        "assessment": cursor.assessment_id,
        "question": cursor.question_id,
        "draft": list(cursor.draft),
    }


def _cursor(data: dict[str, Any]) -> Cursor | None:
    assessment, question = data.get("assessment"), data.get("question")
    if not isinstance(assessment, int) or not isinstance(question, str):
        return None
    draft = data.get("draft")
    items = [item for item in draft if isinstance(item, str)] if isinstance(draft, list) else []
    return Cursor(assessment, question, tuple(items))


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def encode(state: State) -> tuple[str, dict[str, Any]]:
    """The stored form: a name and JSON data."""
    name = _NAMES[type(state)]
    if isinstance(state, Idle):
        return name, _cursor_data(state.paused)
    if isinstance(state, Asking | ConfirmingCancel | ConfirmingSubmit):
        return name, _cursor_data(state.cursor)
    if isinstance(state, ChoosingType | ConfirmingRestart):
        return name, {"pillar": state.pillar} if state.pillar else {}
    if isinstance(state, NamingAgency):
        return name, {"type": state.agency_type, "pillar": state.pillar}
    if isinstance(state, ChoosingScope | ChoosingPillar):
        return name, {"type": state.agency_type, "name": state.agency_name, "place": state.place}
    return name, _team_data(state)


def _team_data(state: State) -> dict[str, Any]:
    if isinstance(state, ConfirmingAgency):
        return {
            "type": state.agency_type,
            "typed": state.typed,
            "suggested": state.suggested,
            "pillar": state.pillar,
        }
    if isinstance(state, ChoosingPlace):
        return {"type": state.agency_type, "name": state.agency_name, "pillar": state.pillar}
    if isinstance(state, ChoosingStart):
        return {
            "type": state.agency_type,
            "name": state.agency_name,
            "place": state.place,
            "earlier": state.earlier,
        }
    if isinstance(state, NamingSelf):
        return {"then": state.then}
    if isinstance(state, ConfirmingJoin):
        return {"code": state.code}
    return {}


def decode(name: str, data: dict[str, Any] | None) -> State:
    """The state from its stored form; anything unreadable is ``Idle()``."""
    data = data if isinstance(data, dict) else {}
    kind = _TYPES.get(name, Idle)
    agency_type = _text(data, "type")
    if kind is Idle:
        return Idle(_cursor(data))
    if kind is Asking:
        cursor = _cursor(data)
        return Asking(cursor) if cursor else Idle()
    if kind is ConfirmingCancel:
        return ConfirmingCancel(_cursor(data))
    if kind is ConfirmingSubmit:
        return ConfirmingSubmit(_cursor(data))
    if kind in (NamingSelf, ConfirmingJoin):
        return _decode_team(kind, data)
    if kind is ChoosingType:
        return ChoosingType(_text(data, "pillar"))
    if kind is ConfirmingRestart:
        return ConfirmingRestart(_text(data, "pillar"))
    if kind is ConfirmingDelete:
        return ConfirmingDelete()
    if agency_type is None:
        return Idle()
    if kind is NamingAgency:
        return NamingAgency(agency_type, _text(data, "pillar"))
    if kind is ChoosingScope:
        return ChoosingScope(agency_type, _text(data, "name"), _text(data, "place"))
    if kind is ChoosingPillar:
        return ChoosingPillar(agency_type, _text(data, "name"), _text(data, "place"))
    return _decode_setup(kind, agency_type, data)


def _decode_setup(kind: type, agency_type: str, data: dict[str, Any]) -> State:
    name, pillar = _text(data, "name"), _text(data, "pillar")
    if kind is ConfirmingAgency:
        typed, suggested = _text(data, "typed"), _text(data, "suggested")
        if typed and suggested:
            return ConfirmingAgency(agency_type, typed, suggested, pillar)
    elif kind is ChoosingPlace and name:
        return ChoosingPlace(agency_type, name, pillar)
    elif kind is ChoosingStart and name and isinstance(data.get("earlier"), int):
        return ChoosingStart(agency_type, name, _text(data, "place"), data["earlier"])
    return Idle()


def _decode_team(kind: type, data: dict[str, Any]) -> State:
    if kind is NamingSelf and (then := _text(data, "then")):
        return NamingSelf(then)
    if kind is ConfirmingJoin and (code := _text(data, "code")):
        return ConfirmingJoin(code)
    return Idle()
