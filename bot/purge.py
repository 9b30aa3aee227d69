"""Processed webhook event ids are needed only while LINE might deliver the event again;
older ids are deleted, hourly by the webhook and on demand with ``dgr purge-events``."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Connection, delete

from storage.models import ProcessedEvent

log = logging.getLogger("dgr.bot")

KEEP_DAYS = 30  # far beyond LINE's redelivery window
PURGE_EVERY_SECONDS = 3600


def purge_processed(connection: Connection, keep_days: int = KEEP_DAYS) -> int:
    """Delete event ids recorded more than ``keep_days`` ago; returns how many."""
    cutoff = datetime.now(UTC) - timedelta(days=keep_days)
    result = connection.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
    return result.rowcount or 0


def purge_if_due() -> None:
    """At most once per ``PROCESSED_EVENTS_PURGE_SECONDS`` per process; a failure is
    logged and never fails the webhook."""
    from dgr import database

    config = current_app.config
    every = config.get("PROCESSED_EVENTS_PURGE_SECONDS", PURGE_EVERY_SECONDS)
    now = time.monotonic()
    last = current_app.extensions.get("dgr.bot.purged_at")
    if last is not None and now - last < every:
        return
    current_app.extensions["dgr.bot.purged_at"] = now
    try:
        with database().session() as session:
            removed = purge_processed(
                session.connection(), config.get("PROCESSED_EVENTS_KEEP_DAYS", KEEP_DAYS)
            )
        if removed:
            log.info("LINE webhook: purged %d old processed event ids", removed)
    except Exception:
        log.exception("LINE webhook: purging old processed event ids failed")


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
    from dgr import database

    with database().session() as session:
        removed = purge_processed(session.connection(), days)
    click.echo(f"ลบรหัสเหตุการณ์ที่เก่ากว่า {days} วันแล้ว {removed} รายการ")
