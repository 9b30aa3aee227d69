"""Run the Alembic migrations in ``migrations/`` against a database URL, and tell whether a
database is at the newest one without loading Alembic (``dgr init-db`` at head)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, inspect, text

from storage.db import normalize_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Alembic's config is ConfigParser-backed: a literal % must be doubled.
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def _revision_ids(path: Path) -> dict[str, Any]:
    """A migration file's ``revision`` and ``down_revision``, read without running it."""
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            found[target.id] = ast.literal_eval(value)
    return found


def known_revisions() -> set[str]:
    """Every revision this release ships."""
    return {_revision_ids(path)["revision"] for path in (MIGRATIONS_DIR / "versions").glob("*.py")}


def migration_heads() -> set[str]:
    """The revisions no other migration builds on (Alembic's heads)."""
    revisions: set[str] = set()
    built_on: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        ids = _revision_ids(path)
        revisions.add(ids["revision"])
        down = ids.get("down_revision")
        built_on.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return revisions - built_on


def current_revisions(engine: Engine) -> set[str]:
    """The revisions recorded in the database (none for a new database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return set()
        return set(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())


def at_head(engine: Engine) -> bool:
    """Whether the database is at the newest migration. Alembic's ``upgrade`` would say so
    too, but only after loading Alembic and its environment, which takes longer."""
    return current_revisions(engine) == migration_heads()
