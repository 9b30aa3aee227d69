"""Admin web at /admin: one blueprint, with views in auth, dashboard, texts, glossary,
assessments, exports, users and audit; Flask-Login sessions and Flask-WTF CSRF."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from admin.accounts import LoginUser, load_user

login_manager = LoginManager()
csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def init_admin(app: Flask) -> None:
    # Importing the view modules attaches their routes to the blueprint.
    from admin import (  # noqa: F401
        assessments,
        audit,
        auth,
        dashboard,
        exports,
        glossary,
        texts,
        users,
    )
    from admin.blueprint import blueprint
    from admin.display import thai_datetime
    from admin.errors import register_error_pages
    from bot import blueprint as bot_blueprint

    login_manager.login_view = "admin.login"
    login_manager.login_message = "กรุณาเข้าสู่ระบบก่อนใช้งาน"
    login_manager.login_message_category = "warning"
    login_manager.init_app(app)
    csrf.init_app(app)
    # The LINE webhook is authenticated by its signature, not a CSRF token.
    csrf.exempt(bot_blueprint)
    app.register_blueprint(blueprint)
    app.add_template_filter(thai_datetime, "thai_datetime")
    register_error_pages(app)
    app.after_request(_security_headers)


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
    from dgr import database

    with database().session() as session:
        return load_user(session, session_token)
