"""A result as JSON (what ``dgr score`` prints and what is stored with an assessment;
read back through ``storage.results.StoredResult``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scoring.aggregate import Figure

if TYPE_CHECKING:
    from scoring.assessment import AssessmentResult


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _range(pair: tuple[float, float] | None) -> list[float] | None:
    return None if pair is None else [round(pair[0], 4), round(pair[1], 4)]


def _figure(f: Figure) -> dict[str, Any]:
    return {
        "value": _round(f.value),
        "level": f.level,
        "percent": _round(f.percent),
        "answered": f.answered,
        "total": f.total,
    }


def result_dict(result: AssessmentResult) -> dict[str, Any]:
    stage = result.stage
    overall = {
        **_figure(result.overall),
        "stage_en": stage.name_en if stage else None,
        "stage_th": stage.name_th if stage else None,
    }
    if result.value_range is not None:
        overall |= {"range": _range(result.value_range)}
        overall |= {"percent_range": _range(result.percent_range)}
    return {
        "framework_year": result.framework_year,
        "agency_type": result.agency_type,
        "scope": list(result.scope),
        "complete": result.complete,
        "overall": overall,
        "pillars": {pid: _figure(f) for pid, f in result.pillars.items()},
        "sub_pillars": {sid: _figure(f) for sid, f in result.sub_pillars.items()},
        "issues": {
            iid: {"status": lv.status, "level": lv.raw_level, "value": _round(lv.value)}
            for iid, lv in result.issues.items()
        },
        "skipped": list(result.skipped),
        "not_covered": list(result.not_covered),
        "recommendations": [
            {"issue": r.issue_id, "band": r.band, "text": r.text, "unmet": list(r.unmet)}
            for r in result.recommendations
        ],
        "next_steps": [
            {
                "issue": s.issue_id,
                "pillar": s.pillar_id,
                "from_level": s.from_level,
                "to_level": s.to_level,
                "gain": _round(s.gain),
                "score_gain": _round(s.score_gain),
                "criteria_to_add": s.units,
                "actions": list(s.actions),
            }
            for s in result.next_steps
        ],
    }
