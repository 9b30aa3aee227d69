"""A result shown in a view: another year's pillars over the same issue levels (e.g. the
2566 seven pillars over the 2565 issues), by the view's editorial mapping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.schema import FrameworkView, ViewPillar
from scoring.aggregate import mean
from scoring.rules import floor_level


@dataclass(frozen=True)
class ViewFigure:
    pillar: ViewPillar
    value: float | None
    level: int | None
    answered: int

    @property
    def stage_name(self) -> str | None:
        """In Thai with the English name in brackets: "เทคโนโลยีชั้นนำ (Leading-tech)"."""
        return self.pillar.stage_label(self.level) if self.level else None


def regroup(view: FrameworkView, issue_values: Mapping[str, float]) -> list[ViewFigure]:
    """Each view pillar's value: the mean of its mapped issues' values (answered ones)."""
    figures = []
    for pillar in view.pillars:
        values = [issue_values[i] for i in pillar.issues if i in issue_values]
        value = mean(values)
        level = floor_level(value) if value is not None else None
        figures.append(ViewFigure(pillar, value, level, len(values)))
    return figures
