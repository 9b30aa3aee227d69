"""The database's commands: ``dgr init-db``, ``dgr load-knowledge``, ``dgr purge-events``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from storage.chat_writes import KEEP_DAYS, purge_processed
from storage.flask_ext import catalog, database
from storage.outbox import SENT_KEEP_DAYS, UNDELIVERED_KEEP_DAYS, purge_done


def init_db() -> None:
    """Upgrade the app's database to the newest migration; at once when it is there."""
    from storage.migrate import at_head, upgrade

    if at_head(database().engine):
        click.echo("ฐานข้อมูลเป็นรุ่นล่าสุดอยู่แล้ว (database is at the latest migration)")
        return
    upgrade(database().url)
    click.echo("ฐานข้อมูลพร้อมใช้งาน (database is at the latest migration)")


def data_roots() -> tuple[Path, ...]:
    """The folders the app's catalog was loaded from: the shipped data, then the extra ones."""
    from knowledge.loader import DATA_DIR

    return (DATA_DIR, *(Path(path) for path in current_app.config["KNOWLEDGE_EXTRA_DIRS"]))


def load_knowledge(force: bool = False) -> None:
    """Sync the catalog into the database unless the data files are the ones last synced."""
    from storage.knowledge_sync import data_digest, loaded_digest, record_load, sync_knowledge

    digest = data_digest(data_roots())
    with database().session() as session:
        if not force and loaded_digest(session) == digest:
            click.echo(
                "ข้อมูลกรอบการประเมินไม่เปลี่ยนแปลงตั้งแต่โหลดครั้งก่อน ข้ามการโหลด "
                "(framework data unchanged; --force loads it again)"
            )
            return
        report = sync_knowledge(session, catalog())
        record_load(session, digest)
    click.echo(
        f"framework years: {', '.join(map(str, report.years))}; recommendation texts: "
        f"+{report.texts_added} new, {report.texts_updated} updated, "
        f"{report.texts_kept_edited} kept (admin-edited); glossary: +{report.terms_added} new, "
        f"{report.terms_updated} updated, {report.terms_kept_edited} kept (admin-edited)"
    )
    for note in report.notes:
        click.echo(f"  {note}")


def set_up_database() -> None:
    """``init-db`` then ``load-knowledge`` in this process (``make run``'s gunicorn master,
    which has imported everything they need already)."""
    init_db()
    load_knowledge()


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    init_db()


@click.command("load-knowledge")
@click.option("--force", is_flag=True, help="Sync even when the data files have not changed.")
@with_appcontext
def load_knowledge_command(force: bool) -> None:
    """Load or update the framework data in the database, keeping admins' edits."""
    load_knowledge(force)


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
    """Delete webhook event ids older than LINE would redeliver, and old sent messages."""
    with database().session() as session:
        removed = purge_processed(session.connection(), days)
        messages = purge_done(session.connection(), datetime.now(UTC))
    click.echo(f"ลบรหัสเหตุการณ์ที่เก่ากว่า {days} วันแล้ว {removed} รายการ")
    click.echo(
        f"ลบข้อความที่ส่งแล้วเกิน {SENT_KEEP_DAYS} วัน และที่ส่งไม่สำเร็จเกิน "
        f"{UNDELIVERED_KEEP_DAYS} วัน แล้ว {messages} รายการ"
    )


def init_app(app: Flask) -> None:
    for command in (init_db_command, load_knowledge_command, purge_events_command):
        app.cli.add_command(command)
