"""Correcting the agency register (admin only): edit an agency's canonical name, type and
ministry or province; merge a duplicate into it, its assessments and people following.
Both confirmed, CSRF-protected (Flask-WTF) and audited; the rules are in storage.agencies."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin import audit
from admin.agency_query import place_name
from admin.blueprint import blueprint, db_session
from admin.display import AGENCY_TYPE_LABELS
from admin.forms import AgencyForm, MergeAgencyForm
from admin.permissions import require
from knowledge.register import shipped_register
from storage.agencies import AgencyRefused, change_agency, merge_agencies, similar_agencies
from storage.models import Agency, Assessment, Respondent

CONFIRM_WORD = "รวม"


def _agency(session: Session, agency_id: int) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    return agency


@blueprint.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@require("manage_agencies")
def agency_edit(agency_id: int):  # type: ignore[no-untyped-def]
    form = AgencyForm()
    with db_session() as session:
        agency = _agency(session, agency_id)
        if request.method == "GET":
            form.name.data, form.agency_type.data = agency.name, agency.agency_type
            form.place.data = agency.province_id or agency.ministry_id or ""
        elif form.validate_on_submit():
            before = _facts(agency)
            try:
                if form.agency_type.data not in AGENCY_TYPE_LABELS:
                    raise AgencyRefused("กรุณาเลือกประเภทหน่วยงานจากรายการ")
                with session.begin_nested():
                    change_agency(
                        session, agency, form.name.data, form.agency_type.data, form.place.data
                    )
            except AgencyRefused as refused:
                form.name.errors = [str(refused)]
            else:
                after = _facts(agency)
                changes = ", ".join(
                    f"{before[key] or '–'} → {after[key] or '–'}"
                    for key in before
                    if before[key] != after[key]
                )
                audit.record(
                    session,
                    "agency_edit",
                    target=f"agency/{agency.id}",
                    detail={"agency_name": agency.name, "changes": changes or "ไม่มีการเปลี่ยนแปลง"},
                )
                flash("บันทึกข้อมูลหน่วยงานแล้ว", "success")
                return redirect(url_for("admin.agency_detail", agency_id=agency_id))
        page = render_template(
            "admin/agency_edit.html",
            agency=agency,
            form=form,
            agency_types=AGENCY_TYPE_LABELS,
            register=shipped_register(),
        )
    return page, 400 if request.method == "POST" else 200


@blueprint.route("/agencies/<int:agency_id>/merge", methods=["GET", "POST"])
@require("manage_agencies")
def agency_merge(agency_id: int):  # type: ignore[no-untyped-def]
    form = MergeAgencyForm(request.form if request.method == "POST" else request.args)
    with db_session() as session:
        keep = _agency(session, agency_id)
        other = session.get(Agency, form.other.data) if form.other.data else None
        if request.method == "POST" and form.validate():
            if other is None:
                form.other.errors = ["ไม่พบหน่วยงานรหัสนี้"]
            elif form.confirm.data.strip() != CONFIRM_WORD:
                form.confirm.errors = [f"กรุณาพิมพ์คำว่า {CONFIRM_WORD} ให้ตรงเพื่อยืนยันการรวม"]
            else:
                message = _merge(session, keep, other, form)
                if message:
                    flash(message, "success")
                    return redirect(url_for("admin.agency_detail", agency_id=agency_id))
        page = render_template(
            "admin/agency_merge.html",
            keep=keep,
            other=other if other is not None and other.id != keep.id else None,
            counts=_counts(session, other) if other is not None else None,
            suggestions=_suggestions(session, keep),
            form=form,
            confirm_word=CONFIRM_WORD,
            agency_types=AGENCY_TYPE_LABELS,
            place_name=place_name,
        )
    return page, 400 if request.method == "POST" else 200


def _facts(agency: Agency) -> dict[str, str | None]:
    type_label = AGENCY_TYPE_LABELS.get(agency.agency_type, agency.agency_type)
    return {"name": agency.name, "type": type_label, "place": place_name(agency)}


def _merge(session: Session, keep: Agency, other: Agency, form: MergeAgencyForm) -> str | None:
    """Merge and audit; the message for the admin (None: refused, the reason on the form)."""
    names = {"from_agency": f"{other.name} (รหัส {other.id})", "into_agency": keep.name}
    try:
        with session.begin_nested():
            merged = merge_agencies(session, keep, other)
    except AgencyRefused as refused:
        form.other.errors = [str(refused)]
        return None
    audit.record(
        session,
        "agency_merge",
        target=f"agency/{keep.id}",
        detail={
            **names,
            "assessments_moved": merged.assessments,
            "respondents_moved": merged.respondents,
        },
    )
    return (
        f"รวม “{names['from_agency']}” เข้ากับ “{keep.name}” แล้ว "
        f"ย้ายแบบประเมิน {merged.assessments} รายการและผู้ตอบ {merged.respondents} คน"
    )


def _counts(session: Session, agency: Agency) -> dict[str, int]:
    assessments = select(func.count(Assessment.id)).where(Assessment.agency_id == agency.id)
    people = select(func.count(Respondent.id)).where(Respondent.agency_id == agency.id)
    return {"assessments": session.scalar(assessments) or 0, "people": session.scalar(people) or 0}


def _suggestions(session: Session, keep: Agency) -> list[Agency]:
    """Likely duplicates: the same name of another type, and names near it of any type."""
    found: dict[int, Agency] = {}
    for agency in session.scalars(select(Agency).where(Agency.name == keep.name)):
        found[agency.id] = agency
    for agency_type in AGENCY_TYPE_LABELS:
        for match in similar_agencies(session, keep.name, agency_type, limit=5):
            agency = session.get(Agency, int(match.id))
            if agency is not None:
                found[agency.id] = agency
    found.pop(keep.id, None)
    return list(found.values())
