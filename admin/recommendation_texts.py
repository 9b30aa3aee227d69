"""Recommendation texts: browse pillar → sub-pillar → issue, edit each band × agency type,
history with diffs, restore and reset. Every save is a new TextVersion; nothing is cached
in the process, so the bot (which reads ``text_overrides`` per request) uses it at once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from admin import audit
from admin.blueprint import blueprint, db_session, flash_near
from admin.display import TEXT_KEY_LABELS, band_label
from admin.forms import RecommendationForm, RestoreForm
from admin.permissions import require
from admin.text_rules import (
    LINE_TEXT_MESSAGE_MAX,
    RECOMMENDATION_MAX,
)
from admin.text_saving import RACE_NOTICE, TextSlot, save_text
from admin.versions import as_text, history
from scoring.model import Framework, Issue
from storage.flask_ext import catalog
from storage.models import RecommendationText
from storage.texts import (
    RECOMMENDATION,
    add_version,
    get_version,
    key_of,
    latest_numbers,
    recommendation_row,
    recommendation_rows,
)

KIND = RECOMMENDATION
KEY_ORDER = ("all", "service", "policy")
LIMITS = {"max": RECOMMENDATION_MAX, "line_max": LINE_TEXT_MESSAGE_MAX}


def edited_framework() -> Framework:
    """The framework year being edited (``?year=``; the current year by default)."""
    raw = request.args.get("year", "")
    years = catalog().years
    year = int(raw) if raw.isdigit() and int(raw) in years else catalog().current.year
    return years[year].framework


def year_arg_of(framework: Framework) -> dict[str, int]:
    """``year`` for url_for, left out for the current year (shorter links)."""
    return {} if framework.year == catalog().current.year else {"year": framework.year}


def _issue_or_404(framework: Framework, issue_id: str) -> Issue:
    try:
        return framework.issue(issue_id)
    except KeyError:
        abort(404)


def _rows(session: Session, framework: Framework, issue: Issue) -> list[RecommendationText]:
    rows = recommendation_rows(session, framework.year, issue.id)
    bands = list(issue.recommendations)
    return sorted(
        rows,
        key=lambda r: (
            bands.index(r.band) if r.band in bands else len(bands),
            KEY_ORDER.index(r.text_key) if r.text_key in KEY_ORDER else 9,
        ),
    )


def row_or_404(
    session: Session, framework: Framework, issue_id: str, band: str, text_key: str
) -> RecommendationText:
    row = recommendation_row(session, framework.year, issue_id, band, text_key)
    if row is None:
        abort(404)
    return row


def _render_issue(  # type: ignore[no-untyped-def]
    framework: Framework, issue: Issue, override: TextSlot | None = None, status: int = 200
):
    with db_session() as session:
        rows = _rows(session, framework, issue)
        numbers = latest_numbers(session, KIND, [key_of(r) for r in rows])
    slots = [TextSlot(row, numbers.get(key_of(row), 0), row.text) for row in rows]
    if override is not None:
        slots = [override if s.row.id == override.row.id else s for s in slots]
    pillar, sub = next((p, s) for p, s, i in framework.issues() if i.id == issue.id)
    return (
        render_template(
            "admin/texts_issue.html",
            issue=issue,
            pillar=pillar,
            sub=sub,
            slots=slots,
            form=RecommendationForm(formdata=None),
            limits=LIMITS,
            band_label=band_label,
            key_labels=TEXT_KEY_LABELS,
            framework=framework,
            year_arg=year_arg_of(framework),
        ),
        status,
    )


@blueprint.get("/texts/")
@require("view_texts")
def texts_index():  # type: ignore[no-untyped-def]
    framework = edited_framework()
    with db_session() as session:
        rows = recommendation_rows(session, framework.year)
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        count = counts.setdefault(row.issue_id, {"texts": 0, "edited": 0})
        count["texts"] += 1
        count["edited"] += row.text != row.shipped_text
    return render_template(
        "admin/texts_index.html",
        framework=framework,
        counts=counts,
        years=sorted(catalog().years, reverse=True),
        year_arg=year_arg_of(framework),
    )


@blueprint.get("/texts/<issue_id>")
@require("view_texts")
def text_issue(issue_id: str):  # type: ignore[no-untyped-def]
    framework = edited_framework()
    return _render_issue(framework, _issue_or_404(framework, issue_id))


@blueprint.post("/texts/<issue_id>/<band>/<text_key>")
@require("edit_texts")
def text_save(issue_id: str, band: str, text_key: str):  # type: ignore[no-untyped-def]
    framework = edited_framework()
    issue = _issue_or_404(framework, issue_id)
    form = RecommendationForm()
    outcome = None
    try:
        with db_session() as session:
            row = row_or_404(session, framework, issue_id, band, text_key)
            outcome = save_text(
                session, row, form.text.data, form.base_version.data, current_user.username
            )
    except IntegrityError:  # another save took the same version number a moment before
        assert outcome is not None
        outcome.status, outcome.slot.notice = 409, RACE_NOTICE
    if outcome.status:
        return _render_issue(framework, issue, outcome.slot, outcome.status)
    anchor = outcome.slot.anchor
    back = url_for("admin.text_issue", issue_id=issue_id, **year_arg_of(framework)) + f"#{anchor}"
    if not outcome.number:
        flash_near(anchor, "ข้อความไม่มีการเปลี่ยนแปลง จึงไม่ได้บันทึกฉบับใหม่", "info")
    else:
        message = f"บันทึกข้อความ {band_label(band)} แล้ว (ฉบับที่ {outcome.number}) แชทบอทใช้ข้อความใหม่ทันที"
        flash_near(anchor, message)
    return redirect(back)


@blueprint.get("/texts/<issue_id>/<band>/<text_key>/history")
@require("view_texts")
def text_history(issue_id: str, band: str, text_key: str):  # type: ignore[no-untyped-def]
    framework = edited_framework()
    issue = _issue_or_404(framework, issue_id)
    with db_session() as session:
        row = row_or_404(session, framework, issue_id, band, text_key)
        entries = history(session, KIND, key_of(row), ("text",), {"text": row.text})
    return render_template(
        "admin/texts_history.html",
        issue=issue,
        row=row,
        entries=entries,
        band_label=band_label,
        key_labels=TEXT_KEY_LABELS,
        fields=[("text", "ข้อความ")],
        version_text=as_text,
        restore_url=url_for(
            "admin.text_restore",
            issue_id=issue_id,
            band=band,
            text_key=text_key,
            **year_arg_of(framework),
        ),
        year_arg=year_arg_of(framework),
    )


@blueprint.post("/texts/<issue_id>/<band>/<text_key>/restore")
@require("edit_texts")
def text_restore(issue_id: str, band: str, text_key: str):  # type: ignore[no-untyped-def]
    framework = edited_framework()
    _issue_or_404(framework, issue_id)
    form = RestoreForm()
    back = url_for(
        "admin.text_history",
        issue_id=issue_id,
        band=band,
        text_key=text_key,
        **year_arg_of(framework),
    )
    with db_session() as session:
        row = row_or_404(session, framework, issue_id, band, text_key)
        key = key_of(row)
        old = get_version(session, KIND, key, form.version.data or 0)
        if old is None:
            abort(404)
        text = str(old.content.get("text", ""))
        if text == row.text:
            flash("ข้อความปัจจุบันตรงกับฉบับนี้อยู่แล้ว", "info")
            return redirect(back)
        row.text, row.edited_by = text, current_user.username
        new = add_version(session, KIND, key, {"text": text}, "restore", current_user.username)
        audit.record(session, "text_restore", target=key, detail={"from_version": old.version})
    flash(f"กู้คืนฉบับที่ {old.version} แล้ว (บันทึกเป็นฉบับที่ {new.version})", "success")
    return redirect(back)


@blueprint.post("/texts/<issue_id>/<band>/<text_key>/reset")
@require("edit_texts")
def text_reset(issue_id: str, band: str, text_key: str):  # type: ignore[no-untyped-def]
    framework = edited_framework()
    _issue_or_404(framework, issue_id)
    back = url_for("admin.text_issue", issue_id=issue_id, **year_arg_of(framework))
    with db_session() as session:
        row = row_or_404(session, framework, issue_id, band, text_key)
        anchor = f"#text-{row.band}-{row.text_key}"
        if row.text == row.shipped_text and row.edited_by is None:
            flash_near(anchor.lstrip("#"), "ข้อความนี้เป็นข้อความตั้งต้นอยู่แล้ว", "info")
            return redirect(back + anchor)
        key = key_of(row)
        # Back to following the shipped text: a later `dgr load-knowledge` may update it.
        row.text, row.edited_by = row.shipped_text, None
        add_version(session, KIND, key, {"text": row.text}, "reset", current_user.username)
        audit.record(session, "text_reset", target=key)
    flash_near(anchor.lstrip("#"), "คืนค่าเป็นข้อความตั้งต้นแล้ว")
    return redirect(back + anchor)
