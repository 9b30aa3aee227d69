"""Admin web at /admin: one blueprint, with views in auth, dashboard, texts, glossary,
assessments, exports, users and audit; Flask-Login sessions (CSRF comes from the app)."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import LoginManager

from admin.accounts import LoginUser, load_user
from storage.flask_ext import database

login_manager = LoginManager()
login_manager.login_view = "admin.login"
login_manager.login_message = "กรุณาเข้าสู่ระบบก่อนใช้งาน"
login_manager.login_message_category = "warning"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    # Importing the view modules attaches their routes to the blueprint.
    from admin import (  # noqa: F401
        agencies,
        agency_manage,
        assessments,
        audit,
        auth,
        breakdown,
        dashboard,
        delivery,
        exports,
        glossary,
        glossary_manage,
        recommendation_texts,
        texts_review,
        texts_transfer,
        users,
        versions_compare,
    )
    from admin.blueprint import blueprint
    from admin.cli import COMMANDS
    from admin.display import author_name, thai_datetime
    from admin.errors import register_error_pages
    from scoring.rules import shown_value

    login_manager.init_app(app)
    app.register_blueprint(blueprint)
    app.add_template_filter(thai_datetime, "thai_datetime")
    app.add_template_filter(author_name, "author_name")
    app.add_template_filter(shown_value, "level_value")
    register_error_pages(app)
    app.after_request(_security_headers)
    for command in COMMANDS:
        app.cli.add_command(command)


def _security_headers(response: Response) -> Response:
    if request.path.startswith("/admin"):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.path.startswith("/admin/static/"):
            # Pages show personal data: never keep them in a shared browser's cache.
            response.headers.setdefault("Cache-Control", "no-store")
    return response


@login_manager.user_loader
def _load_user(session_token: str) -> LoginUser | None:
    with database().session() as session:
        return load_user(session, session_token)
