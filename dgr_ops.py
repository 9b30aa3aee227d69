"""Operations glue of the app: one log format (JSON lines) with a request id, and what
``/healthz`` reports beyond the database (the release's version, the migration state).

Every log line is one JSON object: ``ts``, ``level``, ``logger``, ``message``, the
``request_id`` of the request it belongs to, ``exc`` with the traceback, and any
``extra=`` fields. gunicorn's own lines are given the same format. The request id is the
incoming ``X-Request-Id`` when it is well-formed (nginx sets one), else a new one; it is
returned in the response's ``X-Request-Id`` and kept in ``request_id`` (a ContextVar, so
work handed to another thread can carry it with ``contextvars.copy_context()``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from typing import Any

from flask import Flask, Response, g, request
from gunicorn import glogging
from sqlalchemy import Engine

REQUEST_ID_HEADER = "X-Request-Id"
DISTRIBUTION = "dgr-bot"
_WELL_FORMED_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Health checks every few seconds would drown the access log.
_QUIET_PATHS = frozenset({"/healthz"})

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line (newlines in messages and tracebacks are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if current := request_id.get():
            entry["request_id"] = current
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _JsonHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The app's handler on the root logger (a class of its own: installed only once)."""


def configure_logging(level: str | None = None) -> None:
    """JSON lines on standard error for every logger, gunicorn's included."""
    root = logging.getLogger()
    if not any(isinstance(handler, _JsonHandler) for handler in root.handlers):
        handler = _JsonHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel((level or os.environ.get("LOG_LEVEL") or "INFO").upper())
    # gunicorn writes its own lines (start-up, worker exits) through these loggers.
    for name in ("gunicorn.error", "gunicorn.access"):
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(JsonFormatter())


class GunicornLogger(glogging.Logger):
    """gunicorn's own lines (start-up, workers, timeouts) in the same JSON-lines format, from
    the first line on and after a reload: ``gunicorn --logger-class dgr_ops.GunicornLogger``."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(JsonFormatter())


def _incoming_or_new_id() -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if _WELL_FORMED_ID.match(incoming) else uuid.uuid4().hex


def _start_request() -> None:
    g.request_started = time.perf_counter()
    g.request_id = _incoming_or_new_id()
    g.request_id_token = request_id.set(g.request_id)


def _finish_request(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.get("request_id") or _incoming_or_new_id()
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    level = logging.DEBUG if request.path in _QUIET_PATHS else logging.INFO
    logging.getLogger("dgr.access").log(
        level,
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(elapsed_ms, 1),
            "remote_addr": request.remote_addr,
        },
    )
    return response


def _end_request(_error: BaseException | None) -> None:
    if token := g.pop("request_id_token", None):
        request_id.reset(token)


def init_app(app: Flask) -> None:
    configure_logging(app.config.get("LOG_LEVEL"))
    app.before_request(_start_request)
    app.after_request(_finish_request)
    app.teardown_request(_end_request)


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


@cache
def _migration_heads() -> tuple[frozenset[str], frozenset[str]]:
    """(the heads, every revision) of the migrations shipped with this release, read from
    the migration files without loading Alembic (storage.migrate)."""
    from storage.migrate import known_revisions, migration_heads

    return frozenset(migration_heads()), frozenset(known_revisions())


def migration_state(engine: Engine) -> dict[str, Any]:
    """``state``: current (at this release's head), pending (``dgr init-db`` still to run)
    or ahead (the database is at a revision this release does not know: a newer release
    migrated it)."""
    from storage.migrate import current_revisions

    heads, known = _migration_heads()
    current = frozenset(current_revisions(engine))
    if current == heads:
        state = "current"
    elif current <= known:
        state = "pending"
    else:
        state = "ahead"
    return {"state": state, "current": sorted(current), "head": sorted(heads)}
