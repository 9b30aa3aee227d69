"""The dashboard (admin.index): counts, overall levels, per-pillar level shares, the weakest
issues, the change since the year before and how far officials get (the funnel).

Figures use the result that counts for each agency (its latest completed assessment, see
``admin.counted``) in the chosen framework year, agency type and days; every chart segment
links to the list of exactly the assessments it counts.
"""

from __future__ import annotations

from dataclasses import replace

from flask import flash, render_template, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin import dashboard_charts as made
from admin.answer_labels import framework_for
from admin.assessment_query import AssessmentFilter
from admin.blueprint import blueprint, db_session
from admin.counted import counted
from admin.dashboard_charts import Links
from admin.display import AGENCY_TYPE_LABELS
from admin.funnel import funnel, progress
from admin.permissions import require
from admin.stats import DashboardFigures, figures, year_on_year
from scoring.model import Framework
from storage.assessments import Status
from storage.flask_ext import catalog
from storage.models import Assessment


def known_years(session: Session) -> list[int]:
    stored = set(session.scalars(select(Assessment.framework_year).distinct()))
    return sorted(stored | set(catalog().years), reverse=True)


def chosen_year(years: list[int]) -> int:
    raw = request.args.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in years else catalog().current.year


def _figures(
    session: Session, flt: AssessmentFilter, year: int, framework: Framework | None
) -> tuple[DashboardFigures, int]:
    """The figures, and how many agencies have a completed result."""
    pillar_ids = [p.id for p in framework.pillars] if framework else []
    found = counted(session, flt, year, pillar_ids)
    issues_of_pillar = {
        p.id: [i.id for s in p.sub_pillars for i in s.issues]
        for p in (framework.pillars if framework else ())
    }
    agencies = len({row.agency_key for row in found.rows})
    return figures(found.latest, found.results, issues_of_pillar), agencies


def _counts(session: Session, flt: AssessmentFilter) -> dict[str, int]:
    count = flt.apply(select(func.count(Assessment.id)))
    total = session.scalar(count) or 0
    completed = session.scalar(count.where(Assessment.status == Status.COMPLETED)) or 0
    return {"assessments": total, "completed": completed, "unfinished": total - completed}


@blueprint.get("/")
@require("view_dashboard")
def index():  # type: ignore[no-untyped-def]
    args = AssessmentFilter.from_args(request.args)
    for error in args.errors:
        flash(error, "error")
    with db_session() as session:
        years = known_years(session)
        year = chosen_year(years)
        flt = AssessmentFilter(
            agency_type=args.agency_type, year=year, date_from=args.date_from, date_to=args.date_to
        )
        framework = framework_for(catalog(), year)
        counts = _counts(session, flt)
        data, counts["agencies"] = _figures(session, flt, year, framework)
        before_year = next((y for y in years if y < year), None)
        before = None
        if before_year is not None:
            before_flt = replace(flt, year=before_year, date_from=None, date_to=None)
            before_framework = framework_for(catalog(), before_year)
            before = _figures(session, before_flt, before_year, before_framework)[0]
        found = funnel(progress(session, flt, framework), framework) if framework else None
    links = Links(flt.to_args(), current_user.can("view_assessments"))
    pillar_names = (
        {p.id: f"ตัวชี้วัดที่ {p.number} {p.name_th}" for p in framework.pillars}
        if framework
        else {}
    )
    charts = {}
    if framework is not None:
        charts = {
            "overall_chart": made.overall_chart(data, framework, links),
            "pillar_chart": made.pillar_chart(data, framework, links),
            "weakest_chart": made.weakest_chart(data, framework, links),
        }
        if found is not None:
            charts["funnel_chart"] = made.funnel_chart(found, framework, links)
            charts["pause_chart"] = made.pause_chart(found, framework, links)
    return render_template(
        "admin/index.html",
        counts=counts,
        data=data,
        flt=flt,
        year=year,
        years=years,
        before_year=before_year,
        changes=year_on_year(data, before, pillar_names) if before else [],
        funnel=found,
        links=links,
        agency_types=AGENCY_TYPE_LABELS,
        pillar_names=pillar_names,
        issue_names={i.id: i.name_th for _, _, i in framework.issues()} if framework else {},
        **charts,
    )
