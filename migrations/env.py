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
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
