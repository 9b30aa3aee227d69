"""App factory and the ``dgr`` command line.

Configuration comes from environment variables only (a ``.env`` file is read when
present); see README, "Configuration". Each area registers its own commands.
"""

from __future__ import annotations

import importlib
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any

import click
from dotenv import load_dotenv
from flask import Flask, current_app, jsonify
from flask.cli import FlaskGroup, ScriptInfo
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

import dgr_ops
from knowledge.loader import shipped_catalog
from storage import flask_ext
from storage.db import default_sqlite_url

LINE_API_DEFAULT = "https://api.line.me"
LINE_DATA_API_DEFAULT = "https://api-data.line.me"

log = logging.getLogger("dgr")


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY, or one generated once and kept in instance/ so every worker shares it."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def settings_from_env(instance_path: Path) -> dict[str, Any]:
    public = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_sqlite_url(instance_path),
        "DATABASE_POOL_SIZE": max(1, int(os.environ.get("DATABASE_POOL_SIZE", "0") or 10)),
        "SECRET_KEY": _secret_key(instance_path),
        "LINE_CHANNEL_SECRET": os.environ.get("LINE_CHANNEL_SECRET", ""),
        "LINE_CHANNEL_ACCESS_TOKEN": os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", ""),
        "LINE_API_BASE_URL": os.environ.get("LINE_API_BASE_URL", LINE_API_DEFAULT).rstrip("/"),
        "LINE_API_DATA_BASE_URL": os.environ.get(
            "LINE_API_DATA_BASE_URL", LINE_DATA_API_DEFAULT
        ).rstrip("/"),
        "PUBLIC_BASE_URL": public,
        "SESSION_COOKIE_SECURE": public.startswith("https://"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": public.startswith("https://"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        # LINE webhook bodies are small; anything larger is refused before parsing.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
        "TRUSTED_PROXY_COUNT": int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0),
        # More framework years beside the shipped ones (folders like knowledge/data).
        # What building the Q&A index computes, kept for the next start (knowledge.qa.warm_cache).
        "CACHE_DIR": os.environ.get("DGR_CACHE_DIR") or str(instance_path / "cache"),
        "KNOWLEDGE_EXTRA_DIRS": [
            path for path in os.environ.get("KNOWLEDGE_EXTRA_DIRS", "").split(os.pathsep) if path
        ],
    }


csrf = CSRFProtect()


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, whose signer is built only for a request that brings
    a session cookie: LINE's webhook deliveries and health checks never do, and building
    it cost more than checking their signature."""

    def open_session(self, app: Flask, request: Any) -> SecureCookieSession | None:
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)


def _configured_app(config: dict[str, Any] | None) -> Flask:
    """The app with its settings, database and framework catalog: what every command needs."""
    load_dotenv()
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(settings_from_env(Path(app.instance_path)))
    app.config.update(config or {})
    # First, so that every later hook's log lines carry the request id.
    dgr_ops.init_app(app)

    # A broken data file stops start-up; with gunicorn --preload the workers share it.
    extra = tuple(Path(path) for path in app.config["KNOWLEDGE_EXTRA_DIRS"])
    flask_ext.init_app(app, shipped_catalog(extra))
    return app


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The web app: the admin web, the LINE webhook, /healthz, and every area's commands."""
    import admin
    import bot
    import knowledge.cli
    import storage.cli

    app = _configured_app(config)
    app.session_interface = CookieSessions()
    csrf.init_app(app)
    if proxies := app.config["TRUSTED_PROXY_COUNT"]:
        # Real client addresses (sign-in throttling, audit log) and https behind a proxy.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    bot.init_app(app)
    # The LINE webhook is authenticated by its signature, not a CSRF token.
    csrf.exempt("bot.webhook.callback")
    admin.init_app(app)
    storage.cli.init_app(app)
    for command in knowledge.cli.COMMANDS:
        app.cli.add_command(command)
    app.add_url_rule("/healthz", "healthz", healthz)
    return app


def create_command_app() -> Flask:
    """The app a ``dgr`` command of the table below runs in: no blueprints, so a command
    imports only what it uses (creating an admin loads neither the bot nor the search)."""
    return _configured_app(None)


def warm_up(app: Flask) -> None:
    """Build what a worker's first requests would otherwise pay for: the Q&A search index
    of the current glossary (seconds: it loads the Thai word list) and a database
    connection. gunicorn.conf.py calls it before a worker takes traffic."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.qa import search_index
    from knowledge.qa import warm_cache

    cache = Path(app.config["CACHE_DIR"])
    with app.app_context():
        started = time.perf_counter()
        warm_cache.load(cache)
        try:
            with flask_ext.database().session() as session:
                search_index(session, flask_ext.catalog().current)
        except SQLAlchemyError as error:
            # Serve anyway (/healthz tells); the first question then builds the index.
            log.warning("warm-up skipped, the database is not ready: %s", error)
            return
        # Before any question: the cache holds the knowledge's texts only.
        warm_cache.save(cache)
        log.info("warm: Q&A index ready in %.2f s", time.perf_counter() - started)


def start_sending(app: Flask) -> None:
    """Start this process's outbox sender and poller (``bot.outbox_worker``), when the bot
    is configured."""
    if app.config["LINE_CHANNEL_SECRET"] and app.config["LINE_CHANNEL_ACCESS_TOKEN"]:
        from bot.outbox_worker import deliverer

        with app.app_context():
            deliverer()


def healthz():  # type: ignore[no-untyped-def]
    """Up when the database answers and its schema is not behind this release's."""
    database = flask_ext.database()
    db_ok = database.ping()
    migrations = _migrations(database.engine) if db_ok else {"state": "unknown"}
    bot_configured = bool(
        current_app.config["LINE_CHANNEL_SECRET"]
        and current_app.config["LINE_CHANNEL_ACCESS_TOKEN"]
    )
    healthy = db_ok and migrations["state"] != "pending"
    body = {
        "status": "ok" if healthy else "error",
        "database": "ok" if db_ok else "unreachable",
        "bot": "configured" if bot_configured else "not configured",
        "version": dgr_ops.version(),
        "migrations": migrations,
    }
    return jsonify(body), 200 if healthy else 503


def _migrations(engine) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    try:
        return dgr_ops.migration_state(engine)
    except Exception:  # the health report must answer, whatever the database holds
        log.exception("healthz: could not read the migration state")
        return {"state": "unknown"}


# Each area's commands (as registered by its init_app), loaded only when one is run.
COMMANDS = {
    "init-db": "storage.cli:init_db_command",
    "load-knowledge": "storage.cli:load_knowledge_command",
    "purge-events": "storage.cli:purge_events_command",
    "check-knowledge": "knowledge.cli:check_knowledge_command",
    "score": "knowledge.cli:score_command",
    "create-admin": "admin.cli:create_admin_command",
    "reset-two-factor": "admin.cli:reset_two_factor_command",
    "richmenu": "bot.richmenu:richmenu_command",
    "outbox-worker": "bot.outbox_worker:outbox_worker_command",
}


def _import_command(path: str) -> click.Command:
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


class CommandLine(FlaskGroup):
    """``dgr``: the service's own commands run in the command app and import their own
    module only; Flask's commands (run, shell, routes) get the whole web app."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return super().get_command(ctx, name)
        ctx.ensure_object(ScriptInfo).create_app = create_command_app
        return _import_command(COMMANDS[name])

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*click.Group.list_commands(self, ctx), *COMMANDS})


main = CommandLine(
    create_app=create_app,
    add_default_commands=True,
    help="Digital Government Readiness LINE bot and admin: service commands.",
)
