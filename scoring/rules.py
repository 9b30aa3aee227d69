"""The product's rules where the sources are silent (shared/domain/DECISIONS.md).

Every rule of DECISIONS.md has one named function or constant here; the rest of
``scoring`` only combines them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from scoring.model import AgencyType, CriteriaType, LevelRule

Band = Literal["1-3", "4", "5", "stage-1", "stage-2", "stage-3"]

# "ขึ้นไป", "อย่างน้อย" and "มากกว่า…ขึ้นไป" are read as ≥, "ไม่เกิน" as ≤ (Issue levels).
# The comparisons in scoring.levels use exactly these two operators.

# A "กำลังดำเนินการ" answer counts as less than half of a one-item criterion → level 2.
PARTIAL_ANSWER_CREDIT = 0.25

# Groups and peers are shown only for a cohort of at least this many agencies.
MIN_COHORT_SIZE = 10

# Normalized-score thresholds of the groups (FRAMEWORK.md §2.8), highest first.
GROUP_THRESHOLDS: tuple[tuple[str, float], ...] = (
    ("Very High", 0.75),
    ("High", 0.5),
    ("Middle", 0.25),
    ("Low", 0.0),
)

# Show the first 3–5 personal next steps.
NEXT_STEPS_SHOWN = 5


def criteria_type_for(agency_type: AgencyType) -> CriteriaType:
    """Provincial units use the service-providing criteria (Agency types)."""
    return "policy" if agency_type == "policy" else "service"


def split_below_entry(fraction_met: float) -> int:
    """Levels 1–3 below the first criterion: none met → 1, < half → 2, ≥ half → 3."""
    if fraction_met <= 0:
        return 1
    if fraction_met < 0.5:
        return 2
    return 3


def aggregation_value(rule: LevelRule, raw_level: int) -> float:
    """The value an issue contributes to averages (Issue levels).

    An issue at its own top counts as 5; stages s of S map to 1 + 4·(s−1)/(S−1);
    a capped issue below its top keeps its level.
    """
    if raw_level >= rule.top:
        return 5.0
    if rule.scale == "stage":
        return 1 + 4 * (raw_level - 1) / (rule.top - 1)
    return float(raw_level)


def floor_level(value: float) -> int:
    """A displayed level is reached only when fully reached (Aggregation)."""
    # Guard against 3.9999999 from float sums of exact values.
    return math.floor(value + 1e-9)


def shown_value(value: float) -> str:
    """A fractional level or average as every surface shows it: one decimal, cut like the
    level itself (3.17 → "3.1", 3.96 → "3.9", never "4.0" beside level 3)."""
    return f"{floor_level(value * 10) / 10:.1f}"


def band_for(rule: LevelRule, raw_level: int) -> Band:
    """Which recommendation row applies to an issue at this level."""
    if rule.scale == "stage":
        return f"stage-{raw_level}"  # type: ignore[return-value]
    if raw_level <= 3:
        return "1-3"
    return "4" if raw_level == 4 else "5"


def bands_of(rule: LevelRule) -> Sequence[Band]:
    """All bands an issue with this rule can be in (each needs a recommendation text)."""
    if rule.scale == "stage":
        return [f"stage-{stage}" for stage in range(1, rule.top + 1)]  # type: ignore[misc]
    reachable: set[int] = {1, 2, 3}
    if rule.from_choice is None:
        reachable |= {criterion.level for criterion in rule.criteria}
    else:
        reachable |= set(range(4, rule.top + 1))
    return sorted({band_for(rule, level) for level in reachable})


def percent_of_value(value: float) -> float:
    """Self-assessment percent of an issue value: (value − 1) / 4 × 100 (Percent score)."""
    return (value - 1) / 4 * 100


def group_for(normalized: float) -> str:
    """Very High / High / Middle / Low from a normalized score in [0, 1]."""
    for name, threshold in GROUP_THRESHOLDS:
        if normalized >= threshold:
            return name
    return GROUP_THRESHOLDS[-1][0]
