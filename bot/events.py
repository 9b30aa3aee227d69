"""Process webhook events: each ``webhookEventId`` once, whatever LINE redelivers.

For each event: claim its id, decide the reply inside one transaction that locks the
user's row (answers are committed before anything is sent), then send.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import Insert, bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot import conversation, store, texts
from bot.assessing import Turn
from bot.messages import Message, plain
from bot.sender import LineApi, deliver, show_loading
from knowledge.loader import shipped_framework
from storage.models import ProcessedEvent

log = logging.getLogger("dgr.bot")

# Events that need no answer (and mostly carry no reply token).
SILENT_EVENTS = {
    "unfollow",
    "leave",
    "memberLeft",
    "unsend",
    "videoPlayComplete",
    "beacon",
    "accountLink",
    "things",
    "module",
    "activated",
    "deactivated",
    "botSuspended",
    "botResumed",
    "membership",
}
ATTEMPTS = 3


def line_api() -> LineApi:
    config = current_app.config
    return LineApi(
        base_url=config["LINE_API_BASE_URL"],
        access_token=config["LINE_CHANNEL_ACCESS_TOKEN"],
        first_backoff_seconds=config.get("LINE_PUSH_BACKOFF_SECONDS", 0.5),
        background=config.get("LINE_PUSH_BACKGROUND", True),
    )


@cache
def _claim_statement(dialect: str) -> Insert:
    # INSERT … ON CONFLICT DO NOTHING (PostgreSQL and SQLite): one statement, no savepoint.
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(ProcessedEvent)
        .values(webhook_event_id=bindparam("event_id"))
        .on_conflict_do_nothing(index_elements=["webhook_event_id"])
        .returning(ProcessedEvent.webhook_event_id)
    )


def claim(session: Session, event: dict[str, Any]) -> bool:
    """Record the event id in this transaction; False when it was already processed.

    The id commits together with the answer it carries, so a failure leaves neither and
    LINE's redelivery is processed normally.
    """
    event_id = event.get("webhookEventId")
    if not isinstance(event_id, str) or not event_id:
        return True
    # On the session's connection: a Core statement, not the ORM's bulk-insert path.
    connection = session.connection()
    statement = _claim_statement(connection.dialect.name)
    return connection.execute(statement, {"event_id": event_id}).scalar() is not None


def _user_id(event: dict[str, Any]) -> str | None:
    source = event.get("source") or {}
    user_id = source.get("userId")
    return user_id if isinstance(user_id, str) and user_id else None


def _mentions_a_command(event: dict[str, Any]) -> bool:
    message = event.get("message") or {}
    return (
        message.get("type") == "text"
        and conversation.command_of(str(message.get("text", ""))) is not None
    )


def respond(event: dict[str, Any]) -> tuple[list[Message], bool] | None:
    """The messages for one event and whether a result was computed (loading animation);
    None when the event was processed before."""
    from dgr import database

    kind = event.get("type")
    source = event.get("source") or {}
    user_id = _user_id(event)
    with database().session() as session:
        if not claim(session, event):
            return None
        if kind in SILENT_EVENTS:
            return [], False
        if kind in ("join", "memberJoined") or source.get("type") in ("group", "room"):
            # Only answer where there is something to answer (not every group message).
            greets = kind in ("join", "memberJoined") or _mentions_a_command(event)
            return (plain(texts.GROUP_HINT, []) if greets else []), False
        if user_id is None:
            return [], False
        user = store.lock_user(session, user_id)
        turn = Turn(session, shipped_framework(), user.respondent, user.state)
        turn.know_in_progress(user.in_progress, user.in_progress_answers)
        messages = _dispatch(turn, event)
        store.save_state(session, user.respondent, user.state)
    return messages, turn.loading


def _dispatch(turn: Turn, event: dict[str, Any]) -> list[Message]:
    kind = event.get("type")
    if kind == "follow":
        return conversation.on_follow(turn)
    if kind == "postback":
        return conversation.on_postback(turn, str((event.get("postback") or {}).get("data", "")))
    if kind == "message":
        message = event.get("message") or {}
        if message.get("type") == "text":
            return conversation.on_text(turn, str(message.get("text", "")))
        return plain(texts.UNSUPPORTED_MESSAGE)
    return plain(texts.UNSUPPORTED_MESSAGE)


def process_event(event: dict[str, Any]) -> None:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            outcome = respond(event)
            break
        except (StaleDataError, OperationalError) as error:
            # Another process changed this user's state at the same moment: decide again.
            log.warning(
                "LINE webhook: retrying event after %s (attempt %d)", type(error).__name__, attempt
            )
            if attempt == ATTEMPTS:
                raise
    if outcome is None:
        log.info("LINE webhook: event %s already processed; skipped", event.get("webhookEventId"))
        return
    messages, loading = outcome
    api = line_api()
    user_id = _user_id(event)
    if loading and user_id:
        show_loading(api, user_id)
    deliver(api, event.get("replyToken"), user_id, messages)


def process_events(events: list[Any]) -> bool:
    """Process every event; True when all succeeded. A failed event does not stop the
    others; its claim rolls back with it, so LINE's redelivery processes it again."""
    ok = True
    for event in events:
        if not isinstance(event, dict):
            continue
        try:
            process_event(event)
        except Exception:
            ok = False
            log.exception("LINE webhook: event %s failed", event.get("webhookEventId"))
    return ok
