"""Delivering the outbox: right after a webhook commits (on a small thread pool, so the
webhook answers LINE at once), and by a poller that takes over anything due — retries,
rows of a process that died, rows another host wrote. ``dgr outbox-worker`` runs the
poller on its own; every app process runs one too (``OUTBOX_POLL_SECONDS``)."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from bot.delivery import Outcome, Policy, deliver
from bot.sender import LineApi
from storage import outbox
from storage.db import Database
from storage.flask_ext import database

log = logging.getLogger("dgr.bot.outbox")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Deliverer:
    """One per process: sends rows as they are written and polls for due ones."""

    def __init__(
        self,
        db: Database,
        api: LineApi,
        policy: Policy | None = None,
        clock: Clock = utc_now,
        inline_patience: float | None = None,
    ) -> None:
        self.db, self.api, self.policy, self.clock = db, api, policy or Policy(), clock
        # Tests: send on the request thread, retrying what is due within this many seconds.
        self.inline_patience = inline_patience
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="line-send")
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None

    def submit(self, ids: Sequence[int], after: Future[None] | None = None) -> None:
        """Send these rows now (on the pool, or here when ``inline``); ``after`` is the
        loading animation's request, which must reach LINE before the reply."""
        if not ids:
            return
        if self.inline_patience is not None:
            self._send(ids, after)
            self._retry_soon(ids, self.inline_patience)
        else:
            self._pool.submit(self._send, ids, after)

    def _retry_soon(self, ids: Sequence[int], patience: float) -> None:
        deadline = time.monotonic() + patience
        while True:
            with self.db.single_statements() as connection:
                due = outbox.next_due(connection, ids)
            if due is None:
                return
            wait_seconds = max(0.0, (due - self.clock()).total_seconds())
            if time.monotonic() + wait_seconds > deadline:
                return
            time.sleep(wait_seconds)
            self.run_due(ids)

    def _send(self, ids: Sequence[int], after: Future[None] | None) -> None:
        if after is not None:
            wait([after], timeout=self.api.timeout_seconds)
        try:
            self.run_due(ids)
        except Exception:
            log.exception("outbox: sending rows %s failed; the poller takes them over", ids)

    def run_due(self, ids: Sequence[int] | None = None, limit: int = 20) -> int:
        """Claim and deliver due rows (these ``ids`` only, when given); then, until none
        is left, the rows they held back (their users' later messages, written while
        these were on their way). Returns how many were delivered."""
        done = 0
        users: list[str] | None = None
        while True:
            with self.db.single_statements() as connection:
                rows = outbox.claim(
                    connection, self.clock(), self.policy.lease, limit, ids, users
                )
            # Once a row is out, the rows of its user it held back are due (the poller's
            # too): a user who taps faster than LINE answers gets each reply as soon as the
            # one before it is out, not one per poll.
            held_back: set[str] = set()
            for row in rows:
                waiting = self._settle(row, deliver(self.api, row, self.clock(), self.policy))
                if waiting and row.line_user_id:
                    held_back.add(row.line_user_id)
            done += len(rows)
            ids, users = None, sorted(held_back)
            if not users:
                return done

    def _settle(self, row: outbox.Claimed, outcome: Outcome) -> bool:
        """Record the outcome; True when the row's user has rows waiting behind it."""
        with self.db.single_statements() as connection:
            if outcome.status is None:
                assert outcome.retry_at is not None
                outbox.defer(
                    connection, row.id, outcome.retry_at, outcome.error, outcome.reply_failed
                )
                return False  # still pending: the rows behind it wait for its retry
            return outbox.settle(
                connection, row.id, outcome.status, self.clock(), outcome.error
            )

    def poll_forever(self, every_seconds: float) -> None:
        while not self._stop.wait(every_seconds):
            try:
                self.run_due()
            except Exception:  # the database may be away for a while: try again later
                log.exception("outbox: polling failed; trying again in %.1fs", every_seconds)

    def start_polling(self, every_seconds: float) -> None:
        if self._poller is None and every_seconds > 0:
            self._poller = threading.Thread(
                target=self.poll_forever, args=(every_seconds,), name="outbox-poll", daemon=True
            )
            self._poller.start()

    def stop(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)


def line_api(app: Flask) -> LineApi:
    config = app.config
    return LineApi(
        base_url=config["LINE_API_BASE_URL"],
        access_token=config["LINE_CHANNEL_ACCESS_TOKEN"],
        timeout_seconds=config.get("LINE_API_TIMEOUT_SECONDS", 5.0),
        background=config.get("LINE_PUSH_BACKGROUND", True),
    )


def _policy(app: Flask) -> Policy:
    overrides = app.config.get("OUTBOX_POLICY")
    return overrides if isinstance(overrides, Policy) else Policy()


def deliverer() -> Deliverer:
    """This process's deliverer (made after a fork, so gunicorn workers get their own),
    its poller started on first use."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = f"dgr.bot.deliverer.{os.getpid()}"
    found = app.extensions.get(key)
    if found is None:
        inline = not app.config.get("LINE_PUSH_BACKGROUND", True)
        patience = float(app.config.get("OUTBOX_INLINE_PATIENCE_SECONDS", 5.0))
        clock = app.config.get("OUTBOX_CLOCK", utc_now)
        found = Deliverer(
            database(), line_api(app), _policy(app), clock, patience if inline else None
        )
        if not inline:
            found.start_polling(float(app.config.get("OUTBOX_POLL_SECONDS", 1.0)))
        app.extensions[key] = found
    return found


@click.command("outbox-worker")
@click.option("--every", type=float, default=1.0, show_default=True, help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@with_appcontext
def outbox_worker_command(every: float, once: bool) -> None:
    """Deliver the outbox (messages to LINE) from a process of its own."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    worker = Deliverer(database(), line_api(app), _policy(app))
    if once:
        click.echo(f"ส่งข้อความที่ค้างแล้ว {worker.run_due()} รายการ")
        return
    click.echo(f"outbox worker: polling every {every:g}s (Ctrl-C to stop)")
    worker.poll_forever(every)
