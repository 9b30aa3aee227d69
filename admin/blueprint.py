"""The one admin blueprint; route modules (auth, texts, glossary …) attach their views to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, flash
from sqlalchemy.orm import Session

from storage.flask_ext import database

blueprint = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
)


@contextmanager
def db_session() -> Iterator[Session]:
    """A unit of work on the app's database (committed at the end of the block)."""
    with database().session() as session:
        yield session


def flash_near(anchor: str, message: str, kind: str = "success") -> None:
    """A confirmation shown next to the item with this anchor (macro ``saved_flash``),
    not at the top of the page the browser scrolls away from."""
    flash(message, f"saved:{kind}:{anchor}")
