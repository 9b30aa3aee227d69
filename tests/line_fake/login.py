"""LINE Login's ID token verification (POST /oauth2/v2.1/verify on the api host), as the
LINE Login v2.1 API reference documents it; a LIFF app's server calls it with the token
from ``liff.getIDToken()``.

Request: ``Content-Type: application/x-www-form-urlencoded`` with ``id_token`` and
``client_id`` (the LINE Login channel ID) required, ``nonce`` and ``user_id`` optional; no
Authorization header. Answer: 200 with the token's claims (iss, sub, aud, exp, iat, amr,
name, picture, and nonce when the token has one), or 400 with ``error`` and
``error_description``. A request LINE would reject as malformed is also recorded as a
violation (a bug in the bot); a token that fails verification is not (that is LINE doing
its job).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
import urllib.parse
from dataclasses import dataclass

from tests.line_fake.openapi import Problem
from tests.line_fake.state import FakeState, RecordedRequest, Reply

PATH = "/oauth2/v2.1/verify"
OPERATION = "verifyIdToken"
ISSUER = "https://access.line.me"
CHANNEL_ID = re.compile(r"\d{10}")
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class IssuedIdToken:
    user_id: str
    channel_id: str
    issued_at: int
    expires_at: int
    nonce: str | None
    name: str


def _b64(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def issue(state: FakeState, user_id: str, channel_id: str, lifetime: int, nonce: str | None) -> str:
    """A JWT-shaped ID token the fake will vouch for (LINE signs them with ES256)."""
    now = int(time.time())
    claims = IssuedIdToken(user_id, channel_id, now, now + lifetime, nonce, "สมศรี ทดสอบ")
    payload = {"iss": ISSUER, "sub": user_id, "aud": channel_id, "exp": now + lifetime, "iat": now}
    token = f"{_b64({'typ': 'JWT', 'alg': 'ES256'})}.{_b64(payload)}.{secrets.token_urlsafe(48)}"
    state.id_tokens[token] = claims
    return token


def _refused(description: str) -> Reply:
    return Reply(400, {"error": "invalid_request", "error_description": description})


def _form_problems(request: RecordedRequest) -> tuple[dict[str, str], list[Problem]]:
    problems = []
    content_type = request.headers.get("Content-Type", "")
    if not content_type.startswith(FORM):
        problems.append(Problem("Content-Type", f"is {content_type!r}; must be {FORM}"))
    form = dict(urllib.parse.parse_qsl(request.raw.decode("utf-8", "replace")))
    for required in ("id_token", "client_id"):
        if not form.get(required):
            problems.append(Problem(required, "is required"))
    client_id = form.get("client_id", "")
    if client_id and not CHANNEL_ID.fullmatch(client_id):
        problems.append(Problem("client_id", "must be the LINE Login channel ID (10 digits)"))
    if "Authorization" in request.headers:
        problems.append(Problem("Authorization", "is not sent to the verify endpoint"))
    return form, problems


def verify(state: FakeState, request: RecordedRequest) -> tuple[Reply, list[Problem]]:
    if request.method != "POST":
        return Reply(405, {"message": "Method Not Allowed"}), [Problem(PATH, "must be POST")]
    form, problems = _form_problems(request)
    if problems:
        return _refused(problems[0].why), problems
    claims = state.id_tokens.get(form["id_token"])
    if claims is None:
        return _refused("Invalid IdToken."), []
    if claims.channel_id != form["client_id"]:
        return _refused("Invalid IdToken Audience."), []
    if claims.expires_at <= time.time():
        return _refused("IdToken expired."), []
    if "nonce" in form and form["nonce"] != claims.nonce:
        return _refused("Invalid IdToken Nonce."), []
    if "user_id" in form and form["user_id"] != claims.user_id:
        return _refused("Invalid IdToken Subject Identifier."), []
    body = {
        "iss": ISSUER,
        "sub": claims.user_id,
        "aud": claims.channel_id,
        "exp": claims.expires_at,
        "iat": claims.issued_at,
        "amr": ["linesso"],
        "name": claims.name,
        "picture": "https://profile.line-scdn.net/0hTEST",
    }
    if claims.nonce is not None:
        body["nonce"] = claims.nonce
    return Reply(200, body), []
