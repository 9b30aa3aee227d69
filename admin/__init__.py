"""Admin web at /admin: Flask blueprint, templates and sign-in."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from admin.accounts import LoginUser, load_user

login_manager = LoginManager()
csrf = CSRFProtect()


def init_admin(app: Flask) -> None:
    from admin.views import blueprint
    from bot import blueprint as bot_blueprint

    login_manager.login_view = "admin.login"
    login_manager.login_message = "กรุณาเข้าสู่ระบบก่อนใช้งาน"
    login_manager.login_message_category = "warning"
    login_manager.init_app(app)
    csrf.init_app(app)
    # The LINE webhook is authenticated by its signature, not a CSRF token.
    csrf.exempt(bot_blueprint)
    app.register_blueprint(blueprint)


@login_manager.user_loader
def _load_user(user_id: str) -> LoginUser | None:
    from dgr import database

    with database().session() as session:
        return load_user(session, user_id)
