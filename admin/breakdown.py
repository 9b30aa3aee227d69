"""Breakdowns of the dashboard's figures by ministry and by province (/admin/breakdown),
and one province's roll-up (/admin/provinces/<id>): its agencies' levels and the issues
weakest across them, as the 2560 provincial letters gave them.

An agency counts as answered when it has a counted whole-framework result
(``admin.counted``: its latest completed one of the year, under the dashboard's agency
type and days). The denominator is the agencies in the register (``Agency`` rows) of
that ministry or province: the agencies that have named themselves to the bot."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask import abort, flash, render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.answer_labels import framework_for
from admin.assessment_query import AssessmentFilter
from admin.blueprint import blueprint, db_session
from admin.counted import counted
from admin.dashboard import chosen_year, known_years
from admin.display import AGENCY_TYPE_LABELS, LEVEL_COLORS, LEVEL_TEXT_COLORS
from admin.permissions import require
from knowledge.register import Place, shipped_register
from scoring.rollup import level_counts, weakest_issues
from storage.flask_ext import catalog
from storage.models import Agency, Assessment


@dataclass
class PlaceRow:
    place: Place
    registered: int = 0
    answered: int = 0
    assessments: int = 0
    levels: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))

    @property
    def rate(self) -> float | None:
        return self.answered / self.registered * 100 if self.registered else None


def place_rows(
    places: Iterable[Place],
    place_of_agency: Mapping[int, str],
    assessments_of_agency: Mapping[int, int],
    level_of_answered: Mapping[int, int | None],
) -> list[PlaceRow]:
    """One row per place with any registered agency: agencies registered and answered,
    assessments, and the answered agencies' overall levels."""
    rows = {place.id: PlaceRow(place) for place in places}
    for agency_id, place_id in place_of_agency.items():
        row = rows.get(place_id)
        if row is None:
            continue
        row.registered += 1
        row.assessments += assessments_of_agency.get(agency_id, 0)
        if agency_id in level_of_answered:
            row.answered += 1
            level = level_of_answered[agency_id]
            if level in row.levels:
                row.levels[level] += 1
    return [row for row in rows.values() if row.registered]


def _dashboard_filter(session: Session) -> tuple[AssessmentFilter, list[int]]:
    args = AssessmentFilter.from_args(request.args)
    for error in args.errors:
        flash(error, "error")
    years = known_years(session)
    return AssessmentFilter(
        agency_type=args.agency_type,
        year=chosen_year(years),
        date_from=args.date_from,
        date_to=args.date_to,
    ), years


def _answered_levels(session: Session, flt: AssessmentFilter) -> dict[int, int | None]:
    """Agency id → the overall level of its counted whole-framework result."""
    assert flt.year is not None
    found = counted(session, flt, flt.year, [])
    levels = {}
    for key, row in found.latest.overall.items():
        if key.startswith("agency:"):
            levels[int(key.removeprefix("agency:"))] = found.overall_level(row)
    return levels


@blueprint.get("/breakdown")
@require("view_assessments")
def breakdown():  # type: ignore[no-untyped-def]
    register = shipped_register()
    with db_session() as session:
        flt, years = _dashboard_filter(session)
        agencies = select(Agency)
        if flt.agency_type:
            agencies = agencies.where(Agency.agency_type == flt.agency_type)
        registered = session.scalars(agencies).all()
        counts = Counter(
            dict(
                session.execute(
                    flt.apply(select(Assessment.agency_id, func.count(Assessment.id)))
                    .where(Assessment.agency_id.is_not(None))
                    .group_by(Assessment.agency_id)
                ).all()
            )
        )
        levels = _answered_levels(session, flt)
    ministries = {a.id: a.ministry_id for a in registered if a.ministry_id}
    provinces = {a.id: a.province_id for a in registered if a.province_id}
    unplaced = sum(1 for a in registered if not (a.ministry_id or a.province_id))
    return render_template(
        "admin/breakdown.html",
        flt=flt,
        year=flt.year,
        years=years,
        ministry_rows=place_rows(register.ministries, ministries, counts, levels),
        province_rows=place_rows(register.provinces, provinces, counts, levels),
        unplaced=unplaced,
        agency_types=AGENCY_TYPE_LABELS,
        level_colors=LEVEL_COLORS,
        level_text_colors=LEVEL_TEXT_COLORS,
    )


@dataclass(frozen=True)
class RolledAgency:
    agency: Agency
    assessment_id: int | None
    level: int | None


@blueprint.get("/provinces/<province_id>")
@require("view_assessments")
def province_rollup(province_id: str):  # type: ignore[no-untyped-def]
    province = next((p for p in shipped_register().provinces if p.id == province_id), None)
    if province is None:
        abort(404)
    with db_session() as session:
        flt, years = _dashboard_filter(session)
        assert flt.year is not None
        agencies = session.scalars(
            select(Agency).where(Agency.province_id == province_id).order_by(Agency.name)
        ).all()
        found = counted(session, flt, flt.year, [])
    rolled, issue_levels = [], []
    for agency in agencies:
        row = found.latest.overall.get(f"agency:{agency.id}")
        result = found.results.get(row.id) if row else None
        level = found.overall_level(row) if row else None
        rolled.append(RolledAgency(agency, row.id if row else None, level))
        if result is not None:
            issue_levels.append({i: issue.level for i, issue in result.issues.items()})
    framework = framework_for(catalog(), flt.year)
    weakest = weakest_issues(framework, issue_levels) if framework else []
    names = {i.id: i.name_th for _, _, i in framework.issues()} if framework else {}
    pillars = (
        {p.id: f"ตัวชี้วัดที่ {p.number} {p.name_th}" for p in framework.pillars} if framework else {}
    )
    return render_template(
        "admin/province_rollup.html",
        province=province,
        flt=flt,
        year=flt.year,
        years=years,
        rolled=rolled,
        answered=len(issue_levels),
        levels=level_counts([r.level for r in rolled if r.assessment_id]),
        weakest=weakest,
        issue_names=names,
        pillar_names=pillars,
        agency_types=AGENCY_TYPE_LABELS,
        level_colors=LEVEL_COLORS,
        level_text_colors=LEVEL_TEXT_COLORS,
    )
