"""App factory and the ``dgr`` command line.

Configuration comes from environment variables only (a ``.env`` file is read when
present); see README, "Configuration".
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import click
from dotenv import load_dotenv
from flask import Flask, current_app, jsonify
from flask.cli import FlaskGroup, with_appcontext
from werkzeug.middleware.proxy_fix import ProxyFix

from storage.db import Database, default_sqlite_url

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
    }


def create_app(config: dict[str, Any] | None = None) -> Flask:
    load_dotenv()
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(settings_from_env(Path(app.instance_path)))
    app.config.update(config or {})
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    app.extensions["dgr.db"] = Database(app.config["DATABASE_URL"])
    if proxies := app.config["TRUSTED_PROXY_COUNT"]:
        # Real client addresses (sign-in throttling, audit log) and https behind a proxy.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )

    from admin import init_admin
    from bot import init_bot

    init_bot(app)
    init_admin(app)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.cli.add_command(init_db_command)
    app.cli.add_command(load_knowledge_command)
    app.cli.add_command(check_knowledge_command)
    app.cli.add_command(score_command)
    app.cli.add_command(create_admin_command)
    return app


def database() -> Database:
    return current_app.extensions["dgr.db"]


def healthz():  # type: ignore[no-untyped-def]
    db_ok = database().ping()
    bot_configured = bool(
        current_app.config["LINE_CHANNEL_SECRET"]
        and current_app.config["LINE_CHANNEL_ACCESS_TOKEN"]
    )
    body = {
        "status": "ok" if db_ok else "error",
        "database": "ok" if db_ok else "unreachable",
        "bot": "configured" if bot_configured else "not configured",
    }
    return jsonify(body), 200 if db_ok else 503


# --- commands ------------------------------------------------------------------


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    from storage.migrate import upgrade

    upgrade(database().url)
    click.echo("ฐานข้อมูลพร้อมใช้งาน (database is at the latest migration)")


@click.command("load-knowledge")
@with_appcontext
def load_knowledge_command() -> None:
    """Load or update the framework data in the database, keeping admins' edits."""
    from knowledge.loader import KnowledgeError, load_all
    from storage.knowledge_sync import sync_knowledge

    try:
        knowledge = load_all()
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from exc
    with database().session() as session:
        report = sync_knowledge(session, knowledge)
    click.echo(
        f"framework entries: {report.entries}; recommendation texts: +{report.texts_added} "
        f"new, {report.texts_updated} updated, {report.texts_kept_edited} kept (admin-edited); "
        f"glossary: +{report.terms_added} new, {report.terms_updated} updated, "
        f"{report.terms_kept_edited} kept (admin-edited)"
    )
    for note in report.notes:
        click.echo(f"  {note}")


@click.command("check-knowledge")
@with_appcontext
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_knowledge_command(data_dir: Path | None) -> None:
    """Validate the framework data files and print a summary."""
    from knowledge.loader import DATA_DIR, KnowledgeError, load_all
    from knowledge.summary import summary_lines

    try:
        knowledge = load_all(data_dir or DATA_DIR)
    except KnowledgeError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from exc
    for line in summary_lines(knowledge):
        click.echo(line)


@click.command("score")
@with_appcontext
@click.argument("answers_file", type=click.File("r", encoding="utf-8"))
def score_command(answers_file: Any) -> None:
    """Score an answers file (JSON, see README) and print the result as JSON."""
    from knowledge.loader import shipped_framework
    from scoring import parse_answers_document, score
    from scoring.answers import AnswerError

    framework = shipped_framework()
    try:
        document = json.load(answers_file)
        parsed = parse_answers_document(framework, document)
    except (json.JSONDecodeError, AnswerError) as exc:
        raise click.ClickException(f"{answers_file.name}: {exc}") from exc
    result = score(framework, parsed.agency_type, parsed.answers, parsed.scope)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))


@click.command("create-admin")
@with_appcontext
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(["admin", "editor", "viewer"]),
    default="editor",
    show_default=True,
    help="admin manages accounts; editor edits texts; viewer reads",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_admin_command(username: str, role: str, password_stdin: bool) -> None:
    """Create a web-admin account (or reset its password and role)."""
    from admin.accounts import PasswordPolicyError, upsert_account

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with database().session() as session:
            created = upsert_account(session, username, password, role)
    except PasswordPolicyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{'created' if created else 'updated'} {role} account {username!r}")


main = FlaskGroup(
    create_app=create_app,
    add_default_commands=True,
    help="Digital Government Readiness LINE bot and admin: service commands.",
)
