"""Dashboard figures from the results that count (``admin.counted``): levels counted, the
weakest issues, and the change from the year before (pure functions)."""

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
    values: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        return sum(self.values) / len(self.values) if self.values else None

    def add(self, level: Any, value: float | None = None) -> None:
        if level in self.counts:
            self.counts[level] += 1
        else:
            self.without_level += 1
        if value is not None:
            self.values.append(value)

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
        if result is None:
            overall.add(None)
        else:
            overall.add(result.overall.level, result.overall.value)
    pillars: dict[str, Distribution] = {}
    values: dict[str, list[float]] = {}
    for pillar_id, chosen in latest.per_pillar.items():
        distribution = pillars[pillar_id] = Distribution()
        for row in chosen.values():
            result = results.get(row.id)
            figure = result.pillars.get(pillar_id) if result else None
            distribution.add(figure.level if figure else None, figure.value if figure else None)
            for issue_id in issues_of_pillar.get(pillar_id, ()):
                issue = result.issues.get(issue_id) if result else None
                if issue is not None and issue.value is not None:
                    values.setdefault(issue_id, []).append(issue.value)
    weak = [WeakIssue(iid, sum(v) / len(v), len(v)) for iid, v in values.items() if v]
    weak.sort(key=lambda w: (w.mean_value, w.issue_id))
    return DashboardFigures(overall, pillars, weak[:WEAKEST_SHOWN])


@dataclass(frozen=True)
class Change:
    """One figure this year and the year before."""

    label: str
    now: float | None
    before: float | None
    decimals: int = 0

    @property
    def delta(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before


def year_on_year(
    now: DashboardFigures, before: DashboardFigures, pillar_names: Mapping[str, str]
) -> list[Change]:
    """Agencies counted, the mean overall value, agencies at each level and each pillar's
    mean value (pillars both years share, by id)."""
    changes = [
        Change("หน่วยงานที่นับในภาพรวม", now.overall.total, before.overall.total),
        Change("ค่าเฉลี่ยระดับภาพรวม", now.overall.mean, before.overall.mean, 2),
    ]
    changes += [
        Change(f"หน่วยงานระดับ {level}", now.overall.counts[level], before.overall.counts[level])
        for level in LEVELS
    ]
    for pillar_id, name in pillar_names.items():
        if pillar_id in now.pillars and pillar_id in before.pillars:
            mean_now, mean_before = now.pillars[pillar_id].mean, before.pillars[pillar_id].mean
            changes.append(Change(f"ค่าเฉลี่ย{name}", mean_now, mean_before, 2))
    return changes
