"""Group and peer figures within a cohort (DECISIONS.md, "Groups and peers").

The cohort is the overall percent of the latest complete assessment of each agency
in the same framework year and agency type; who belongs to it is the caller's query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.rules import MIN_COHORT_SIZE, group_for


@dataclass(frozen=True, slots=True)
class PeerFigures:
    cohort_size: int
    average: float
    # 1 = best; ties share the better rank.
    rank: int
    normalized: float
    group: str

    @property
    def rank_text(self) -> str:
        return f"{self.rank}/{self.cohort_size}"


def normalized_score(percent: float, cohort: Sequence[float]) -> float:
    """Min–max normalization of an overall percent within its cohort."""
    low, high = min(cohort), max(cohort)
    if high == low:
        return 1.0
    return min(1.0, max(0.0, (percent - low) / (high - low)))


def peer_figures(percent: float, cohort: Sequence[float]) -> PeerFigures | None:
    """Figures for one agency, or None when the cohort is too small to say anything.

    ``cohort`` must include the agency's own percent.
    """
    if len(cohort) < MIN_COHORT_SIZE:
        return None
    normalized = normalized_score(percent, cohort)
    return PeerFigures(
        cohort_size=len(cohort),
        average=sum(cohort) / len(cohort),
        rank=1 + sum(1 for other in cohort if other > percent),
        normalized=normalized,
        group=group_for(normalized),
    )
