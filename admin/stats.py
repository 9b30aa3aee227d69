"""Dashboard figures from the result that counts for each agency (pure functions).

Which result counts is ``storage.assessments.latest_per_agency``; here the levels are
counted and the weakest issues found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storage.assessments import LatestResults
from storage.results import StoredResult

LEVELS = (1, 2, 3, 4, 5)
WEAKEST_SHOWN = 10


@dataclass
class Distribution:
    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    without_level: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, level: Any) -> None:
        if level in self.counts:
            self.counts[level] += 1
        else:
            self.without_level += 1

    def share(self, level: int) -> float:
        return self.counts[level] / self.total * 100 if self.total else 0.0


@dataclass(frozen=True)
class WeakIssue:
    issue_id: str
    mean_value: float
    agencies: int


@dataclass
class DashboardFigures:
    overall: Distribution
    pillars: dict[str, Distribution]
    weakest: list[WeakIssue]


def figures(
    latest: LatestResults,
    results: Mapping[int, StoredResult],
    issues_of_pillar: Mapping[str, Sequence[str]],
) -> DashboardFigures:
    overall = Distribution()
    for row in latest.overall.values():
        result = results.get(row.id)
        overall.add(result.overall.level if result else None)
    pillars: dict[str, Distribution] = {}
    values: dict[str, list[float]] = {}
    for pillar_id, chosen in latest.per_pillar.items():
        distribution = pillars[pillar_id] = Distribution()
        for row in chosen.values():
            result = results.get(row.id)
            figure = result.pillars.get(pillar_id) if result else None
            distribution.add(figure.level if figure else None)
            for issue_id in issues_of_pillar.get(pillar_id, ()):
                issue = result.issues.get(issue_id) if result else None
                if issue is not None and issue.value is not None:
                    values.setdefault(issue_id, []).append(issue.value)
    weak = [WeakIssue(iid, sum(v) / len(v), len(v)) for iid, v in values.items() if v]
    weak.sort(key=lambda w: (w.mean_value, w.issue_id))
    return DashboardFigures(overall, pillars, weak[:WEAKEST_SHOWN])
