"""Dashboard figures from the latest completed assessment of each agency (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

LEVELS = (1, 2, 3, 4, 5)
WEAKEST_SHOWN = 10


@dataclass(frozen=True)
class CompletedRow:
    """What is needed to choose each agency's latest assessment (no result JSON)."""

    id: int
    agency_key: str
    finished_at: datetime
    scope: tuple[str, ...] | None


def agency_key(
    agency_id: int | None, agency_name: str | None, agency_type: str, respondent_id: int
) -> str:
    """One agency: its record, else its name and type, else the one LINE user."""
    if agency_id is not None:
        return f"agency:{agency_id}"
    if agency_name and agency_name.strip():
        return f"name:{agency_type}:{' '.join(agency_name.split()).casefold()}"
    return f"respondent:{respondent_id}"


def _covers(row: CompletedRow, pillar_id: str) -> bool:
    return row.scope is None or pillar_id in row.scope


def _is_full(row: CompletedRow, pillar_ids: Sequence[str]) -> bool:
    return row.scope is None or set(pillar_ids) <= set(row.scope)


def latest_by_agency(
    rows: Iterable[CompletedRow], pillar_ids: Sequence[str]
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """(agency → latest full assessment id, pillar → agency → latest assessment covering it).

    A one-pillar assessment after a full one updates that pillar only, never the overall.
    """
    ordered = sorted(rows, key=lambda r: (r.finished_at, r.id), reverse=True)
    overall: dict[str, int] = {}
    per_pillar: dict[str, dict[str, int]] = {p: {} for p in pillar_ids}
    for row in ordered:
        if _is_full(row, pillar_ids):
            overall.setdefault(row.agency_key, row.id)
        for pillar_id in pillar_ids:
            if _covers(row, pillar_id):
                per_pillar[pillar_id].setdefault(row.agency_key, row.id)
    return overall, per_pillar


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
    overall_ids: Mapping[str, int],
    pillar_ids: Mapping[str, Mapping[str, int]],
    results: Mapping[int, Mapping[str, Any]],
    issues_of_pillar: Mapping[str, Sequence[str]],
) -> DashboardFigures:
    overall = Distribution()
    for assessment_id in overall_ids.values():
        overall.add((results.get(assessment_id) or {}).get("overall", {}).get("level"))
    pillars: dict[str, Distribution] = {}
    values: dict[str, list[float]] = {}
    for pillar_id, chosen in pillar_ids.items():
        distribution = pillars[pillar_id] = Distribution()
        for assessment_id in chosen.values():
            result = results.get(assessment_id) or {}
            distribution.add(result.get("pillars", {}).get(pillar_id, {}).get("level"))
            for issue_id in issues_of_pillar.get(pillar_id, ()):
                value = result.get("issues", {}).get(issue_id, {}).get("value")
                if isinstance(value, int | float):
                    values.setdefault(issue_id, []).append(float(value))
    weak = [WeakIssue(iid, sum(v) / len(v), len(v)) for iid, v in values.items() if v]
    weak.sort(key=lambda w: (w.mean_value, w.issue_id))
    return DashboardFigures(overall, pillars, weak[:WEAKEST_SHOWN])
