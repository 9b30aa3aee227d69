"""Alembic environment. The URL comes from storage.migrate (``dgr init-db``), or, for
Alembic's own command line (alembic.ini), from DATABASE_URL / .env like the app."""

import os
from pathlib import Path

from alembic import context

from storage.db import default_sqlite_url, make_engine, normalize_url
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    if url := config.get_main_option("sqlalchemy.url"):
        return url
    from dotenv import load_dotenv

    load_dotenv()
    return normalize_url(os.environ.get("DATABASE_URL") or default_sqlite_url(Path("instance")))


if config.config_file_name:  # the alembic command line: log as the app does
    from dgr_ops import configure_logging

    configure_logging()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign
            # keys on, that drop would cascade to the rows that refer to it (answers of
            # assessments). Off for the migration (outside any transaction, or SQLite
            # ignores it), and the keys are checked before the migration commits.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
