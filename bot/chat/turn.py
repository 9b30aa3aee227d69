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
    """The assessment a ``StartAssessment`` effect created (fed back to the machine)."""

    assessment_id: int


Input = Follow | Text | Tap | BadTap | Unsupported | Started

# --- effects ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveAnswer:
    assessment_id: int
    question_id: str
    value: AnswerValue | None  # None: skipped


@dataclass(frozen=True)
class StartAssessment:
    """Create an assessment (an unfinished one is cancelled); answered by ``Started``."""

    framework_year: int
    agency_type: str
    agency_name: str | None
    scope: tuple[str, ...] | None


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


Effect = (
    SaveAnswer
    | StartAssessment
    | ReviseAssessment
    | CancelAssessment
    | CompleteAssessment
    | RememberAgency
    | RevokeWebLinks
    | DeleteMyData
)


@dataclass(frozen=True)
class Decision:
    messages: tuple[Message, ...]
    state: State
    effects: tuple[Effect, ...] = ()
    # A menu (bot.chat.commands) to offer under the last message when it has no buttons.
    menu: str | None = None
