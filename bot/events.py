"""Process webhook events: each ``webhookEventId`` once, whatever LINE redelivers.

For each event, in one transaction: lock the user's row and read what the conversation
needs, decide the reply, then write the event id, the answer and the state (``bot.writes``);
send only after the commit, so an answer is never lost because sending failed.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from bot import texts
from bot.chat import postbacks, states
from bot.chat.commands import command_of
from bot.chat.machine import run
from bot.chat.turn import BadTap, Follow, Input, Tap, Text, Unsupported
from bot.db_turn import DbTurn
from bot.messages import Message, plain
from bot.sender import LineApi, LoadingAnimation, deliver
from storage.chat import lock_user
from storage.chat_writes import claim, processed, write_event
from storage.flask_ext import catalog, database

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
ATTEMPTS = 3


def line_api() -> LineApi:
    config = current_app.config
    return LineApi(
        base_url=config["LINE_API_BASE_URL"],
        access_token=config["LINE_CHANNEL_ACCESS_TOKEN"],
        first_backoff_seconds=config.get("LINE_PUSH_BACKOFF_SECONDS", 0.5),
        background=config.get("LINE_PUSH_BACKGROUND", True),
    )


def _user_id(event: dict[str, Any]) -> str | None:
    source = event.get("source") or {}
    user_id = source.get("userId")
    return user_id if isinstance(user_id, str) and user_id else None


def _mentions_a_command(event: dict[str, Any]) -> bool:
    message = event.get("message") or {}
    return message.get("type") == "text" and command_of(str(message.get("text", ""))) is not None


class AlreadyProcessed(Exception):
    """The event id was recorded by an earlier delivery; its transaction rolls back."""


def respond(event: dict[str, Any], loading: LoadingAnimation) -> list[Message] | None:
    """The messages for one event; None when the event was processed before.

    The event id commits together with the answer it carries, so a failure leaves neither
    and LINE's redelivery is processed normally.
    """
    kind = event.get("type")
    source = event.get("source") or {}
    user_id = _user_id(event)
    event_id = event.get("webhookEventId")
    event_id = event_id if isinstance(event_id, str) and event_id else None
    try:
        with database().session() as session:
            connection = session.connection()
            if user_id is None or kind in SILENT_EVENTS or source.get("type") in GROUPS:
                if event_id is not None and not claim(connection, event_id):
                    return None
                return _without_user(event)
            # Most repeats say so: skip them before any work (the claim at the end still
            # catches a repeat that does not).
            redelivered = (event.get("deliveryContext") or {}).get("isRedelivery") is True
            if redelivered and event_id and processed(connection, event_id):
                return None
            row = lock_user(session, user_id)
            turn = DbTurn(session, catalog(), row, loading.start)
            state = states.decode(row.state.name, row.state.data)
            decision = run(state, input_of(event), turn, turn.apply)
            stored = None
            if not turn.deleted:
                stored = row.state
                stored.name, stored.data = states.encode(decision.state)
            if not write_event(session.connection(), event_id, stored, turn.answer_writes):
                raise AlreadyProcessed
    except AlreadyProcessed:
        return None
    return list(decision.messages)


def input_of(event: dict[str, Any]) -> Input:
    kind = event.get("type")
    if kind == "follow":
        return Follow()
    if kind == "postback":
        data = (event.get("postback") or {}).get("data", "")
        postback = postbacks.decode(data) if isinstance(data, str) else None
        return Tap(postback) if postback is not None else BadTap()
    message = event.get("message") or {}
    if kind == "message" and message.get("type") == "text":
        typed = message.get("text", "")
        return Text(typed) if isinstance(typed, str) else Unsupported()
    return Unsupported()


def _without_user(event: dict[str, Any]) -> list[Message]:
    """Silent events, and groups and rooms: only a hint where a command was typed or the
    bot was added (not on every group message)."""
    in_group = (event.get("source") or {}).get("type") in GROUPS
    if event.get("type") in ("join", "memberJoined") or (in_group and _mentions_a_command(event)):
        return plain(texts.GROUP_HINT)
    return []


def process_event(event: dict[str, Any]) -> None:
    api = line_api()
    user_id = _user_id(event)
    loading = LoadingAnimation(api, user_id)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            messages = respond(event, loading)
            break
        except (StaleDataError, OperationalError) as error:
            # Another process changed this user's state at the same moment: decide again.
            log.warning(
                "LINE webhook: retrying event after %s (attempt %d)", type(error).__name__, attempt
            )
            if attempt == ATTEMPTS:
                raise
    loading.finish()
    if messages is None:
        log.info("LINE webhook: event %s already processed; skipped", event.get("webhookEventId"))
        return
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
