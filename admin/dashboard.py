"""The dashboard (admin.index): counts, overall levels, per-pillar level shares, weakest issues.

Figures use the latest completed assessment of each agency, as the annual summary does.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from admin import charts
from admin.blueprint import blueprint, db_session
from admin.display import AGENCY_TYPE_LABELS
from admin.permissions import require
from admin.stats import CompletedRow, agency_key, figures, latest_by_agency
from knowledge.loader import shipped_framework
from storage.models import Assessment

CHUNK = 500


def _scoped(query: Select, year: int, agency_type: str) -> Select:
    query = query.where(Assessment.framework_year == year)
    if agency_type:
        query = query.where(Assessment.agency_type == agency_type)
    return query


def _completed_rows(session: Session, year: int, agency_type: str) -> list[CompletedRow]:
    query = _scoped(
        select(
            Assessment.id,
            Assessment.agency_id,
            Assessment.agency_name,
            Assessment.agency_type,
            Assessment.respondent_id,
            Assessment.scope,
            func.coalesce(Assessment.finished_at, Assessment.updated_at),
        ).where(Assessment.status == "completed", Assessment.result.is_not(None)),
        year,
        agency_type,
    )
    return [
        CompletedRow(
            id=row[0],
            agency_key=agency_key(row[1], row[2], row[3], row[4]),
            finished_at=row[6],
            scope=tuple(row[5]) if row[5] else None,
        )
        for row in session.execute(query)
    ]


def _results(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    ordered = sorted(ids)
    results: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        query = select(Assessment.id, Assessment.result).where(Assessment.id.in_(chunk))
        results.update({aid: result or {} for aid, result in session.execute(query)})
    return results


@blueprint.get("/")
@require("view_dashboard")
def index():  # type: ignore[no-untyped-def]
    framework = shipped_framework()
    with db_session() as session:
        years = sorted(
            set(session.scalars(select(Assessment.framework_year).distinct())) | {framework.year},
            reverse=True,
        )
        year_raw = request.args.get("year", "")
        year = int(year_raw) if year_raw.isdigit() and int(year_raw) in years else framework.year
        agency_type = request.args.get("agency_type", "")
        agency_type = agency_type if agency_type in AGENCY_TYPE_LABELS else ""
        count = _scoped(select(func.count(Assessment.id)), year, agency_type)
        total = session.scalar(count) or 0
        completed = session.scalar(count.where(Assessment.status == "completed")) or 0
        rows = _completed_rows(session, year, agency_type)
        pillar_ids = [p.id for p in framework.pillars] if year == framework.year else []
        overall_ids, per_pillar = latest_by_agency(rows, pillar_ids)
        wanted = set(overall_ids.values()) | {i for c in per_pillar.values() for i in c.values()}
        results = _results(session, wanted)
    issues_of_pillar = {
        p.id: [i.id for s in p.sub_pillars for i in s.issues] for p in framework.pillars
    }
    data = figures(overall_ids, per_pillar, results, issues_of_pillar)
    stage_names = {s.level: s.name_th.removeprefix("ระดับขั้น") for s in framework.stages}
    issue_names = {i.id: i.name_th for _, _, i in framework.issues()}
    pillar_names = {p.id: f"{p.number}. {p.name_th}" for p in framework.pillars}
    overall_chart = charts.level_columns(
        data.overall.counts, stage_names, "จำนวนหน่วยงานตามระดับความพร้อมภาพรวม"
    )
    pillar_chart = charts.stacked_shares(
        [charts.StackedRow(pillar_names[p], data.pillars[p].counts) for p in pillar_ids],
        "สัดส่วนหน่วยงานในแต่ละระดับ รายตัวชี้วัด",
    )
    weakest_chart = charts.value_bars(
        [
            (
                f"{issue_names.get(w.issue_id, w.issue_id)}",
                w.mean_value,
                f"{issue_names.get(w.issue_id, w.issue_id)}: ค่าเฉลี่ย {w.mean_value:.2f} "
                f"จาก {w.agencies:,} หน่วยงาน",
            )
            for w in data.weakest
        ],
        "ประเด็นที่หน่วยงานทำได้น้อยที่สุด (ค่าเฉลี่ยระดับ 1–5)",
    )
    return render_template(
        "admin/index.html",
        counts={
            "assessments": total,
            "completed": completed,
            "unfinished": total - completed,
            "agencies": len({r.agency_key for r in rows}),
        },
        data=data,
        year=year,
        years=years,
        agency_type=agency_type,
        agency_types=AGENCY_TYPE_LABELS,
        pillar_ids=pillar_ids,
        pillar_names=pillar_names,
        issue_names=issue_names,
        stage_names=stage_names,
        overall_chart=overall_chart,
        pillar_chart=pillar_chart,
        weakest_chart=weakest_chart,
    )
