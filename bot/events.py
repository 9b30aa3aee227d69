"""Process webhook events: each ``webhookEventId`` once, whatever LINE redelivers."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import IntegrityError

from storage.models import ProcessedEvent

log = logging.getLogger("dgr.bot")


def claim_event(event: dict[str, Any]) -> bool:
    """Record the event id; False when it was already processed (a redelivery or repeat)."""
    from dgr import database

    event_id = event.get("webhookEventId")
    if not isinstance(event_id, str) or not event_id:
        return True
    try:
        with database().session() as session:
            session.add(ProcessedEvent(webhook_event_id=event_id))
    except IntegrityError:
        return False
    return True


def process_events(events: list[Any]) -> None:
    for event in events:
        if not isinstance(event, dict):
            continue
        if not claim_event(event):
            log.info(
                "LINE webhook: event %s already processed; skipped", event.get("webhookEventId")
            )
            continue
        log.info("LINE webhook: %s event received", event.get("type"))
