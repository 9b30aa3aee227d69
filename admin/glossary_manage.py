"""Adding and deleting glossary terms (editors), each a version and an audit entry. The bot's
Q&A index follows at its next question: ``storage.texts.glossary_revision`` counts the
terms and takes their latest change, so an addition and a deletion both change it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from admin import audit
from admin.blueprint import blueprint, db_session, flash_near
from admin.glossary import CATEGORY_LABELS, LIMITS
from admin.permissions import require
from admin.text_rules import (
    DEFINITION_MAX,
    clashes,
    line_length,
    parse_aliases,
    text_problems,
    tidy_text,
)
from storage.glossary import add_term, delete_term, names_in_use, term_by_id

NAME_MAX = 200
CONFIRM_WORD = "ลบ"


def _submitted() -> tuple[dict[str, str], list[str], list[str]]:
    """The form's values, the aliases, and what is wrong with them (in Thai)."""
    values = {
        "name_th": " ".join(request.form.get("name_th", "").split()),
        "name_en": " ".join(request.form.get("name_en", "").split()),
        "category": request.form.get("category", ""),
        "definition": tidy_text(request.form.get("definition")),
        "aliases": request.form.get("aliases", ""),
    }
    aliases, problems = parse_aliases(values["aliases"])
    if not values["name_th"]:
        problems.insert(0, "กรุณากรอกชื่อคำภาษาไทย")
    for key, label in (("name_th", "ชื่อภาษาไทย"), ("name_en", "ชื่อภาษาอังกฤษ")):
        if line_length(values[key]) > NAME_MAX:
            problems.append(f"{label}ยาวเกิน {NAME_MAX} ตัวอักษร")
    if values["category"] not in CATEGORY_LABELS:
        problems.append("กรุณาเลือกหมวดของคำ")
    problems += text_problems(values["definition"], DEFINITION_MAX)
    return values, aliases, problems


@blueprint.route("/glossary/new", methods=["GET", "POST"])
@require("edit_texts")
def glossary_new():  # type: ignore[no-untyped-def]
    values = {"name_th": "", "name_en": "", "category": "", "definition": "", "aliases": ""}
    problems: list[str] = []
    if request.method == "POST":
        values, aliases, problems = _submitted()
        if not problems:
            with db_session() as session:
                names = [values["name_th"], values["name_en"], *aliases]
                problems = clashes([n for n in names if n], names_in_use(session))
        if not problems:
            with db_session() as session:
                term = add_term(
                    session,
                    category=values["category"],
                    name_th=values["name_th"],
                    name_en=values["name_en"],
                    definition=values["definition"],
                    aliases=aliases,
                    author=current_user.username,
                )
                term_id = term.term_id
                audit.record(session, "glossary_add", target=term_id, detail={"version": 1})
            flash_near("term", f"เพิ่มคำ “{values['name_th']}” แล้ว แชทบอทตอบคำนี้ได้ทันที")
            return redirect(url_for("admin.glossary_term", term_id=term_id) + "#term")
    return render_template(
        "admin/glossary_new.html",
        values=values,
        errors=problems,
        categories=CATEGORY_LABELS,
        limits=LIMITS,
    ), 400 if problems else 200


@blueprint.post("/glossary/<term_id>/delete")
@require("edit_texts")
def glossary_delete(term_id: str):  # type: ignore[no-untyped-def]
    if request.form.get("confirm", "").strip() != CONFIRM_WORD:
        flash_near("delete", f"กรุณาพิมพ์คำว่า {CONFIRM_WORD} ให้ตรงเพื่อยืนยันการลบ", "error")
        return redirect(url_for("admin.glossary_term", term_id=term_id) + "#delete")
    with db_session() as session:
        term = term_by_id(session, term_id)
        if term is None:
            abort(404)
        name = term.name_th
        number = delete_term(session, term, current_user.username)
        audit.record(
            session, "glossary_delete", target=term_id, detail={"name": name, "version": number}
        )
    flash(f"ลบคำ “{name}” แล้ว (เก็บไว้ในประวัติเป็นฉบับที่ {number}) แชทบอทไม่ตอบคำนี้อีก", "success")
    return redirect(url_for("admin.glossary_index"))
