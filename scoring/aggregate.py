"""Issue values → sub-pillar, pillar and overall values, levels and percents.

DECISIONS.md, "Aggregation" and "Percent score": values are plain means of the level
below (maturity-model sub-pillars only), decimals kept all the way, displayed level =
floor. Percents: issue % from its value; sub-pillar % = mean; pillar % = weighted mean
of its sub-pillars (the one known weight is data); overall % = pillar % × pillar weight.
Only answered issues count; a unit with nothing answered has no value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scoring.model import Pillar, SubPillar
from scoring.rules import floor_level, percent_of_value


@dataclass(frozen=True, slots=True)
class Figure:
    """Value, displayed level and self-assessment percent of one sub-pillar, pillar or overall."""

    value: float | None
    level: int | None
    percent: float | None
    answered: int
    total: int


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def figure(value: float | None, percent: float | None, answered: int, total: int) -> Figure:
    level = None if value is None else floor_level(value)
    return Figure(value, level, percent, answered, total)


def sub_pillar_figure(sub: SubPillar, issue_values: Mapping[str, float]) -> Figure:
    """``issue_values``: the values of this sub-pillar's scored issues."""
    values = list(issue_values.values())
    value = mean(values)
    # Mean of issue percents = percent of the mean value (the mapping is linear).
    percent = None if value is None else percent_of_value(value)
    return figure(value, percent, len(values), len(sub.issues))


def sub_pillar_weights(pillar: Pillar) -> dict[str, float]:
    """Share of each maturity-model sub-pillar in its pillar percent, kept on the pillar.

    Sub-pillars with a ``score_weight`` keep it; the others share the rest equally.
    """
    if pillar._weights is None:
        subs = [s for s in pillar.sub_pillars if s.in_maturity_model]
        fixed = {s.id: s.score_weight for s in subs if s.score_weight is not None}
        free = [s.id for s in subs if s.score_weight is None]
        rest = (1.0 - sum(fixed.values())) / len(free) if free else 0.0
        pillar._weights = {**fixed, **dict.fromkeys(free, rest)}
    return pillar._weights


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (weight, value) pairs, re-normalized over the pairs present."""
    pairs = list(pairs)
    total = sum(weight for weight, _ in pairs)
    if not pairs or total <= 0:
        return None
    return sum(weight * value for weight, value in pairs) / total


def pillar_figure(pillar: Pillar, subs: Mapping[str, Figure]) -> Figure:
    in_model = [s for s in pillar.sub_pillars if s.in_maturity_model]
    values = [subs[s.id].value for s in in_model if subs[s.id].value is not None]
    weights = sub_pillar_weights(pillar)
    percent = weighted_mean(
        (weights[s.id], subs[s.id].percent)  # type: ignore[misc]
        for s in in_model
        if subs[s.id].percent is not None
    )
    answered = sum(subs[s.id].answered for s in in_model)
    total = sum(subs[s.id].total for s in in_model)
    return figure(mean(values), percent, answered, total)  # type: ignore[arg-type]


def overall_percent(pillar_percents: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ pillar % × weight, over the pillars present (weights re-normalized).

    With all six pillars present this is exactly Σ pillar % × (20, 20, 30, 10, 15, 5) %.
    """
    result = weighted_mean((weights[pid], pct) for pid, pct in pillar_percents.items())
    if result is None:
        raise ValueError("no pillar percent to weight")
    return result


def overall_figure(pillars: Sequence[Pillar], figures: Mapping[str, Figure]) -> Figure:
    values = [figures[p.id].value for p in pillars if figures[p.id].value is not None]
    percents = {p.id: figures[p.id].percent for p in pillars if figures[p.id].percent is not None}
    percent = (
        overall_percent(percents, {p.id: p.weight for p in pillars})  # type: ignore[arg-type]
        if percents
        else None
    )
    answered = sum(figures[p.id].answered for p in pillars)
    total = sum(figures[p.id].total for p in pillars)
    return figure(mean(values), percent, answered, total)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Totals:
    sub_pillars: dict[str, Figure]
    pillars: dict[str, Figure]
    overall: Figure


def aggregate(pillars: Sequence[Pillar], values: Mapping[str, float]) -> Totals:
    """Sub-pillar, pillar and overall figures of the given issue values (issues missing
    from ``values`` are unscored)."""
    sub_figures: dict[str, Figure] = {}
    pillar_figures: dict[str, Figure] = {}
    for pillar in pillars:
        for sub in pillar.sub_pillars:
            scored = {i.id: values[i.id] for i in sub.issues if i.id in values}
            sub_figures[sub.id] = sub_pillar_figure(sub, scored)
        pillar_figures[pillar.id] = pillar_figure(pillar, sub_figures)
    return Totals(sub_figures, pillar_figures, overall_figure(pillars, pillar_figures))
