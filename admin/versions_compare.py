"""Any two versions of a text side by side, with the word diff between them (recommendation
texts and glossary terms)."""

from __future__ import annotations

from flask import abort, render_template, request, url_for

from admin.blueprint import blueprint, db_session
from admin.display import TEXT_KEY_LABELS, band_label
from admin.glossary import FIELDS as GLOSSARY_FIELDS
from admin.permissions import require
from admin.recommendation_texts import edited_framework, row_or_404, year_arg_of
from admin.versions import ACTION_LABELS, as_text, word_diff
from storage.glossary import term_by_id
from storage.models import TextVersion
from storage.texts import GLOSSARY, RECOMMENDATION, TextKind, key_of, versions

FIELD_LABELS = {"text": "ข้อความ", "definition": "คำอธิบาย", "aliases": "คำเรียกอื่น"}


def version_pair(raw_a: str, raw_b: str, numbers: list[int]) -> tuple[int, int]:
    """The two versions asked for, older first (default: the latest and the one before)."""
    if not numbers:
        abort(404)
    latest = numbers[-1]
    before = numbers[-2] if len(numbers) > 1 else latest

    def pick(raw: str, default: int) -> int:
        return int(raw) if raw.isdigit() and int(raw) in numbers else default

    older, newer = pick(raw_a, before), pick(raw_b, latest)
    return (older, newer) if older <= newer else (newer, older)


def _render(kind: TextKind, key: str, fields: tuple[str, ...], title: str, back: str):  # type: ignore[no-untyped-def]
    with db_session() as session:
        found = versions(session, kind, key)
    by_number: dict[int, TextVersion] = {v.version: v for v in found}
    older, newer = version_pair(
        request.args.get("a", ""), request.args.get("b", ""), sorted(by_number)
    )
    a, b = by_number[older], by_number[newer]
    diffs = []
    for name in fields:
        before, after = as_text(a.content.get(name)), as_text(b.content.get(name))
        diffs.append((FIELD_LABELS.get(name, name), word_diff(before, after)))
    return render_template(
        "admin/versions_compare.html",
        title=title,
        back=back,
        entries=found,
        a=a,
        b=b,
        diffs=diffs,
        fields=[(name, FIELD_LABELS.get(name, name)) for name in fields],
        action_labels=ACTION_LABELS,
        version_text=as_text,
    )


@blueprint.get("/texts/<issue_id>/<band>/<text_key>/compare")
@require("view_texts")
def text_compare(issue_id: str, band: str, text_key: str):  # type: ignore[no-untyped-def]
    framework = edited_framework()
    with db_session() as session:
        key = key_of(row_or_404(session, framework, issue_id, band, text_key))
    try:
        name = framework.issue(issue_id).name_th
    except KeyError:
        abort(404)
    title = f"{name} · {band_label(band)} · {TEXT_KEY_LABELS.get(text_key, text_key)}"
    back = url_for(
        "admin.text_history", issue_id=issue_id, band=band, text_key=text_key,
        **year_arg_of(framework),
    )
    return _render(RECOMMENDATION, key, ("text",), title, back)


@blueprint.get("/glossary/<term_id>/compare")
@require("view_texts")
def glossary_compare(term_id: str):  # type: ignore[no-untyped-def]
    with db_session() as session:
        term = term_by_id(session, term_id)
        if term is None:
            abort(404)
        name = term.name_th
    back = url_for("admin.glossary_history", term_id=term_id)
    return _render(GLOSSARY, term_id, GLOSSARY_FIELDS, name, back)
