"""Assessments: filtered, paginated list; the result the official saw with every answer;
deletion on request (PDPA), confirmed and audited."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin import audit
from admin.answer_labels import answers_by_issue, by_pillar, framework_for
from admin.assessment_query import (
    PAGE_SIZES,
    SCOPE_FILTERS,
    SORTS,
    STATUS_FILTERS,
    AssessmentFilter,
    ListOrder,
    filtered,
)
from admin.blueprint import blueprint, db_session
from admin.display import (
    AGENCY_TYPE_LABELS,
    LEVEL_COLORS,
    LEVEL_TEXT_COLORS,
    STATUS_LABELS,
    Pagination,
    band_label,
    page_number,
)
from admin.forms import DELETE_SCOPES, DeleteAssessmentForm
from admin.permissions import require
from admin.scope import ScopeLabels, level_heading, scope_label
from admin.segments import resolve_segment
from knowledge.labels import OWN_SCALE_NOTE, issue_level_label
from scoring.model import Framework
from scoring.rules import NEXT_STEPS_SHOWN
from storage.assessments import stored_answers
from storage.flask_ext import catalog
from storage.models import Assessment, Respondent
from storage.personal_data import delete_respondent, deletion_of
from storage.results import StoredResult

CONFIRM_WORD = "ลบ"


def _years(session: Session) -> list[int]:
    years = session.scalars(select(Assessment.framework_year).distinct()).all()
    return sorted(set(years) | set(catalog().years), reverse=True)


@blueprint.get("/assessments/")
@require("view_assessments")
def assessments_list():  # type: ignore[no-untyped-def]
    flt = AssessmentFilter.from_args(request.args)
    order = ListOrder.from_args(request.args)
    with db_session() as session:
        flt = resolve_segment(session, catalog(), flt)
        query = filtered(flt, order)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        pagination = Pagination(page_number(request.args), order.per_page, total)
        rows = session.scalars(query.offset(pagination.offset).limit(order.per_page)).all()
        years = _years(session)
        anything = total > 0 or session.scalar(select(func.count(Assessment.id))) != 0
    for error in flt.errors:
        flash(error, "error")
    scopes = ScopeLabels(catalog())
    return render_template(
        "admin/assessments_list.html",
        rows=rows,
        flt=flt,
        unsegmented_args={k: v for k, v in flt.to_args().items() if k != "segment"},
        order=order,
        sorts=SORTS,
        page_sizes=PAGE_SIZES,
        pagination=pagination,
        years=years,
        anything=anything,
        scope_of=lambda a: None if not a.scope else scopes.label(a.framework_year, a.scope),
        agency_types=AGENCY_TYPE_LABELS,
        status_filters=STATUS_FILTERS,
        scope_filters=SCOPE_FILTERS,
        status_labels=STATUS_LABELS,
        level_colors=LEVEL_COLORS,
        level_text_colors=LEVEL_TEXT_COLORS,
    )


def _level_labels(framework: Framework | None, result: StoredResult | None) -> dict[str, str]:
    """Each issue's level in its own scale ("ขั้นที่ 2 จาก 2 (สูงสุดของประเด็นนี้)"), as the
    chat shows it: a raw step beside its averaging value 5.0 would read as a low level."""
    if framework is None or result is None:
        return {}
    known = framework.index.issues
    return {
        iid: issue_level_label(known[iid].rule, figure.level)
        for iid, figure in result.issues.items()
        if figure.level and iid in known
    }


def _names(framework: Framework | None) -> dict[str, str]:
    if framework is None:
        return {}
    names: dict[str, str] = {}
    for pillar in framework.pillars:
        names[pillar.id] = pillar.name_th
        for sub in pillar.sub_pillars:
            names[sub.id] = sub.name_th
            for issue in sub.issues:
                names[issue.id] = issue.name_th
    return names


@blueprint.get("/assessments/<int:assessment_id>")
@require("view_assessments")
def assessment_detail(assessment_id: int):  # type: ignore[no-untyped-def]
    with db_session() as session:
        assessment = session.get(Assessment, assessment_id)
        if assessment is None:
            abort(404)
        answers = stored_answers(session, assessment_id)
    framework = framework_for(catalog(), assessment.framework_year)
    groups = answers_by_issue(framework, answers.items())
    result = StoredResult.read(assessment.result)
    return render_template(
        "admin/assessment_detail.html",
        a=assessment,
        result=result,
        level_labels=_level_labels(framework, result),
        own_scale_note=OWN_SCALE_NOTE,
        names=_names(framework),
        pillars=by_pillar(groups),
        scope=scope_label(framework, assessment.scope),
        heading=level_heading(framework, assessment.scope),
        agency_types=AGENCY_TYPE_LABELS,
        status_labels=STATUS_LABELS,
        band_label=band_label,
        level_colors=LEVEL_COLORS,
        level_text_colors=LEVEL_TEXT_COLORS,
        shown_steps=NEXT_STEPS_SHOWN,
    )


@blueprint.route("/assessments/<int:assessment_id>/delete", methods=["GET", "POST"])
@require("delete_assessments")
def assessment_delete(assessment_id: int):  # type: ignore[no-untyped-def]
    form = DeleteAssessmentForm()
    confirmed = form.validate_on_submit() and form.confirm.data.strip() == CONFIRM_WORD
    if request.method == "POST" and not confirmed and not form.confirm.errors:
        form.confirm.errors = [f"กรุณาพิมพ์คำว่า {CONFIRM_WORD} ให้ตรงเพื่อยืนยันการลบ"]
    with db_session() as session:
        assessment = session.get(Assessment, assessment_id)
        if assessment is None:
            abort(404)
        # The starter may have deleted their data already: then only this assessment can go.
        starter = assessment.respondent_id
        deletion = None if starter is None else deletion_of(session, starter)
        scopes = {k: v for k, v in DELETE_SCOPES.items() if deletion or k != "respondent"}
        whole_respondent = form.scope.data == "respondent"
        if confirmed and whole_respondent and deletion is None:
            confirmed = False
            form.scope.errors = ["ผู้เริ่มแบบประเมินนี้ลบข้อมูลของตนไปแล้ว ลบได้เฉพาะแบบประเมินนี้"]
        if confirmed:
            message = _delete(session, assessment, whole_respondent)
    if not confirmed:
        return render_template(
            "admin/assessment_delete.html",
            a=assessment,
            form=form,
            deletion=deletion,
            confirm_word=CONFIRM_WORD,
            scopes=scopes,
            agency_types=AGENCY_TYPE_LABELS,
        ), 400 if request.method == "POST" else 200
    flash(message, "success")
    return redirect(url_for("admin.assessments_list"))


def _delete(session: Session, assessment: Assessment, whole_respondent: bool) -> str:
    """Delete (PDPA request) and audit; the message for the admin."""
    detail: dict[str, object] = {
        "agency_name": assessment.agency_name,
        "agency_type": assessment.agency_type,
        "framework_year": assessment.framework_year,
        "status": assessment.status,
    }
    if whole_respondent:
        target = f"respondent/{assessment.respondent_id}"
        # The same deletion as the bot's "ลบข้อมูลของฉัน" (an unused agency name goes too).
        deletion = delete_respondent(session, session.get_one(Respondent, assessment.respondent_id))
        detail["assessments_deleted"] = len(deletion.deleted)
        detail["assessments_kept"] = len(deletion.kept)
        audit.record(session, "respondent_delete", target=target, detail=detail)
        return respondent_deleted_message(len(deletion.deleted), len(deletion.kept))
    session.delete(assessment)
    target = f"assessment/{assessment.id}"
    audit.record(session, "assessment_delete", target=target, detail=detail)
    return f"ลบแบบประเมินเลขที่ {assessment.id} และคำตอบทั้งหมดแล้ว"


def respondent_deleted_message(deleted: int, kept: int) -> str:
    message = f"ลบข้อมูลผู้ตอบรายนี้แล้ว พร้อมแบบประเมิน {deleted} รายการ"
    if kept:
        message += (
            f" ส่วนแบบประเมินของหน่วยงาน {kept} รายการยังเก็บไว้กับหน่วยงาน โดยแสดงผู้ตอบเป็น “ผู้ตอบที่ลบข้อมูลแล้ว”"
        )
    return message
