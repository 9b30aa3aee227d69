"""Shared fixtures: the shipped framework, and databases on SQLite and PostgreSQL.

PostgreSQL: ``TEST_DATABASE_URL`` or postgresql://postgres@127.0.0.1:5432/test. Each
test session creates its own database on that server and drops it at the end. When the
server cannot be reached the PostgreSQL cases are skipped, except under ``CI=true``,
where that is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import text

from knowledge.catalog import Knowledge
from scoring.model import Framework
from storage.db import Database
from storage.knowledge_sync import sync_knowledge
from storage.migrate import upgrade
from storage.models import Base
from tests.admin_live import live_servers
from tests.bot_support import (  # noqa: F401  (fixtures: the bot and a user)
    bot_app,
    chat,
    line_env,
)
from tests.frameworks import CATALOG, FRAMEWORK, KNOWLEDGE
from tests.line_fake import (  # noqa: F401  (fixture: the fake LINE Messaging API)
    FakeLineApi,
    line_api,
)

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return KNOWLEDGE


@pytest.fixture(scope="session")
def framework() -> Framework:
    return FRAMEWORK


def _pg_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)


def _pg_reachable(url: str) -> str | None:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    admin_url = _pg_admin_url()
    problem = _pg_reachable(admin_url)
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI but unreachable: {problem}")
        pytest.skip(f"PostgreSQL unreachable ({problem})")
    name = f"dgr_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _empty_tables(database: Database) -> None:
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with database.engine.begin() as connection:
        if database.engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        upgrade(url)
        return url
    url = request.getfixturevalue("postgres_url")
    database = Database(url)
    _empty_tables(database)
    database.dispose()
    return url


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """The session's PostgreSQL database, emptied, with the shipped knowledge loaded."""
    url = request.getfixturevalue("postgres_url")
    database = Database(url)
    _empty_tables(database)
    with database.session() as session:
        sync_knowledge(session, CATALOG)
    database.dispose()
    return url


@pytest.fixture
def two_servers(pg_url: str, line_api: FakeLineApi, tmp_path: Path) -> Iterator[list[str]]:  # noqa: F811
    """Two app processes (gunicorn, as the Procfile runs it) on ``pg_url``."""
    with live_servers(pg_url, tmp_path, count=2, extra_env=line_env(line_api)) as urls:
        yield urls


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    yield db
    db.dispose()
