"""The service skeleton: app factory, /healthz, the webhook when unconfigured, the CLI."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from dgr import create_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "LINE_CHANNEL_SECRET": "",
            "LINE_CHANNEL_ACCESS_TOKEN": "",
        }
    )
    yield app
    app.extensions["dgr.db"].dispose()


def test_healthz_reports_database_ok_and_bot_not_configured(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.json
    assert {k: body[k] for k in ("status", "database", "bot")} == {
        "status": "ok",
        "database": "ok",
        "bot": "not configured",
    }
    assert body["migrations"]["state"] == "current"


def test_healthz_says_so_when_the_database_is_unreachable(tmp_path):
    app = create_app({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "TESTING": True})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_webhook_is_refused_with_a_clear_log_line_when_line_is_not_configured(app, caplog):
    with caplog.at_level(logging.ERROR, logger="dgr.bot"):
        response = app.test_client().post(
            "/callback", data='{"events": []}', headers={"X-Line-Signature": "x"}
        )
    assert response.status_code == 503
    assert "LINE_CHANNEL_SECRET" in caplog.text


def test_admin_login_page_is_served_in_thai(app):
    response = app.test_client().get("/admin/login")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'lang="th"' in page and "เข้าสู่ระบบ" in page and "csrf_token" in page


def test_admin_pages_need_a_login(app):
    response = app.test_client().get("/admin/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_create_admin_then_log_in(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "somchai", "--role", "editor", "--password-stdin"],
        input="correct-horse-battery\n",
    )
    assert result.exit_code == 0, result.output
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    bad = client.post("/admin/login", data={"username": "somchai", "password": "wrong-password"})
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in bad.get_data(as_text=True)
    good = client.post(
        "/admin/login", data={"username": "somchai", "password": "correct-horse-battery"}
    )
    assert good.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_create_admin_rejects_a_short_password(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "somchai", "--password-stdin"], input="short\n"
    )
    assert result.exit_code != 0 and "อย่างน้อย" in result.output


def test_cli_init_db_and_load_knowledge(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    result = runner.invoke(args=["load-knowledge"])
    assert result.exit_code == 0, result.output
    assert "framework years: 2565" in result.output


def _dgr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import dgr; dgr.main()", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:", "SECRET_KEY": "x"},
    )


def test_dgr_score_prints_the_full_result_for_the_example():
    run = _dgr("score", "examples/report-2565-legal-execution.json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["overall"]["level"] == 3 and result["overall"]["stage_en"] == "Defined"
    assert set(result["pillars"]) == {"P1", "P2", "P3", "P4", "P5", "P6"}
    assert result["next_steps"] and result["recommendations"]


def test_dgr_score_reports_a_bad_answer_precisely(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"agency_type": "service", "answers": {"P3.SP.1.share": 140}}))
    run = _dgr("score", str(bad))
    assert run.returncode != 0
    assert "P3.SP.1.share" in run.stderr and "0–100" in run.stderr


def test_dgr_check_knowledge_prints_a_summary():
    run = _dgr("check-knowledge")
    assert run.returncode == 0, run.stderr
    assert "issues: 32" in run.stdout and "OK" in run.stdout


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "TRUSTED_PROXY_COUNT": 1})

    @app.get("/_address")
    def address() -> str:
        from flask import request

        return request.remote_addr or ""

    client = app.test_client()
    assert client.get("/_address", headers={"X-Forwarded-For": "203.0.113.7"}).text == (
        "203.0.113.7"
    )
    app.extensions["dgr.db"].dispose()
