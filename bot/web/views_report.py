"""The report (the official's page and the read-only shared one), the history, and
making and revoking share links."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from sqlalchemy.orm import Session

from bot import texts
from bot.web.access import current_owner, granted_share, owned_assessment
from bot.web.blueprint import blueprint
from bot.web.editing import live_result
from bot.web.pages import history_sections
from bot.web.report import build_report, thai_date
from bot.web.tokens import share_link
from storage import links
from storage.assessments import Status
from storage.flask_ext import catalog, database
from storage.models import Assessment, WebShare


@dataclass(frozen=True)
class ShareView:
    id: int
    url: str
    until: str


def _render_report(template: str, db: Session, assessment: Assessment, **extra: object) -> str:
    result = live_result(db, catalog(), assessment)
    report = build_report(catalog(), assessment, result)
    return render_template(
        template, report=report, self_assessment_note=texts.SELF_ASSESSMENT_NOTE, **extra
    )


@blueprint.get("/a/<int:assessment_id>")
def report(assessment_id: int):  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = current_owner(db)
        assessment = owned_assessment(db, owner, assessment_id)
        shares = [
            ShareView(s.id, share_link(s.id), thai_date(s.expires_at))
            for s in links.shares_of(db, owner.respondent_id, assessment.id)
        ]
        return _render_report(
            "web/report.html", db, assessment, shares=shares, share_days=links.SHARE_DAYS
        )


@blueprint.get("/shared/<int:share_id>")
def shared(share_id: int):  # type: ignore[no-untyped-def]
    """A supervisor's read-only report: no LINE needed, nothing about the official."""
    with database().session() as db:
        share = granted_share(db, share_id)
        assessment = db.get_one(Assessment, share.assessment_id)
        return _render_report("web/shared.html", db, assessment)


@blueprint.get("/history")
def history():  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = current_owner(db)
        sections = history_sections(db, catalog(), owner.respondent_id)
    latest = next((row.assessment_id for s in sections for row in s.rows), None)
    return render_template("web/history.html", sections=sections, assessment_id=latest)


@blueprint.post("/a/<int:assessment_id>/shares")
def create_share(assessment_id: int):  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = current_owner(db)
        assessment = owned_assessment(db, owner, assessment_id)
        if assessment.status == Status.COMPLETED:
            links.create_share(db, owner.respondent_id, assessment.id)
            flash("สร้างลิงก์แชร์แล้ว คัดลอกลิงก์ด้านล่างส่งให้ผู้บังคับบัญชาได้เลย", "web")
    return redirect(url_for("web.report", assessment_id=assessment_id, _anchor="share"), 303)


@blueprint.post("/shares/<int:share_id>/revoke")
def revoke_share(share_id: int):  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = current_owner(db)
        share = db.get(WebShare, share_id)
        mine = share is not None and share.respondent_id == owner.respondent_id
        assessment_id = share.assessment_id if share is not None and mine else None
        if links.revoke_share(db, owner.respondent_id, share_id):
            flash("ยกเลิกลิงก์แชร์แล้ว ผู้ที่ได้รับลิงก์นี้จะเปิดรายงานไม่ได้อีก", "web")
    if assessment_id is None:
        return redirect(url_for("web.history"), 303)
    return redirect(url_for("web.report", assessment_id=assessment_id, _anchor="share"), 303)
