"""POST /callback: verify the LINE signature, parse, process each event once, return 200
(the messages are sent afterwards, from the outbox)."""

from __future__ import annotations

import json
import logging

from flask import Blueprint, abort, current_app, request
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhook import SignatureValidator

from bot.events import process_events
from bot.purge import purge_if_due

log = logging.getLogger("dgr.bot")

blueprint = Blueprint("bot", __name__)


@blueprint.post("/callback")
def callback():  # type: ignore[no-untyped-def]
    secret = current_app.config["LINE_CHANNEL_SECRET"]
    token = current_app.config["LINE_CHANNEL_ACCESS_TOKEN"]
    if not secret or not token:
        log.error(
            "LINE webhook refused: LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN "
            "must both be set"
        )
        abort(503)
    body = request.get_data(as_text=True)
    signature = request.headers.get("X-Line-Signature", "")
    try:
        if not signature or not SignatureValidator(secret).validate(body, signature):
            raise InvalidSignatureError("signature mismatch")
    except (InvalidSignatureError, ValueError):
        log.warning("LINE webhook: invalid or missing X-Line-Signature; request ignored")
        abort(400)
    try:
        payload = json.loads(body)
        events = payload["events"]
        if not isinstance(events, list):
            raise TypeError("events is not a list")
    except (ValueError, KeyError, TypeError, RecursionError):
        # Signed, so from LINE (or someone with the secret): acknowledge it, since a body
        # that cannot be read never will be, and redelivering it would only loop.
        log.warning("LINE webhook: signed body is not a webhook payload; ignored")
        return "OK"
    succeeded = process_events(events)
    purge_if_due()
    if not succeeded:
        abort(500)  # LINE redelivers; the events that succeeded are skipped then
    return "OK"
