"""How one outbox row reaches LINE, after the webhook has answered.

- A reply is tried once, while its token is fresh (``REPLY_FRESH_SECONDS``).
- When LINE answers that the reply failed (any HTTP error, or the request never left),
  the same messages go by push with the row's ``X-Line-Retry-Key``.
- When the reply's outcome is unknown (a read timeout, a dropped connection, or a sender
  that stopped mid-way), nothing else is sent: a rare missing reply is accepted over a
  message the user gets twice. ("ประเมินต่อ" always shows where they are.)
- A push that fails on LINE's side (5xx, 429, timeouts, no connection) is tried again
  with backoff — the retry key makes a repeat harmless (LINE answers 409) — until
  ``give_up_after`` from when it was written; then it is given up, logged and listed in
  the admin. Any other refusal (4xx) is final.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from linebot.v3.messaging.exceptions import ApiException
from urllib3.exceptions import ConnectTimeoutError, HTTPError, MaxRetryError, NewConnectionError

from bot.sender import LineApi
from storage.outbox import Claimed, OutboxStatus

log = logging.getLogger("dgr.bot.delivery")

REPLY_FRESH_SECONDS = 50  # LINE accepts a reply token for about a minute
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Policy:
    give_up_after: timedelta = timedelta(hours=6)  # within the retry key's 24 hours
    first_backoff: timedelta = timedelta(seconds=2)
    max_backoff: timedelta = timedelta(minutes=1)
    # How long a sender holds a row; beyond the longest send (timeouts included).
    lease: timedelta = timedelta(seconds=60)


@dataclass(frozen=True)
class Outcome:
    status: OutboxStatus | None  # None: try again at ``retry_at``
    retry_at: datetime | None = None
    error: str = ""
    reply_failed: bool = False  # the token is spent: later attempts push


def _never_sent(error: Exception) -> bool:
    """The request did not reach LINE (it could not connect)."""
    if isinstance(error, MaxRetryError):
        error = error.reason or error  # type: ignore[assignment]
    return isinstance(error, ConnectTimeoutError | NewConnectionError)


def _status(error: Exception) -> int | None:
    status = getattr(error, "status", None)
    return status if isinstance(status, int) and status > 0 else None


def _retry_after(error: Exception) -> float | None:
    headers = dict(getattr(error, "headers", None) or {})
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _describe(error: Exception) -> str:
    return f"HTTP {_status(error)}" if _status(error) else type(error).__name__


def deliver(api: LineApi, row: Claimed, now: datetime, policy: Policy) -> Outcome:
    if row.reply_token is not None:
        if row.attempts > 1:
            return Outcome(OutboxStatus.UNKNOWN, error="reply tried before with no outcome")
        if (now - row.created_at).total_seconds() <= REPLY_FRESH_SECONDS:
            failed = _reply(api, row)
            if failed is None:
                return Outcome(OutboxStatus.SENT)
            if _status(failed) is None and not _never_sent(failed):
                log.warning("LINE reply outcome unknown (%s); not pushed", _describe(failed))
                return Outcome(OutboxStatus.UNKNOWN, error=_describe(failed))
            log.warning("LINE reply failed (%s); pushing instead", _describe(failed))
        outcome = _push(api, row, now, policy)
        return Outcome(outcome.status, outcome.retry_at, outcome.error, reply_failed=True)
    return _push(api, row, now, policy)


def _body(field: str, value: str, row: Claimed) -> bytes:
    """The request: the stored messages go as stored, not decoded and encoded again."""
    return f'{{"{field}":{json.dumps(value)},"messages":{row.messages_json}}}'.encode()


def _reply(api: LineApi, row: Claimed) -> Exception | None:
    assert row.reply_token is not None
    try:
        api.post_json("/v2/bot/message/reply", _body("replyToken", row.reply_token, row))
    except (ApiException, HTTPError, OSError) as error:
        return error
    return None


def _push(api: LineApi, row: Claimed, now: datetime, policy: Policy) -> Outcome:
    if row.line_user_id is None:
        return Outcome(OutboxStatus.FAILED, error="no user to push to")
    try:
        api.post_json(
            "/v2/bot/message/push",
            _body("to", row.line_user_id, row),
            {"X-Line-Retry-Key": row.retry_key},
        )
    except (ApiException, HTTPError, OSError) as error:
        status = _status(error)
        if status == 409:
            return Outcome(OutboxStatus.SENT)  # an earlier attempt with this key was taken
        if status is not None and status not in RETRYABLE_STATUSES:
            log.error("LINE refused a push for good: %s", _describe(error))
            return Outcome(OutboxStatus.FAILED, error=_describe(error))
        if now - row.created_at >= policy.give_up_after:
            log.error("LINE push given up after %s: %s", policy.give_up_after, _describe(error))
            return Outcome(OutboxStatus.GAVE_UP, error=_describe(error))
        backoff = min(policy.max_backoff, policy.first_backoff * 2 ** max(0, row.attempts - 1))
        if (wait := _retry_after(error)) is not None:
            backoff = min(policy.max_backoff, timedelta(seconds=wait))
        log.warning("LINE push failed (%s); retrying in %s", _describe(error), backoff)
        return Outcome(None, retry_at=now + backoff, error=_describe(error))
    return Outcome(OutboxStatus.SENT)
