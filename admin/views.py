"""Admin pages. Issue-5 work (texts, glossary, assessments, dashboard) builds on these."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from admin.accounts import authenticate
from admin.forms import LoginForm
from storage.models import Assessment, GlossaryTerm, RecommendationText

blueprint = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


def _safe_next(target: str | None) -> str:
    # Only local paths: never redirect a signed-in admin to another site.
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.index")


@blueprint.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    from dgr import database

    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        with database().session() as session:
            user = authenticate(session, form.username.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "error")
    return render_template("admin/login.html", form=form), 200 if not form.errors else 400


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    flash("ออกจากระบบแล้ว", "info")
    return redirect(url_for("admin.login"))


@blueprint.route("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    from dgr import database

    with database().session() as session:
        counts = {
            "assessments": session.scalar(select(func.count(Assessment.id))) or 0,
            "completed": session.scalar(
                select(func.count(Assessment.id)).where(Assessment.status == "completed")
            )
            or 0,
            "texts": session.scalar(select(func.count(RecommendationText.id))) or 0,
            "terms": session.scalar(select(func.count(GlossaryTerm.id))) or 0,
        }
    return render_template("admin/index.html", counts=counts)
