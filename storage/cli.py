"""The database's commands: ``dgr init-db``, ``dgr load-knowledge``, ``dgr purge-events``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from storage.chat_writes import KEEP_DAYS, purge_processed
from storage.flask_ext import catalog, database


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
    from storage.knowledge_sync import sync_knowledge

    with database().session() as session:
        report = sync_knowledge(session, catalog())
    click.echo(
        f"framework years: {', '.join(map(str, report.years))}; recommendation texts: "
        f"+{report.texts_added} new, {report.texts_updated} updated, "
        f"{report.texts_kept_edited} kept (admin-edited); glossary: +{report.terms_added} new, "
        f"{report.terms_updated} updated, {report.terms_kept_edited} kept (admin-edited)"
    )
    for note in report.notes:
        click.echo(f"  {note}")


@click.command("purge-events")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=KEEP_DAYS,
    show_default=True,
    help="Keep the event ids of this many days.",
)
@with_appcontext
def purge_events_command(days: int) -> None:
    """Delete webhook event ids older than LINE would redeliver."""
    with database().session() as session:
        removed = purge_processed(session.connection(), days)
    click.echo(f"ลบรหัสเหตุการณ์ที่เก่ากว่า {days} วันแล้ว {removed} รายการ")


def init_app(app: Flask) -> None:
    for command in (init_db_command, load_knowledge_command, purge_events_command):
        app.cli.add_command(command)
