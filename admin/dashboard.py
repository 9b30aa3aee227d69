"""The dashboard (admin.index): counts, overall levels, per-pillar level shares, weakest issues.

Figures use the result that counts for each agency (its latest completed assessment),
as the annual summary does, in the chosen framework year.
"""

from __future__ import annotations

from flask import render_template, request
from markupsafe import Markup
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from admin import charts
from admin.blueprint import blueprint, db_session
from admin.display import AGENCY_TYPE_LABELS
from admin.permissions import require
from admin.stats import DashboardFigures, figures
from scoring.model import Framework
from storage.assessments import Status, completed_rows, latest_per_agency
from storage.flask_ext import catalog
from storage.models import Assessment
from storage.results import StoredResult

CHUNK = 500


def _scoped(query: Select, year: int, agency_type: str) -> Select:
    query = query.where(Assessment.framework_year == year)
    if agency_type:
        query = query.where(Assessment.agency_type == agency_type)
    return query


def _results(session: Session, ids: set[int]) -> dict[int, StoredResult]:
    ordered = sorted(ids)
    results: dict[int, StoredResult] = {}
    for start in range(0, len(ordered), CHUNK):
        query = select(Assessment.id, Assessment.result).where(
            Assessment.id.in_(ordered[start : start + CHUNK])
        )
        for assessment_id, stored in session.execute(query):
            if (result := StoredResult.read(stored)) is not None:
                results[assessment_id] = result
    return results


def _year(session: Session) -> tuple[int, list[int]]:
    stored = set(session.scalars(select(Assessment.framework_year).distinct()))
    years = sorted(stored | set(catalog().years), reverse=True)
    raw = request.args.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else catalog().current.year
    return year, years


def _names(framework: Framework | None) -> dict[str, dict[str, str]]:
    if framework is None:
        return {"pillar_names": {}, "issue_names": {}}
    return {
        "pillar_names": {p.id: f"{p.number}. {p.name_th}" for p in framework.pillars},
        "issue_names": {i.id: i.name_th for _, _, i in framework.issues()},
    }


def _charts(framework: Framework | None, data: DashboardFigures) -> dict[str, Markup]:
    if framework is None:
        return {}
    stage_names = {s.level: s.name_th.removeprefix("ระดับขั้น") for s in framework.stages}
    names = _names(framework)
    issue_names, pillar_names = names["issue_names"], names["pillar_names"]
    weakest = [
        (
            issue_names.get(w.issue_id, w.issue_id),
            w.mean_value,
            f"{issue_names.get(w.issue_id, w.issue_id)}: ค่าเฉลี่ย {w.mean_value:.2f} "
            f"จาก {w.agencies:,} หน่วยงาน",
        )
        for w in data.weakest
    ]
    return {
        "overall_chart": charts.level_columns(
            data.overall.counts, stage_names, "จำนวนหน่วยงานตามระดับความพร้อมภาพรวม"
        ),
        "pillar_chart": charts.stacked_shares(
            [charts.StackedRow(pillar_names[p], data.pillars[p].counts) for p in data.pillars],
            "สัดส่วนหน่วยงานในแต่ละระดับ รายตัวชี้วัด",
        ),
        "weakest_chart": charts.value_bars(
            weakest, "ประเด็นที่หน่วยงานทำได้น้อยที่สุด (ค่าเฉลี่ยระดับ 1–5)"
        ),
    }


@blueprint.get("/")
@require("view_dashboard")
def index():  # type: ignore[no-untyped-def]
    agency_type = request.args.get("agency_type", "")
    agency_type = agency_type if agency_type in AGENCY_TYPE_LABELS else ""
    with db_session() as session:
        year, years = _year(session)
        framework = catalog().years[year].framework if year in catalog().years else None
        count = _scoped(select(func.count(Assessment.id)), year, agency_type)
        total = session.scalar(count) or 0
        completed = session.scalar(count.where(Assessment.status == Status.COMPLETED)) or 0
        rows = completed_rows(session, year, agency_type)
        pillar_ids = [p.id for p in framework.pillars] if framework else []
        latest = latest_per_agency(rows, pillar_ids)
        wanted = {r.id for r in latest.overall.values()}
        wanted |= {r.id for chosen in latest.per_pillar.values() for r in chosen.values()}
        results = _results(session, wanted)
    issues_of_pillar = {
        p.id: [i.id for s in p.sub_pillars for i in s.issues]
        for p in (framework.pillars if framework else ())
    }
    data = figures(latest, results, issues_of_pillar)
    counts = {
        "assessments": total,
        "completed": completed,
        "unfinished": total - completed,
        "agencies": len({r.agency_key for r in rows}),
    }
    return render_template(
        "admin/index.html",
        counts=counts,
        data=data,
        year=year,
        years=years,
        agency_type=agency_type,
        agency_types=AGENCY_TYPE_LABELS,
        pillar_ids=pillar_ids,
        **_names(framework),
        **_charts(framework, data),
    )
