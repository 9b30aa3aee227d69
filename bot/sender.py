"""Send messages to LINE: reply once, fall back to push with a retry key.

The user's answer is committed before anything is sent, so a failed send never loses
data; the worst case is a message the user does not see, and "ประเมินต่อ" shows the
current question again.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from linebot.v3.messaging import ApiClient, Configuration
from linebot.v3.messaging.exceptions import ApiException
from urllib3.exceptions import HTTPError

Message = dict[str, Any]

log = logging.getLogger("dgr.bot.sender")

MAX_MESSAGES_PER_CALL = 5
PUSH_ATTEMPTS = 5
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 8.0
# Retries run after the webhook has answered LINE, on a small pool per process.
_retry_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="line-push")


@dataclass(frozen=True)
class LineApi:
    base_url: str
    access_token: str
    timeout_seconds: float = 5.0
    first_backoff_seconds: float = FIRST_BACKOFF_SECONDS
    # Pushes after a failed reply run off the request thread unless this is False (tests).
    background: bool = True

    def client(self) -> ApiClient:
        return _client(self.base_url, self.access_token)

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        """POST JSON through the SDK's HTTP transport (connection pool, timeouts, errors as
        ApiException). Bodies are the plain JSON built in bot.messages, so the SDK's model
        serialisation is skipped; the response is read but not parsed, so a delivered
        message is never re-sent because a response body failed to parse."""
        client = self.client()
        client.rest_client.request(
            "POST",
            f"{self.base_url}{path}",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.access_token}",
                "User-Agent": client.user_agent,
                **(headers or {}),
            },
            body=body,
            _request_timeout=self.timeout_seconds,
        )


@lru_cache(maxsize=8)
def _client(base_url: str, access_token: str) -> ApiClient:
    """One client per process and channel: its connection pool keeps connections to LINE
    open between requests (urllib3 pools are thread-safe)."""
    return ApiClient(Configuration(host=base_url, access_token=access_token))


def _retryable(error: Exception) -> bool:
    if isinstance(error, ApiException):
        return error.status in (429, 500, 502, 503, 504) or error.status is None
    return isinstance(error, HTTPError | OSError)


def _retry_after(error: Exception) -> float | None:
    headers = getattr(error, "headers", None) or {}
    value = dict(headers).get("Retry-After") or dict(headers).get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def push_with_retries(
    api: LineApi,
    user_id: str,
    messages: Sequence[Message],
    retry_key: str,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Push with one retry key across attempts (LINE answers 409 to a repeat it accepted)."""
    delay = api.first_backoff_seconds
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        try:
            api.post(
                "/v2/bot/message/push",
                {"to": user_id, "messages": list(messages)},
                {"X-Line-Retry-Key": retry_key},
            )
            return True
        except (ApiException, HTTPError, OSError) as error:
            if isinstance(error, ApiException) and error.status == 409:
                return True  # an earlier attempt with this key was accepted
            if not _retryable(error) or attempt == PUSH_ATTEMPTS:
                log.error(
                    "LINE push failed for good (attempt %d): %s",
                    attempt,
                    getattr(error, "status", type(error).__name__),
                )
                return False
            wait = min(MAX_BACKOFF_SECONDS, _retry_after(error) or delay)
            log.warning(
                "LINE push failed (attempt %d, %s); retrying in %.1fs",
                attempt,
                getattr(error, "status", type(error).__name__),
                wait,
            )
            sleep(wait)
            delay *= 2
    return False


def _chunks(messages: Sequence[Message]) -> list[list[Message]]:
    return [
        list(messages[i : i + MAX_MESSAGES_PER_CALL])
        for i in range(0, len(messages), MAX_MESSAGES_PER_CALL)
    ]


def deliver(
    api: LineApi,
    reply_token: str | None,
    user_id: str | None,
    messages: Sequence[Message],
) -> None:
    """Reply with the first five messages; push what the reply could not carry.

    A reply fails when its token expired or was used (400) or LINE is down (5xx): the same
    messages then go by push, retried with backoff on 5xx/429 off the request thread.
    """
    if not messages:
        return
    chunks = _chunks(messages)
    pending: list[list[Message]] = chunks
    if reply_token:
        try:
            api.post("/v2/bot/message/reply", {"replyToken": reply_token, "messages": chunks[0]})
            pending = chunks[1:]
        except (ApiException, HTTPError, OSError) as error:
            log.warning(
                "LINE reply failed (%s); falling back to push",
                getattr(error, "status", type(error).__name__),
            )
    if not pending or not user_id:
        if pending:
            log.error("LINE reply failed and the event has no user id to push to")
        return
    for chunk in pending:
        retry_key = str(uuid.uuid4())
        if api.background:
            _retry_pool.submit(push_with_retries, api, user_id, chunk, retry_key)
        else:
            push_with_retries(api, user_id, chunk, retry_key)


# The loading animation goes out while a result is being computed, off the request thread.
_loading_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="line-loading")


class LoadingAnimation:
    """LINE's typing animation for one event: requested in the background as soon as a
    result starts being computed, and waited for before the reply is sent, so it never
    appears after the result (LINE hides it when the next message arrives)."""

    def __init__(self, api: LineApi, user_id: str | None) -> None:
        self.api = api
        self.user_id = user_id
        self._started = False
        self._request: Future[None] | None = None  # when sent in the background

    def start(self) -> None:
        if self._started or not self.user_id:
            return  # once per event, also when the event is decided again after a conflict
        self._started = True
        if self.api.background:
            self._request = _loading_pool.submit(show_loading, self.api, self.user_id)
        else:
            show_loading(self.api, self.user_id)

    def finish(self) -> None:
        if self._request is None:
            return
        done, _ = wait([self._request], timeout=self.api.timeout_seconds)
        if not done:
            self._request.cancel()  # not sent yet: never after the reply


def show_loading(api: LineApi, user_id: str, seconds: int = 5) -> None:
    """LINE's typing animation while a result is being prepared; failure is harmless."""
    try:
        api.post("/v2/bot/chat/loading/start", {"chatId": user_id, "loadingSeconds": seconds})
    except (ApiException, HTTPError, OSError) as error:
        log.info("loading animation not shown: %s", getattr(error, "status", error))
