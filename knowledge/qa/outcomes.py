"""What ``QAIndex.ask`` returns, and the context it asks in."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.qa.entries import Entry
from knowledge.qa.intent import Intent
from knowledge.qa.small_talk import SmallTalkKind
from scoring.model import CriteriaType


@dataclass(frozen=True)
class Context:
    """Where the official is: the issue of the question being asked (mid-assessment, "ข้อนี้"
    means it), their criteria type (12 vs 9 guidelines in P1.DP.1) and the framework year."""

    issue_id: str | None = None
    criteria_type: CriteriaType | None = None
    year: int = 2565


@dataclass(frozen=True)
class Answer:
    entry: Entry
    intent: Intent = "definition"
    # The level asked about ("ระดับ 4", or the issue's own top for "ได้เต็ม").
    level: int | None = None
    criteria_type: CriteriaType | None = None
    # The next one or two candidates, offered as "หรือหมายถึง …".
    also: tuple[Entry, ...] = ()
    score: float = 1.0
    # What the question named, without the question words ("gdx" in "GDX ย่อมาจากอะไร").
    asked: str = ""


@dataclass(frozen=True)
class Choose:
    """Close candidates: ask "หมายถึงข้อใดครับ"."""

    candidates: tuple[Entry, ...]
    intent: Intent = "definition"
    level: int | None = None


@dataclass(frozen=True)
class OutOfScope:
    """Nothing in the framework answers it (the weather, a made-up term)."""


@dataclass(frozen=True)
class SmallTalk:
    kind: SmallTalkKind


Outcome = Answer | Choose | OutOfScope | SmallTalk
