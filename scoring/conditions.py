"""Where an answer stands against one condition of a level criterion."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConditionState:
    met: bool
    share: float
    # How many more criteria (checklist items, or 1 for a single test) are missing.
    missing_units: int
    missing_items: tuple[str, ...] = ()


MET = ConditionState(True, 1.0, 0)
NOT_MET = ConditionState(False, 0.0, 1)
