"""Glossary: the terms in Thai order with their definitions; edit definitions and aliases
(aliases feed the bot's Q&A search), with the same versioning, history, restore and reset as
recommendation texts (adding and deleting terms: admin.glossary_manage). A save changes
``GlossaryTerm.updated_at``; the bot compares ``max(updated_at)`` to rebuild its index."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from admin import audit
from admin.blueprint import blueprint, db_session, flash_near
from admin.display import thai_datetime
from admin.forms import GlossaryForm, RestoreForm
from admin.permissions import require
from admin.text_rules import (
    ALIAS_MAX,
    ALIASES_MAX,
    DEFINITION_MAX,
    clashes,
    parse_aliases,
    text_problems,
    tidy_text,
)
from admin.versions import as_text, history
from knowledge.labels import bilingual_name
from storage.flask_ext import catalog
from storage.glossary import folded, names_in_use, terms_in_thai_order
from storage.models import GlossaryTerm
from storage.texts import GLOSSARY, add_version, get_version, glossary_content, latest_version

KIND = GLOSSARY
FIELDS = ("definition", "aliases")
LIMITS = {"max": DEFINITION_MAX, "alias_max": ALIAS_MAX, "aliases_max": ALIASES_MAX}

CATEGORY_LABELS = {
    "survey": "การสำรวจและการให้คะแนน",
    "role": "บทบาทและหน่วยงาน",
    "data": "ข้อมูล",
    "pdpa": "การคุ้มครองข้อมูลส่วนบุคคล",
    "service": "บริการ",
    "backoffice": "งานสนับสนุน",
    "technology": "เทคโนโลยี",
    "plan": "แผนและนโยบาย",
    "group": "กลุ่มคะแนน",
    "stage": "ระดับขั้น",
    "pillar": "ตัวชี้วัด",
}


def shipped_term_ids() -> set[str]:
    """Terms that come with the framework data (the others were added by admins)."""
    return {entry.id for knowledge in catalog().years.values() for entry in knowledge.glossary}


def _term_or_404(session: Session, term_id: str) -> GlossaryTerm:
    term = session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_id == term_id))
    if term is None:
        abort(404)
    return term


def _matches(term: GlossaryTerm, query: str) -> bool:
    haystack = [term.term_id, term.name_th, term.name_en, term.definition, *term.aliases]
    return any(query in str(text).casefold() for text in haystack)


@blueprint.get("/glossary/")
@require("view_texts")
def glossary_index():  # type: ignore[no-untyped-def]
    query = request.args.get("q", "").strip()
    category = request.args.get("category", "")
    with db_session() as session:
        terms = terms_in_thai_order(session)
    if query:
        terms = [t for t in terms if _matches(t, query.casefold())]
    if category in CATEGORY_LABELS:
        terms = [t for t in terms if t.category == category]
    return render_template(
        "admin/glossary_index.html",
        terms=terms,
        query=query,
        category=category,
        categories=CATEGORY_LABELS,
        shipped=shipped_term_ids(),
    )


def _render_term(
    term: GlossaryTerm,
    version: int,
    values: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    notice: str | None = None,
    status: int = 200,
):  # type: ignore[no-untyped-def]
    values = values or {"definition": term.definition, "aliases": "\n".join(term.aliases)}
    return (
        render_template(
            "admin/glossary_edit.html",
            term=term,
            version=version,
            values=values,
            errors=errors or [],
            notice=notice,
            limits=LIMITS,
            category_label=CATEGORY_LABELS.get(term.category, term.category),
            heading=bilingual_name(term.name_th, term.name_en),  # as the bot titles it
            shipped=term.term_id in shipped_term_ids(),
            form=GlossaryForm(formdata=None),
        ),
        status,
    )


@blueprint.get("/glossary/<term_id>")
@require("view_texts")
def glossary_term(term_id: str):  # type: ignore[no-untyped-def]
    with db_session() as session:
        term = _term_or_404(session, term_id)
        latest = latest_version(session, KIND, term_id)
    return _render_term(term, latest.version if latest else 0)


@blueprint.post("/glossary/<term_id>")
@require("edit_texts")
def glossary_save(term_id: str):  # type: ignore[no-untyped-def]
    form = GlossaryForm()
    definition = tidy_text(form.definition.data)
    aliases, alias_problems = parse_aliases(form.aliases.data)
    problems = text_problems(definition, DEFINITION_MAX) + alias_problems
    if form.base_version.data is None:
        problems.append("แบบฟอร์มไม่สมบูรณ์ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง")
    submitted = {
        "definition": definition or (form.definition.data or ""),
        "aliases": "\n".join(aliases),
    }
    status, notice, saved = 0, None, 0
    try:
        with db_session() as session:
            term = _term_or_404(session, term_id)
            latest = latest_version(session, KIND, term_id)
            number = latest.version if latest else 0
            # Only aliases new to this term: shipped terms may already share one.
            had = {folded(alias) for alias in term.aliases}
            added = [alias for alias in aliases if folded(alias) not in had]
            problems += clashes(added, names_in_use(session, term_id)) if added else []
            if problems:
                status = 400
            elif latest is not None and number != form.base_version.data:
                status = 409
                notice = (
                    f"คำนี้ถูกแก้ไขโดย {latest.author} เมื่อ {thai_datetime(latest.created_at)} "
                    "ระหว่างที่คุณกำลังแก้ไข ข้อความของคุณยังอยู่ในช่องด้านล่าง "
                    "กรุณาตรวจสอบกับฉบับล่าสุดในประวัติ แล้วกดบันทึกอีกครั้ง"
                )
            elif definition != term.definition or aliases != list(term.aliases):
                term.definition, term.aliases = definition, aliases
                term.edited_by = current_user.username
                content = glossary_content(term)
                user = current_user.username
                saved = add_version(session, KIND, term_id, content, "edit", user).version
                audit.record(session, "glossary_edit", target=term_id, detail={"version": saved})
    except IntegrityError:  # another save took the same version number a moment before
        status, notice = 409, "มีผู้อื่นบันทึกคำนี้พร้อมกัน กรุณาตรวจสอบฉบับล่าสุดในประวัติแล้วบันทึกอีกครั้ง"
    if status:
        return _render_term(term, number, submitted, problems, notice, status)
    if not saved:
        flash_near("term", "ไม่มีการเปลี่ยนแปลง จึงไม่ได้บันทึกฉบับใหม่", "info")
    else:
        flash_near("term", f"บันทึกคำอธิบายแล้ว (ฉบับที่ {saved}) แชทบอทใช้ข้อมูลใหม่ทันที")
    return redirect(url_for("admin.glossary_term", term_id=term_id) + "#term")


@blueprint.get("/glossary/<term_id>/history")
@require("view_texts")
def glossary_history(term_id: str):  # type: ignore[no-untyped-def]
    with db_session() as session:
        term = _term_or_404(session, term_id)
        entries = history(session, KIND, term_id, FIELDS, glossary_content(term))
    return render_template(
        "admin/glossary_history.html",
        term=term,
        entries=entries,
        fields=[("definition", "คำอธิบาย"), ("aliases", "คำเรียกอื่น")],
        version_text=as_text,
        restore_url=url_for("admin.glossary_restore", term_id=term_id),
    )


@blueprint.post("/glossary/<term_id>/restore")
@require("edit_texts")
def glossary_restore(term_id: str):  # type: ignore[no-untyped-def]
    form = RestoreForm()
    back = url_for("admin.glossary_history", term_id=term_id)
    with db_session() as session:
        term = _term_or_404(session, term_id)
        old = get_version(session, KIND, term_id, form.version.data or 0)
        if old is None:
            abort(404)
        content = {
            "definition": str(old.content.get("definition", "")),
            "aliases": [str(a) for a in old.content.get("aliases", [])],
        }
        if content == glossary_content(term):
            flash("ข้อมูลปัจจุบันตรงกับฉบับนี้อยู่แล้ว", "info")
            return redirect(back)
        term.definition, term.aliases = content["definition"], content["aliases"]
        term.edited_by = current_user.username
        new = add_version(session, KIND, term_id, content, "restore", current_user.username)
        audit.record(
            session, "glossary_restore", target=term_id, detail={"from_version": old.version}
        )
    flash(f"กู้คืนฉบับที่ {old.version} แล้ว (บันทึกเป็นฉบับที่ {new.version})", "success")
    return redirect(back)


@blueprint.post("/glossary/<term_id>/reset")
@require("edit_texts")
def glossary_reset(term_id: str):  # type: ignore[no-untyped-def]
    with db_session() as session:
        term = _term_or_404(session, term_id)
        shipped = {"definition": term.shipped_definition, "aliases": list(term.shipped_aliases)}
        if glossary_content(term) == shipped and term.edited_by is None:
            flash_near("term", "คำนี้ใช้ข้อมูลตั้งต้นอยู่แล้ว", "info")
            return redirect(url_for("admin.glossary_term", term_id=term_id) + "#term")
        term.definition, term.aliases = shipped["definition"], shipped["aliases"]
        # Back to following the shipped text: a later `dgr load-knowledge` may update it.
        term.edited_by = None
        add_version(session, KIND, term_id, shipped, "reset", current_user.username)
        audit.record(session, "glossary_reset", target=term_id)
    flash_near("term", "คืนค่าเป็นข้อมูลตั้งต้นแล้ว")
    return redirect(url_for("admin.glossary_term", term_id=term_id) + "#term")
