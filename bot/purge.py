"""Processed webhook event ids are needed only while LINE might deliver the event again;
older ids are deleted, hourly by the webhook and on demand with ``dgr purge-events``."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Connection, delete, select

from storage.models import ProcessedEvent

log = logging.getLogger("dgr.bot")

KEEP_DAYS = 30  # far beyond LINE's redelivery window
PURGE_EVERY_SECONDS = 3600
# The webhook deletes at most this many per run, so a backlog never delays its answer
# much; the hourly runs (or ``dgr purge-events``, which deletes all) catch up.
WEBHOOK_BATCH = 5000


def purge_processed(
    connection: Connection, keep_days: int = KEEP_DAYS, limit: int | None = None
) -> int:
    """Delete event ids recorded more than ``keep_days`` ago (at most ``limit``, the
    oldest first); returns how many."""
    cutoff = datetime.now(UTC) - timedelta(days=keep_days)
    old = select(ProcessedEvent.webhook_event_id).where(ProcessedEvent.received_at < cutoff)
    if limit is not None:
        old = old.order_by(ProcessedEvent.received_at).limit(limit)
    statement = delete(ProcessedEvent).where(ProcessedEvent.webhook_event_id.in_(old))
    return connection.execute(statement).rowcount or 0


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
                session.connection(),
                config.get("PROCESSED_EVENTS_KEEP_DAYS", KEEP_DAYS),
                limit=config.get("PROCESSED_EVENTS_PURGE_BATCH", WEBHOOK_BATCH),
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
