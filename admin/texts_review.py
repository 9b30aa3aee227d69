"""Texts for review: one band × agency type across every issue, editable in place (the same
versioning as the issue page); search across every text; any two versions compared."""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError

from admin.blueprint import blueprint, db_session, flash_near
from admin.display import TEXT_KEY_LABELS, band_label
from admin.forms import RecommendationForm
from admin.permissions import require
from admin.recommendation_texts import LIMITS, edited_framework, row_or_404, year_arg_of
from admin.text_saving import RACE_NOTICE, SaveOutcome, TextSlot, save_text
from scoring.model import Framework
from storage.models import RecommendationText
from storage.texts import RECOMMENDATION, key_of, latest_numbers, recommendation_rows

# The agency types a grid shows: which stored text key each one reads, best first.
GRID_TYPES = {
    "service": ("หน่วยงานที่ให้บริการเป็นหลัก (รวมหน่วยงานระดับจังหวัด)", ("service", "all")),
    "policy": ("หน่วยงานด้านนโยบาย กำกับดูแล หรือประสานงาน", ("policy", "all")),
}
SEARCH_MAX = 200


@dataclass(frozen=True)
class GridRow:
    pillar: str
    issue_id: str
    issue_name: str
    slot: TextSlot


def _bands(framework: Framework) -> list[str]:
    bands: dict[str, None] = {}
    for _, _, issue in framework.issues():
        bands.update(dict.fromkeys(issue.recommendations))
    return sorted(bands, key=lambda b: (b.startswith("stage-"), b))


def _grid_rows(
    framework: Framework, band: str, agency_type: str, override: TextSlot | None = None
) -> list[GridRow]:
    wanted = GRID_TYPES[agency_type][1]
    with db_session() as session:
        rows = [r for r in recommendation_rows(session, framework.year) if r.band == band]
        numbers = latest_numbers(session, RECOMMENDATION, [key_of(r) for r in rows])
    by_issue: dict[str, RecommendationText] = {}
    for row in rows:
        current = by_issue.get(row.issue_id)
        if row.text_key in wanted and (
            current is None or wanted.index(row.text_key) < wanted.index(current.text_key)
        ):
            by_issue[row.issue_id] = row
    grid = []
    for pillar, _, issue in framework.issues():
        row = by_issue.get(issue.id)
        if row is None:
            continue
        slot = TextSlot(row, numbers.get(key_of(row), 0), row.text)
        if override is not None and override.row.id == row.id:
            slot = override
        grid.append(GridRow(f"{pillar.number}. {pillar.name_th}", issue.id, issue.name_th, slot))
    return grid


def _grid_choice(framework: Framework, band: str = "") -> tuple[str, str, list[str]]:
    bands = _bands(framework)
    band = band or request.args.get("band", "")
    agency_type = request.args.get("type", "")
    return (
        band if band in bands else (bands[0] if bands else ""),
        agency_type if agency_type in GRID_TYPES else "service",
        bands,
    )


def _render_grid(  # type: ignore[no-untyped-def]
    framework: Framework, override: TextSlot | None = None, status: int = 200
):
    band, agency_type, bands = _grid_choice(framework, override.row.band if override else "")
    return render_template(
        "admin/texts_grid.html",
        framework=framework,
        band=band,
        agency_type=agency_type,
        bands=bands,
        grid_types=GRID_TYPES,
        rows=_grid_rows(framework, band, agency_type, override) if band else [],
        band_label=band_label,
        key_labels=TEXT_KEY_LABELS,
        limits=LIMITS,
        form=RecommendationForm(formdata=None),
        year_arg=year_arg_of(framework),
    ), status


@blueprint.get("/texts/grid")
@require("view_texts")
def texts_grid():  # type: ignore[no-untyped-def]
    return _render_grid(edited_framework())


@blueprint.post("/texts/grid/<issue_id>/<band>/<text_key>")
@require("edit_texts")
def texts_grid_save(issue_id: str, band: str, text_key: str):  # type: ignore[no-untyped-def]
    framework = edited_framework()
    form = RecommendationForm()
    outcome: SaveOutcome | None = None
    try:
        with db_session() as session:
            row = row_or_404(session, framework, issue_id, band, text_key)
            outcome = save_text(
                session, row, form.text.data, form.base_version.data, current_user.username
            )
    except IntegrityError:
        assert outcome is not None
        outcome.status, outcome.slot.notice = 409, RACE_NOTICE
    if outcome.status:
        return _render_grid(framework, outcome.slot, outcome.status)
    anchor = outcome.slot.grid_anchor
    if outcome.number:
        flash_near(anchor, f"บันทึกแล้ว (ฉบับที่ {outcome.number}) แชทบอทใช้ข้อความใหม่ทันที")
    else:
        flash_near(anchor, "ข้อความไม่มีการเปลี่ยนแปลง จึงไม่ได้บันทึกฉบับใหม่", "info")
    args = {"band": band, "type": request.args.get("type", "service")}
    return redirect(
        url_for("admin.texts_grid", **args, **year_arg_of(framework)) + f"#{anchor}"
    )


def highlight(text: str, query: str) -> Markup:
    """The text, escaped, with every case-insensitive match of the query in <mark>."""
    if not query:
        return Markup(escape(text))
    folded, needle = text.casefold(), query.casefold()
    parts, start = [], 0
    while (found := folded.find(needle, start)) >= 0 and len(folded) == len(text):
        parts.append(escape(text[start:found]))
        parts.append(Markup("<mark>%s</mark>") % text[found : found + len(needle)])
        start = found + len(needle)
    parts.append(escape(text[start:]))
    return Markup("").join(parts)


@blueprint.get("/texts/search")
@require("view_texts")
def texts_search():  # type: ignore[no-untyped-def]
    framework = edited_framework()
    query = " ".join(request.args.get("q", "").split())[:SEARCH_MAX]
    found: list[tuple[str, RecommendationText]] = []
    if query:
        names = {i.id: i.name_th for _, _, i in framework.issues()}
        needle = query.casefold()
        with db_session() as session:
            rows = recommendation_rows(session, framework.year)
        order = {i.id: n for n, (_, _, i) in enumerate(framework.issues())}
        for row in sorted(rows, key=lambda r: (order.get(r.issue_id, 999), r.band, r.text_key)):
            name = names.get(row.issue_id, row.issue_id)
            if needle in row.text.casefold() or needle in name.casefold():
                found.append((name, row))
    return render_template(
        "admin/texts_search.html",
        framework=framework,
        query=query,
        found=found,
        highlight=highlight,
        band_label=band_label,
        key_labels=TEXT_KEY_LABELS,
        year_arg=year_arg_of(framework),
    )
