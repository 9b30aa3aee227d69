"""Process webhook events: each ``webhookEventId`` once, whatever LINE redelivers.

For each event, in one transaction: lock the user's row, read what the conversation
needs, decide, then write the event id, the answer, the state and the messages that
answer it (the outbox; ``storage.chat_writes``). The messages are sent after the commit,
off the request thread (``bot.outbox_worker``), so the webhook answers LINE at once and
an answer is never lost because sending failed.

A conflict with another process is decided again after a short backoff. An event that
fails for any other reason is answered with an apology and recorded as processed, so
that LINE does not redeliver it in a loop; it is logged once.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from bot import event_fields, texts
from bot.chat import postbacks, states
from bot.chat.commands import command_of
from bot.chat.machine import run
from bot.chat.turn import BadTap, Follow, Input, Tap, Text, Unsupported
from bot.db_turn import DbTurn
from bot.messages import Message, plain
from bot.outbox_worker import deliverer, line_api
from bot.sender import LoadingAnimation
from storage.chat import lock_user
from storage.chat_writes import claim, processed, write_event
from storage.flask_ext import catalog, database
from storage.outbox import enqueue, outgoing

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
GROUPS = ("group", "room")
ATTEMPTS = 8
FIRST_BACKOFF_SECONDS = 0.02
MAX_BACKOFF_SECONDS = 0.5


class AlreadyProcessed(Exception):
    """The event id was recorded by an earlier delivery; its transaction rolls back."""


def _mentions_a_command(event: dict[str, Any]) -> bool:
    typed = event_fields.text(event)
    return typed is not None and command_of(typed) is not None


def respond(event: dict[str, Any], loading: LoadingAnimation) -> list[int] | None:
    """Decide one event and store what answers it; the outbox ids to send, or None when
    the event was processed before."""
    user_id = event_fields.user_id(event)
    event_id = event_fields.event_id(event)
    try:
        with database().session() as session:
            connection = session.connection()
            if user_id is None or _without_user(event):
                if event_id is not None and not claim(connection, event_id):
                    return None
                rows = outgoing(user_id, event_fields.reply_token(event), _hint(event, user_id))
                return enqueue(connection, rows, _now())
            # Most repeats say so: skip them before any work (the claim at the end still
            # catches a repeat that does not).
            if event_fields.redelivered(event) and event_id and processed(connection, event_id):
                return None
            row = lock_user(session, user_id)
            turn = DbTurn(session, catalog(), row, loading.start)
            state = states.decode(row.state.name, row.state.data)
            decision = run(state, input_of(event), turn, turn.apply)
            stored = None
            if not turn.deleted:
                stored = row.state
                stored.name, stored.data = states.encode(decision.state)
            rows = outgoing(user_id, event_fields.reply_token(event), decision.messages)
            ids = write_event(connection, event_id, stored, turn.answer_writes, rows)
            if ids is None:
                raise AlreadyProcessed
    except AlreadyProcessed:
        return None
    return ids


def _now() -> datetime:
    return datetime.now(UTC)


def input_of(event: dict[str, Any]) -> Input:
    kind = event_fields.kind(event)
    if kind == "follow":
        return Follow()
    if kind == "postback":
        data = event_fields.postback_data(event)
        postback = postbacks.decode(data) if data is not None else None
        return Tap(postback) if postback is not None else BadTap()
    typed = event_fields.text(event) if kind == "message" else None
    return Text(typed) if typed is not None else Unsupported()


def _without_user(event: dict[str, Any]) -> bool:
    return event_fields.kind(event) in SILENT_EVENTS or event_fields.source_type(event) in GROUPS


def _hint(event: dict[str, Any], user_id: str | None) -> list[Message]:
    """Silent events get nothing. Groups and rooms get a hint where a command was typed or
    the bot was added (not on every group message); an event whose sender cannot be read
    gets an apology."""
    in_group = event_fields.source_type(event) in GROUPS
    if event_fields.kind(event) in ("join", "memberJoined") or (
        in_group and _mentions_a_command(event)
    ):
        return plain(texts.GROUP_HINT)
    if user_id is None and not in_group and event_fields.kind(event) not in SILENT_EVENTS:
        return plain(texts.UNREADABLE_EVENT)
    return []


def _backoff(attempt: int) -> float:
    ceiling = min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2**attempt)
    return random.uniform(ceiling / 2, ceiling)


def process_event(event: dict[str, Any]) -> bool:
    """Process one event and hand its messages to the sender; False when it could not be
    stored (LINE may redeliver it)."""
    api = line_api(current_app._get_current_object())  # type: ignore[attr-defined]
    loading = LoadingAnimation(api, event_fields.user_id(event))
    for attempt in range(1, ATTEMPTS + 1):
        try:
            ids = respond(event, loading)
            break
        except (StaleDataError, OperationalError) as error:
            # Another process changed this user's state at the same moment, or the
            # database dropped the connection: decide again on a fresh one.
            if attempt == ATTEMPTS:
                log.error(
                    "LINE webhook: event %s not stored after %d attempts: %s",
                    event_fields.event_id(event),
                    attempt,
                    type(error).__name__,
                )
                return False
            time.sleep(_backoff(attempt))
        except Exception:
            log.exception("LINE webhook: event %s failed", event_fields.event_id(event))
            ids = _apologise(event)
            break
    if ids is None:
        log.info("LINE webhook: event %s already processed; skipped", event_fields.event_id(event))
        return True
    deliverer().submit(ids, after=loading.request)
    return True


def _apologise(event: dict[str, Any]) -> list[int] | None:
    """Record a failed event as processed, with an apology (no redelivery loop)."""
    event_id = event_fields.event_id(event)
    try:
        with database().session() as session:
            connection = session.connection()
            if event_id is not None and not claim(connection, event_id):
                return None
            rows = outgoing(
                event_fields.user_id(event),
                event_fields.reply_token(event),
                plain(texts.SOMETHING_WENT_WRONG),
            )
            return enqueue(connection, rows, _now())
    except Exception:
        log.exception("LINE webhook: could not record the failed event %s", event_id)
        return []


def process_events(events: list[Any]) -> bool:
    """Process every event; True when all were stored. A failed event does not stop the
    others; its claim rolls back with it, so LINE's redelivery processes it again."""
    ok = True
    for event in events:
        if isinstance(event, dict):
            ok = process_event(event) and ok
    return ok
