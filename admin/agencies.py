"""The agencies pages: the register with each agency's latest assessment per framework
year and its team, and one agency's assessments by year with members and progress."""

from __future__ import annotations

from itertools import groupby

from flask import abort, render_template, request
from sqlalchemy import func, select

from admin.agency_query import (
    PAGE_SIZE,
    AgencyFilter,
    agencies_page,
    agency_rows,
    answers_by_assessment,
    answers_given,
    pillar_progress,
    place_name,
    teams_of,
)
from admin.answer_labels import framework_for
from admin.blueprint import blueprint, db_session
from admin.display import (
    AGENCY_TYPE_LABELS,
    LEVEL_COLORS,
    LEVEL_TEXT_COLORS,
    STATUS_LABELS,
    Pagination,
    page_number,
)
from admin.permissions import require
from knowledge.register import shipped_register
from storage.flask_ext import catalog
from storage.models import Agency, Assessment, Respondent

ROLE_LABELS = {"coordinator": "ผู้ประสานงาน", "member": "สมาชิก"}


def _shared() -> dict[str, object]:
    register = shipped_register()
    return {
        "agency_types": AGENCY_TYPE_LABELS,
        "ministries": register.ministries,
        "provinces": register.provinces,
        "status_labels": STATUS_LABELS,
        "level_colors": LEVEL_COLORS,
        "level_text_colors": LEVEL_TEXT_COLORS,
        "role_labels": ROLE_LABELS,
    }


@blueprint.get("/agencies/")
@require("view_assessments")
def agencies_list():  # type: ignore[no-untyped-def]
    flt = AgencyFilter.from_args(request.args)
    page = page_number(request.args)
    with db_session() as session:
        agencies, total = agencies_page(session, flt, page)
        rows = agency_rows(session, agencies, catalog())
    return render_template(
        "admin/agencies_list.html",
        rows=rows,
        flt=flt,
        pagination=Pagination(page, PAGE_SIZE, total),
        **_shared(),
    )


@blueprint.get("/agencies/<int:agency_id>")
@require("view_assessments")
def agency_detail(agency_id: int):  # type: ignore[no-untyped-def]
    with db_session() as session:
        agency = session.get(Agency, agency_id)
        if agency is None:
            abort(404)
        assessments = session.scalars(
            select(Assessment)
            .where(Assessment.agency_id == agency_id)
            .order_by(
                Assessment.framework_year.desc(), Assessment.started_at.desc(), Assessment.id.desc()
            )
        ).all()
        ids = [a.id for a in assessments]
        teams = teams_of(session, ids, answers_given(session, ids))
        answers = answers_by_assessment(session, ids)
        people = session.scalar(
            select(func.count(Respondent.id)).where(Respondent.agency_id == agency_id)
        )
    progress = {}
    for assessment in assessments:
        framework = framework_for(catalog(), assessment.framework_year)
        if framework is not None:
            found = answers.get(assessment.id, {})
            progress[assessment.id] = pillar_progress(framework, assessment.scope, found)
    by_year = groupby(assessments, lambda a: a.framework_year)
    years = [(year, list(group)) for year, group in by_year]
    return render_template(
        "admin/agency_detail.html",
        agency=agency,
        place=place_name(agency),
        people=people,
        years=years,
        teams=teams,
        progress=progress,
        **_shared(),
    )
