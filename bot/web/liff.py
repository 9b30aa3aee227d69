"""LIFF: the LINE user of an ID token, verified by LINE (POST /oauth2/v2.1/verify on the
Messaging API host, ``LINE_API_BASE_URL``), never by reading the token ourselves."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request

from flask import current_app

log = logging.getLogger("dgr.web")
VERIFY_PATH = "/oauth2/v2.1/verify"
TIMEOUT_SECONDS = 10
USER_ID = re.compile(r"U[0-9a-f]{32}")
MAX_ID_TOKEN = 4096


def channel_id() -> str:
    """The LINE Login channel of the LIFF app: LIFF_CHANNEL_ID, else the LIFF ID's prefix
    (a LIFF ID is "<channel id>-<suffix>")."""
    configured = str(current_app.config.get("LIFF_CHANNEL_ID") or "")
    return configured or str(current_app.config.get("LIFF_ID") or "").split("-")[0]


def verified_user(id_token: str) -> str | None:
    """The LINE user id LINE vouches for, or None (refused, expired, another channel's, or
    LINE unreachable). The token itself is never logged."""
    if not id_token or len(id_token) > MAX_ID_TOKEN:
        return None
    client_id = channel_id()
    body = urllib.parse.urlencode({"id_token": id_token, "client_id": client_id}).encode()
    request = urllib.request.Request(
        current_app.config["LINE_API_BASE_URL"] + VERIFY_PATH,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            claims = json.load(response)
    except urllib.error.HTTPError as error:
        log.info("LIFF: LINE refused an ID token (HTTP %s)", error.code)
        return None
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        log.warning("LIFF: could not verify an ID token: %s", type(error).__name__)
        return None
    subject = claims.get("sub") if isinstance(claims, dict) else None
    if claims.get("aud") != client_id or not isinstance(subject, str):
        return None
    return subject if USER_ID.fullmatch(subject) else None
