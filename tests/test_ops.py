"""Operations: one log format (JSON lines) with a request id, /healthz with the version
and the migration state, and Alembic's own command line (alembic.ini) on the models."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dgr_ops
from dgr import create_app
from storage.migrate import downgrade, upgrade

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(database_url):  # type: ignore[no-untyped-def]
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x"})
    yield app
    app.extensions["dgr.db"].dispose()


@pytest.fixture
def behind(database_url):  # type: ignore[no-untyped-def]
    """The database one migration behind this release (upgraded again afterwards: the
    PostgreSQL database is shared by the test session)."""
    downgrade(database_url, "0005")
    yield
    upgrade(database_url)


@pytest.fixture
def log_lines():  # type: ignore[no-untyped-def]
    """What the app's JSON handler writes, one parsed line each."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(dgr_ops.JsonFormatter())
    logging.getLogger().addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


def test_a_request_gets_an_id_in_the_response_and_in_its_log_lines(app, log_lines):
    response = app.test_client().get("/admin/login")
    request_id = response.headers["X-Request-Id"]
    assert len(request_id) == 32
    access = [line for line in log_lines() if line["logger"] == "dgr.access"]
    assert access[-1]["request_id"] == request_id
    assert access[-1]["status"] == 200 and access[-1]["path"] == "/admin/login"
    assert access[-1]["message"] == "GET /admin/login 200"


def test_an_incoming_request_id_is_kept_and_a_malformed_one_replaced(app, log_lines):
    client = app.test_client()
    kept = client.get("/admin/login", headers={"X-Request-Id": "nginx-4f2a9c"})
    assert kept.headers["X-Request-Id"] == "nginx-4f2a9c"
    hostile = client.get("/admin/login", headers={"X-Request-Id": "x\" injected=1 " + "a" * 300})
    assert hostile.headers["X-Request-Id"] != "x" and len(hostile.headers["X-Request-Id"]) == 32
    assert [line["request_id"] for line in log_lines() if line["logger"] == "dgr.access"] == [
        "nginx-4f2a9c",
        hostile.headers["X-Request-Id"],
    ]


def test_an_error_inside_a_request_is_one_json_line_with_its_traceback(app, log_lines):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():  # type: ignore[no-untyped-def]
        raise RuntimeError("boom\nsecond line")

    app.add_url_rule("/broken", "broken", broken)
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    errors = [line for line in log_lines() if line["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == response.headers["X-Request-Id"]
    assert "RuntimeError: boom" in errors[0]["exc"]


def test_every_line_is_json_with_the_extra_fields(log_lines):
    logging.getLogger("dgr.test").warning("ส่งข้อความไม่สำเร็จ %s", 3, extra={"retry_key": "k1"})
    (line,) = [line for line in log_lines() if line["logger"] == "dgr.test"]
    assert line["message"] == "ส่งข้อความไม่สำเร็จ 3" and line["retry_key"] == "k1"
    assert line["level"] == "WARNING" and line["ts"].endswith("+00:00")
    assert "request_id" not in line  # no request: no id


def test_the_app_installs_one_json_handler_however_often_it_is_made(app, database_url):
    create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x"})
    handlers = [h for h in logging.getLogger().handlers if type(h).__name__ == "_JsonHandler"]
    assert len(handlers) == 1


def test_healthz_reports_the_version_and_current_migrations(app):
    body = app.test_client().get("/healthz").json
    assert body["version"] == dgr_ops.version() != ""
    assert body["migrations"]["state"] == "current"
    assert body["migrations"]["current"] == body["migrations"]["head"]


def test_healthz_is_503_while_migrations_are_pending(app, behind):
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    migrations = response.json["migrations"]
    assert migrations["state"] == "pending" and migrations["current"] == ["0005"]
    assert migrations["head"] and migrations["head"] != ["0005"]


def _alembic(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini"), *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def test_alembic_ini_runs_autogenerate_against_the_models(database_url):
    """`alembic check` autogenerates against the database: no difference at head."""
    checked = _alembic(database_url, "check")
    assert checked.returncode == 0, checked.stderr
    assert "No new upgrade operations detected" in checked.stdout + checked.stderr


def test_alembic_check_fails_on_a_database_behind(database_url, behind):
    result = _alembic(database_url, "check")
    assert result.returncode != 0 and "not up to date" in result.stdout + result.stderr
