"""Engine and sessions. One ``Database`` per app (and per test), no global state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker


def default_sqlite_url(instance_path: str | Path) -> str:
    return f"sqlite:///{Path(instance_path) / 'dgr.sqlite3'}"


def normalize_url(url: str) -> str:
    """Accept the common ``postgres://`` / ``postgresql://`` forms and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    # Take the write lock at the start of every transaction: SQLite has no SELECT … FOR
    # UPDATE, and a read-then-write transaction could otherwise fail with "database is
    # locked" when two processes serve the same user.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _json(value: object) -> str:
    # NaN and infinity are not JSON: refuse them here rather than store what PostgreSQL
    # would reject (or SQLite would keep and no reader could parse). Thai is kept as UTF-8
    # (as PostgreSQL's jsonb keeps it): the outbox sends its stored text as it is.
    return json.dumps(value, allow_nan=False, ensure_ascii=False)


# Connections a process keeps open to PostgreSQL: its request threads, the outbox's
# sending threads and poller take turns on them.
DEFAULT_POOL_SIZE = 10


def make_engine(url: str, pool_size: int = DEFAULT_POOL_SIZE) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15}, json_serializer=_json)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # No pre-ping (a round trip per request); a dropped connection fails that request with
    # OperationalError, which the webhook retries on a fresh connection. Every connection
    # is kept (no overflow): one opened and closed per burst costs PostgreSQL a process
    # start, which cost more than the statements it ran. A thread that finds them all busy
    # waits its turn (each is held for one transaction).
    return create_engine(
        url, pool_recycle=1800, pool_size=pool_size, max_overflow=0, json_serializer=_json
    )


class Database:
    def __init__(self, url: str, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, pool_size)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._autocommit = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.engine.dialect.name == "postgresql"
            else None
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def single_statements(self) -> Iterator[Connection]:
        """For work that is one statement at a time, each complete on its own: on
        PostgreSQL every statement commits itself (one round trip, where a transaction
        adds BEGIN and COMMIT); on SQLite the block is one transaction."""
        if self._autocommit is None:
            with self.engine.begin() as connection:
                yield connection
            return
        with self._autocommit.connect() as connection:
            yield connection

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def dispose(self) -> None:
        self.engine.dispose()
