"""What the chat machine takes and gives: inputs, effects and the decision.

A handler gets (state, input, view) and returns a ``Decision``: the messages to send,
the next state, and the effects to write. The webhook applies the effects in the
event's one transaction; the unit tests apply them to an in-memory world.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.chat.postbacks import Postback
from bot.chat.states import State
from bot.chat.view import Invitation
from scoring.answers import AnswerValue
from scoring.assessment import AssessmentResult

Message = dict[str, Any]

# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Follow:
    """The user added the bot (or unblocked it)."""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Tap:
    postback: Postback


@dataclass(frozen=True)
class BadTap:
    """A postback the bot did not send (or one too old to read)."""


@dataclass(frozen=True)
class Unsupported:
    """A sticker, image, location …: the bot reads text and buttons only."""


@dataclass(frozen=True)
class Started:
    """The assessment a ``StartAssessment`` effect created (fed back to the machine); or
    none, and the team a colleague opened first for that agency and year."""

    assessment_id: int | None
    opened_first: Invitation | None = None


@dataclass(frozen=True)
class Invited:
    """The invitation code a ``MakeInvite`` effect made."""

    code: str


@dataclass(frozen=True)
class Joined:
    """The user is now in the team of this assessment (``JoinTeam``); None when the code
    stopped working in the meantime."""

    assessment_id: int | None


Input = Follow | Text | Tap | BadTap | Unsupported | Started | Invited | Joined

# --- effects ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveAnswer:
    assessment_id: int
    question_id: str
    value: AnswerValue | None  # None: skipped
    # Last time's answer kept as it is (skipped while still "จากครั้งก่อน").
    passed: bool = False


@dataclass(frozen=True)
class StartAssessment:
    """Create an assessment, the user its coordinator (their unfinished one is cancelled,
    or left when it has a team); answered by ``Started``."""

    framework_year: int
    agency_type: str
    agency_name: str | None
    scope: tuple[str, ...] | None
    place: str | None = None  # a new agency's ministry or province
    carry_from: int | None = None  # start from this earlier assessment's answers


@dataclass(frozen=True)
class ReviseAssessment:
    """A new assessment from a finished one's answers, without those in ``drop`` (they are
    asked again); answered by ``Started``. The finished one stays in the history."""

    assessment_id: int
    drop: tuple[str, ...]


@dataclass(frozen=True)
class CancelAssessment:
    assessment_id: int


@dataclass(frozen=True)
class CompleteAssessment:
    assessment_id: int
    result: AssessmentResult


@dataclass(frozen=True)
class RememberAgency:
    """The agency type (and name) the user gave, offered again next time."""

    agency_type: str
    agency_name: str | None = None


@dataclass(frozen=True)
class RevokeWebLinks:
    """Refuse every web link the user was given and every share link they made."""


@dataclass(frozen=True)
class DeleteMyData:
    """Everything about the user (PDPA); only after the state's version is checked."""


@dataclass(frozen=True)
class Tell:
    """Push messages to other people (team members, by respondent id)."""

    to: tuple[int, ...]
    messages: tuple[Message, ...]


@dataclass(frozen=True)
class SetDisplayName:
    name: str


@dataclass(frozen=True)
class MakeInvite:
    """A new invitation code for the team (the old one stops working); answered by
    ``Invited``."""

    assessment_id: int


@dataclass(frozen=True)
class RevokeInvite:
    assessment_id: int


@dataclass(frozen=True)
class JoinTeam:
    """Join the team the code invites to, leaving the user's unfinished assessment (or
    team); answered by ``Joined``, or by nothing when the code no longer works."""

    code: str


@dataclass(frozen=True)
class ChangeTeam:
    """The coordinator assigns or unassigns a pillar, hands the role over, or removes a
    member; a member leaves (``respondent_id`` is then their own)."""

    assessment_id: int
    respondent_id: int
    action: str  # "assign" | "unassign" | "hand_over" | "remove" | "leave"
    pillar_id: str | None = None


Effect = (
    SaveAnswer
    | StartAssessment
    | ReviseAssessment
    | CancelAssessment
    | CompleteAssessment
    | RememberAgency
    | RevokeWebLinks
    | DeleteMyData
    | Tell
    | SetDisplayName
    | MakeInvite
    | RevokeInvite
    | JoinTeam
    | ChangeTeam
)


@dataclass(frozen=True)
class Decision:
    messages: tuple[Message, ...]
    state: State
    effects: tuple[Effect, ...] = ()
    # A menu (bot.chat.commands) to offer under the last message when it has no buttons.
    menu: str | None = None
