"""A province's (or any group's) roll-up, as the 2560 provincial letters gave it: the
levels of its agencies and the issues weakest across them (DECISIONS.md, issue levels).

Pure: the caller passes each agency's issue levels from its counted result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring.model import Framework

WEAKEST_SHOWN = 5


@dataclass(frozen=True)
class WeakIssue:
    issue_id: str
    pillar_id: str
    mean_level: float  # over the agencies with a level for this issue
    agencies: int


def weakest_issues(
    framework: Framework,
    issue_levels: Sequence[Mapping[str, int | None]],
    shown: int = WEAKEST_SHOWN,
) -> list[WeakIssue]:
    """The ``shown`` issues with the lowest mean level over the agencies (one mapping of
    issue id → level per agency; an issue without a level is left out of its mean), ties
    in the framework's order of issues."""
    found = []
    for order, (pillar, _, issue) in enumerate(framework.issues()):
        levels = [lv for agency in issue_levels if (lv := agency.get(issue.id)) is not None]
        if levels:
            mean = sum(levels) / len(levels)
            found.append((mean, order, WeakIssue(issue.id, pillar.id, mean, len(levels))))
    found.sort(key=lambda item: (item[0], item[1]))
    return [weak for _, _, weak in found[:shown]]


def level_counts(levels: Sequence[int | None]) -> dict[int, int]:
    """How many agencies are at each level 1–5 (an agency without a level is not counted)."""
    counts = dict.fromkeys(range(1, 6), 0)
    for level in levels:
        if level in counts:
            counts[level] += 1
    return counts
