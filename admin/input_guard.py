"""Hostile or impossible input to /admin is refused with the Thai 400 page before it reaches
a view, ``int()``, a date or the database: control characters (NUL, CR/LF) in the query,
NUL and other control characters in forms, and ids past what the database stores."""

from __future__ import annotations

import logging
import re

from flask import abort, request

log = logging.getLogger("dgr.admin")

# The largest id a PostgreSQL ``integer`` column holds.
MAX_ID = 2**31 - 1
# Query strings: no control character at all (a CR/LF in ``next=`` would split a header).
_QUERY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Forms: text areas keep tab and line breaks; nothing else below a space.
_FORM_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse(reason: str) -> None:
    log.warning("admin: refused %s %s: %s", request.method, request.path, reason)
    abort(400)


def _bad_pairs(pairs: list[tuple[str, str]], pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(key) or pattern.search(value) for key, value in pairs)


def check_admin_request() -> None:
    """A ``before_request`` hook for /admin paths."""
    if not (request.path == "/admin" or request.path.startswith("/admin/")):
        return
    if _bad_pairs(list(request.args.items(multi=True)), _QUERY_CONTROL):
        _refuse("control character in the query string")
    if request.method == "POST" and _bad_pairs(
        list(request.form.items(multi=True)), _FORM_CONTROL
    ):
        _refuse("control character in a form field")
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            _refuse(f"{name} out of range")
