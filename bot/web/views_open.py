"""Opening the web view: a link's token (posted once from the address's fragment), a
LIFF ID token, and the Sarabun font the pages use."""

from __future__ import annotations

from pathlib import Path

from flask import abort, redirect, render_template, request, send_from_directory, url_for

from bot.web.access import open_liff_session, open_owner_link, open_share
from bot.web.blueprint import blueprint
from bot.web.errors import PAGES, Refused
from bot.web.liff import verified_user
from bot.web.tokens import LIFF_PATH, OwnerLink, Refusal, liff_id, read_owner, read_share
from storage.flask_ext import database

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = {"Sarabun-Medium.ttf", "Sarabun-Bold.ttf"}
MAX_TOKEN = 1000


@blueprint.get("/open")
def open_page():  # type: ignore[no-untyped-def]
    return render_template("web/open.html")


@blueprint.post("/open")
def open_link():  # type: ignore[no-untyped-def]
    """Post, then redirect: to the page, or to the refusal's own address (so the browser's
    address changes and a reload never posts the token again)."""
    try:
        return _open(request.form.get("t", "")[:MAX_TOKEN], request.form.get("to", "report"))
    except Refused as refused:
        return redirect(url_for("web.refused_page", reason=refused.reason), 303)


@blueprint.get("/refused/<reason>")
def refused_page(reason: str):  # type: ignore[no-untyped-def]
    raise Refused(reason if reason in PAGES else "invalid")


def _open(token: str, page: str):  # type: ignore[no-untyped-def]
    with database().session() as db:
        owner = read_owner(token)
        if isinstance(owner, OwnerLink):
            assessment = open_owner_link(db, owner)
            return redirect(_landing(page, assessment.id), 303)
        if isinstance(owner, Refusal):
            raise Refused(owner.value)
        share = read_share(token)
        if share is Refusal.INVALID:
            raise Refused("invalid")
        if isinstance(share, Refusal):
            raise Refused("share_gone")
        open_share(db, share)
    return redirect(url_for("web.shared", share_id=share), 303)


@blueprint.get("/liff")
@blueprint.get("/liff/<path:rest>")
def liff_page(rest: str = ""):  # type: ignore[no-untyped-def]
    if not liff_id():
        abort(404)
    return render_template("web/liff.html", liff_id=liff_id())


@blueprint.post("/liff/session")
def liff_session():  # type: ignore[no-untyped-def]
    if not liff_id():
        abort(404)
    user = verified_user(request.form.get("id_token", ""))
    if user is None:
        raise Refused("liff")
    with database().session() as db:
        open_liff_session(db, user)
    # The LIFF address's path after the LIFF ID: "a/12", "a/12/answers" or "history".
    to = LIFF_PATH.fullmatch(request.form.get("to", ""))
    if to is None or to.group(1) is None:
        return redirect(url_for("web.history"), 303)
    return redirect(_landing("answers" if to.group(2) else "report", int(to.group(1))), 303)


def _landing(page: str, assessment_id: int) -> str:
    if page == "answers":
        return url_for("web.answers", assessment_id=assessment_id)
    if page == "history":
        return url_for("web.history")
    return url_for("web.report", assessment_id=assessment_id)


@blueprint.get("/fonts/<name>")
def font(name: str):  # type: ignore[no-untyped-def]
    if name not in FONT_FILES:
        abort(404)
    return send_from_directory(FONTS, name, max_age=30 * 86400)
