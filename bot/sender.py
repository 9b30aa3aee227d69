"""Calls to LINE's Messaging API: one client per process, and the loading animation.

Messages themselves go through the outbox (``storage.outbox``, ``bot.delivery``).
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import urllib3
from linebot.v3.messaging import ApiClient, Configuration
from linebot.v3.messaging.exceptions import ApiException
from linebot.v3.messaging.rest import RESTResponse
from urllib3.exceptions import HTTPError

Message = dict[str, Any]

log = logging.getLogger("dgr.bot.sender")



@dataclass(frozen=True)
class LineApi:
    base_url: str
    access_token: str
    timeout_seconds: float = 5.0
    # Messages and the loading animation go off the request thread unless this is False
    # (tests: everything is sent before the webhook answers).
    background: bool = True

    def client(self) -> ApiClient:
        return _client(self.base_url, self.access_token)

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        """POST ``body`` as JSON (UTF-8: a Thai character is 3 bytes, not a 6-byte \\u
        escape); see ``post_json``."""
        encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        self.post_json(path, encoded, headers)

    def post_json(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        """POST a JSON body on the SDK's connection pool. Bodies are the plain JSON built in
        bot.messages; an HTTP error is raised as the SDK's ApiException; the response body
        is not parsed, so a delivered message is never re-sent because a response failed
        to parse."""
        client = self.client()
        response = client.rest_client.pool_manager.request(
            "POST",
            f"{self.base_url}{path}",
            body=body,
            headers={
                "Content-Type": "application/json; charset=UTF-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.access_token}",
                "User-Agent": client.user_agent,
                **(headers or {}),
            },
            timeout=urllib3.Timeout(total=self.timeout_seconds),
        )
        if not 200 <= response.status <= 299:
            raise ApiException(http_resp=RESTResponse(response))


@lru_cache(maxsize=8)
def _client(base_url: str, access_token: str) -> ApiClient:
    """One client per process and channel: its connection pool keeps connections to LINE
    open between requests (urllib3 pools are thread-safe)."""
    return ApiClient(Configuration(host=base_url, access_token=access_token))


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

    @property
    def request(self) -> Future[None] | None:
        """The animation's request when it was sent in the background; the reply waits
        for it (LINE hides the animation when the next message arrives)."""
        return self._request


def show_loading(api: LineApi, user_id: str, seconds: int = 5) -> None:
    """LINE's typing animation while a result is being prepared; failure is harmless."""
    try:
        api.post("/v2/bot/chat/loading/start", {"chatId": user_id, "loadingSeconds": seconds})
    except (ApiException, HTTPError, OSError) as error:
        log.info("loading animation not shown: %s", getattr(error, "status", error))
