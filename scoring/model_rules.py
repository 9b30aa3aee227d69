"""Level rules (criteria with their thresholds) and recommendation texts of an issue."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from scoring.model_base import CriteriaType, Id, Strict, ThaiText, ThaiTextModel, require_thai

_DURATION = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)$")

PerType = dict[CriteriaType, int]


def parse_duration(value: str) -> int:
    """'175:18:59' → seconds. Durations are kept exact, as the report prints them."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"duration must look like H:MM:SS, got {value!r}")
    hours, minutes, seconds = (int(part) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


class Condition(ThaiTextModel):
    """One requirement of a level criterion. Exactly one test key is set."""

    question: Id
    checked_at_least: int | PerType | None = None
    checked_all: tuple[Id, ...] | Literal["all"] | None = None
    checked_any: tuple[Id, ...] | None = None
    at_least: float | None = None
    # For duration questions thresholds are written "H:MM:SS" and compared in seconds.
    at_most: float | str | None = None
    is_yes: Literal[True] | None = None
    choice_in: tuple[Id, ...] | None = None
    # Growth of a count question against a base count question, in percent.
    increase_from: Id | None = None
    increase_at_least_percent: float | None = None
    # What to do to meet it, in our words; placeholders: knowledge.checks_actions.
    action: ThaiText

    @field_validator("at_most")
    @classmethod
    def _duration(cls, value: float | str | None) -> float | None:
        if isinstance(value, str):
            return float(parse_duration(value))
        return value

    def test_keys(self) -> list[str]:
        keys = [
            "checked_at_least",
            "checked_all",
            "checked_any",
            "at_least",
            "at_most",
            "is_yes",
            "choice_in",
            "increase_at_least_percent",
        ]
        return [key for key in keys if getattr(self, key) is not None]


class LevelCriterion(Strict):
    level: int = Field(ge=2, le=5)
    # All conditions must hold; a level also requires every lower criterion (cumulative).
    all: tuple[Condition, ...] = Field(min_length=1)


class LevelRule(Strict):
    # "level": levels 1–5 (an issue may top out at 4); "stage": the issue's own stages 1..top.
    scale: Literal["level", "stage"] = "level"
    top: int = Field(ge=2, le=5)
    # Either criteria (levels reached by meeting conditions) or a single-choice question whose
    # options carry the level/stage directly.
    criteria: tuple[LevelCriterion, ...] = ()
    from_choice: Id | None = None


# --- recommendations -----------------------------------------------------------

Band = Literal["1-3", "4", "5", "stage-1", "stage-2", "stage-3"]
TextKey = Literal["all", "service", "policy"]


class Recommendation(Strict):
    """Recommendation texts of one band: one for all agencies, or per criteria type."""

    all: ThaiText | None = None
    service: ThaiText | None = None
    policy: ThaiText | None = None

    @field_validator("all", "service", "policy")
    @classmethod
    def _thai(cls, value: str | None) -> str | None:
        return None if value is None else require_thai(value)

    def texts(self) -> dict[TextKey, str]:
        return {key: text for key in ("all", "service", "policy") if (text := getattr(self, key))}
