"""Hostile or impossible input to /admin is refused with the Thai 400 page before it reaches
a view, ``int()``, a date or the database: control characters (NUL, CR/LF) in the query
string, and ids in the path past what the database stores. Forms check their own fields
(with messages next to the field); ``admin.errors`` turns what still reaches the database
or the calendar out of range into the same 400 page."""

from __future__ import annotations

import logging
import re

from flask import abort, request

log = logging.getLogger("dgr.admin")

# The largest id a PostgreSQL ``integer`` column holds.
MAX_ID = 2**31 - 1
# Query strings: no control character at all (a CR/LF in ``next=`` would split a header).
_QUERY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _refuse(reason: str) -> None:
    log.warning("admin: refused %s %s: %s", request.method, request.path, reason)
    abort(400)


def _has_control_character(pairs: list[tuple[str, str]]) -> bool:
    return any(_QUERY_CONTROL.search(key) or _QUERY_CONTROL.search(value) for key, value in pairs)


def check_admin_request() -> None:
    """A ``before_request`` hook for /admin paths."""
    if not (request.path == "/admin" or request.path.startswith("/admin/")):
        return
    if _has_control_character(list(request.args.items(multi=True))):
        _refuse("control character in the query string")
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            _refuse(f"{name} out of range")
