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
# A condition on a question not answered or answered "ไม่แน่ใจ": counted as not met, and
# told apart (by identity) so that no next step is worded from a missing answer.
UNSURE_PART = ConditionState(False, 0.0, 1)
