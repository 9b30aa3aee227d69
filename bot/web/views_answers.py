"""Review and edit: every answer by pillar; saving one updates the result at once; a
finished assessment is re-opened as a revision (the finished result stays in the
history), changed and finished again."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from bot.result_card import level_text
from bot.web.access import current_owner, owned_assessment
from bot.web.blueprint import blueprint
from bot.web.editing import (
    InProgressElsewhere,
    NotCoordinator,
    NothingScored,
    coordinates,
    finish,
    live_result,
    reopen,
    save_answer,
    under_lock,
)
from bot.web.forms import FormProblem, answer_from_form
from bot.web.pages import answer_blocks
from scoring.rules import criteria_type_for
from storage.assessments import Status, stored_answers
from storage.flask_ext import catalog, database

TEAM_ONLY = "แบบประเมินนี้เป็นของทีม ผู้ประสานงานของทีมเป็นผู้ส่งผลและเปิดแก้ไขผลการประเมิน"


@blueprint.get("/a/<int:assessment_id>/answers")
def answers(assessment_id: int):  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = current_owner(db)
        assessment = owned_assessment(db, owner, assessment_id)
        framework = catalog().framework(assessment.framework_year)
        result = live_result(db, catalog(), assessment)
        stored = stored_answers(db, assessment.id)
        blocks = answer_blocks(framework, assessment, stored, result)
        editable = assessment.status == Status.IN_PROGRESS
        return render_template(
            "web/answers.html",
            assessment=assessment,
            assessment_id=assessment.id,
            blocks=blocks,
            editable=editable,
            coordinates=coordinates(db, assessment.id, owner.respondent_id),
            level=level_text(result.overall.level, result.overall.value),
            percent=result.overall.percent,
            open_pillar=request.args.get("open", ""),
            unanswered=sum(b.total - b.answered for b in blocks),
        )


@blueprint.post("/a/<int:assessment_id>/answers/<question_id>")
def save(assessment_id: int, question_id: str):  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = current_owner(db)
        assessment = owned_assessment(db, owner, assessment_id)
        place = catalog().framework(assessment.framework_year).index.questions.get(question_id)
        in_scope = place is not None and (
            not assessment.scope or place.pillar.id in assessment.scope
        )
        criteria = criteria_type_for(assessment.agency_type)  # type: ignore[arg-type]
    if place is None or not in_scope:
        abort(404)
    back = url_for(
        "web.answers", assessment_id=assessment_id, open=place.pillar.id, _anchor=f"q-{question_id}"
    )
    try:
        value = answer_from_form(place.question, request.form.to_dict(flat=False), criteria)
    except FormProblem as problem:
        flash(f"ยังไม่ได้บันทึกคำตอบ: {problem}", "web-problem")
        return redirect(back, 303)
    saved = under_lock(database(), owner, save_answer(catalog(), assessment_id, question_id, value))
    if saved.finished:
        flash('แบบประเมินนี้เสร็จแล้ว กด "แก้ไขคำตอบ" เพื่อเปิดแก้ไขอีกครั้ง', "web-problem")
    else:
        before = level_text(saved.before.level, saved.before.value)
        after = level_text(saved.after.level, saved.after.value)
        change = f"ผลภาพรวม {before} → {after}" if before != after else f"ผลภาพรวมยังเป็น {after}"
        flash(f"บันทึกคำตอบแล้ว {change}", "web")
    return redirect(back, 303)


@blueprint.post("/a/<int:assessment_id>/reopen")
def reopen_assessment(assessment_id: int):  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = current_owner(db)
        owned_assessment(db, owner, assessment_id)
    try:
        revision = under_lock(database(), owner, reopen(assessment_id))
    except NotCoordinator:
        flash(TEAM_ONLY, "web-problem")
        return redirect(url_for("web.answers", assessment_id=assessment_id), 303)
    except InProgressElsewhere as busy:
        flash(
            "มีแบบประเมินที่ทำค้างไว้ กรุณาทำให้เสร็จหรือยกเลิกก่อน แล้วจึงเปิดแก้ไขแบบประเมินนี้",
            "web-problem",
        )
        return redirect(url_for("web.answers", assessment_id=busy.assessment_id), 303)
    if revision != assessment_id:
        flash("เปิดแก้ไขแล้ว คำตอบเดิมคงไว้ทุกข้อ ผลครั้งก่อนยังเก็บไว้ในประวัติ", "web")
    return redirect(url_for("web.answers", assessment_id=revision), 303)


@blueprint.post("/a/<int:assessment_id>/finish")
def finish_assessment(assessment_id: int):  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = current_owner(db)
        owned_assessment(db, owner, assessment_id)
    try:
        under_lock(database(), owner, finish(catalog(), assessment_id))
    except NothingScored:
        flash("ยังคิดระดับไม่ได้ เพราะยังไม่มีข้อที่ตอบ (ข้ามหรือไม่แน่ใจทุกข้อ)", "web-problem")
        return redirect(url_for("web.answers", assessment_id=assessment_id), 303)
    except NotCoordinator:
        flash(TEAM_ONLY, "web-problem")
        return redirect(url_for("web.answers", assessment_id=assessment_id), 303)
    flash("ส่งผลการประเมินแล้ว นี่คือผลล่าสุด ผลครั้งก่อนยังดูได้ในประวัติ", "web")
    return redirect(url_for("web.report", assessment_id=assessment_id), 303)
