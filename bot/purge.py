"""Processed webhook event ids are needed only while LINE might deliver the event again,
and sent messages only for a while (``storage.outbox.purge_done``): the webhook deletes older
ones hourly (``dgr purge-events`` does it on demand)."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from flask import current_app

from storage.chat_writes import KEEP_DAYS, purge_processed
from storage.flask_ext import database
from storage.outbox import purge_done

log = logging.getLogger("dgr.bot")

PURGE_EVERY_SECONDS = 3600
# The webhook deletes at most this many per run, so a backlog never delays its answer
# much; the hourly runs (or ``dgr purge-events``, which deletes all) catch up.
WEBHOOK_BATCH = 5000


def purge_if_due() -> None:
    """At most once per ``PROCESSED_EVENTS_PURGE_SECONDS`` per process; a failure is
    logged and never fails the webhook."""
    config = current_app.config
    every = config.get("PROCESSED_EVENTS_PURGE_SECONDS", PURGE_EVERY_SECONDS)
    now = time.monotonic()
    last = current_app.extensions.get("dgr.bot.purged_at")
    if last is not None and now - last < every:
        return
    current_app.extensions["dgr.bot.purged_at"] = now
    batch = config.get("PROCESSED_EVENTS_PURGE_BATCH", WEBHOOK_BATCH)
    try:
        with database().session() as session:
            connection = session.connection()
            removed = purge_processed(
                connection, config.get("PROCESSED_EVENTS_KEEP_DAYS", KEEP_DAYS), limit=batch
            )
            messages = purge_done(connection, datetime.now(UTC), limit=batch)
        if removed or messages:
            log.info(
                "LINE webhook: purged %d old processed event ids and %d old messages",
                removed,
                messages,
            )
    except Exception:
        log.exception("LINE webhook: purging old processed event ids and messages failed")
