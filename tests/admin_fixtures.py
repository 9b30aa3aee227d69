"""Fixtures of the admin-web tests, loaded with ``pytest_plugins = ("tests.admin_fixtures",)``.

An app on a fresh database (SQLite and PostgreSQL via ``database_url``) with the shipped
knowledge loaded and one account per role, and clients signed in as each role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from storage.knowledge_sync import sync_knowledge
from tests.admin_support import USERS, create_user, db_of, log_in, make_app
from tests.frameworks import CATALOG


@pytest.fixture
def admin_app(database_url: str) -> Iterator[Flask]:
    app = make_app(database_url)
    with db_of(app).session() as session:
        sync_knowledge(session, CATALOG)
    for role, username in USERS.items():
        create_user(app, username, role)
    yield app
    db_of(app).dispose()


@pytest.fixture
def client_as(admin_app: Flask) -> Callable[[str], FlaskClient]:
    """A test client signed in with the given role."""

    def sign_in(role: str) -> FlaskClient:
        client = admin_app.test_client()
        response = log_in(client, USERS[role])
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in
