"""The app's database and framework catalog, as Flask extensions (flaskr's ``db.py``).

``init_app`` puts them on the app; blueprints read them with ``database()`` and
``catalog()``. The rest of ``storage`` does not import Flask.
"""

from __future__ import annotations

from flask import Flask, current_app

from knowledge.catalog import Catalog
from storage.db import DEFAULT_POOL_SIZE, Database

_DATABASE = "dgr.db"
_CATALOG = "dgr.catalog"


def init_app(app: Flask, catalog: Catalog) -> None:
    pool_size = app.config.get("DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE)
    app.extensions[_DATABASE] = Database(app.config["DATABASE_URL"], pool_size)
    app.extensions[_CATALOG] = catalog


def database() -> Database:
    return current_app.extensions[_DATABASE]


def catalog() -> Catalog:
    return current_app.extensions[_CATALOG]
