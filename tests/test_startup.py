"""Start-up (issue 16): commands that have nothing to do return at once, each command
imports only what it uses, and a worker is warm before it takes traffic."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import qa
from dgr import COMMANDS, _import_command, create_app, warm_up
from knowledge.search import SearchIndex
from storage.db import Database
from storage.migrate import MIGRATIONS_DIR, at_head, migration_heads, upgrade
from storage.models import RecommendationText
from tests.admin_live import LiveServer

ROOT = Path(__file__).resolve().parent.parent
TEST_YEARS = ROOT / "tests" / "data" / "knowledge"


def _dgr(database_url: str, *args: str, extra_dirs: Path | None = None, stdin: str = "") -> str:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "SECRET_KEY": "x"}
    if extra_dirs is not None:
        env["KNOWLEDGE_EXTRA_DIRS"] = str(extra_dirs)
    run = subprocess.run(
        [sys.executable, "-c", "import dgr; dgr.main()", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        input=stdin,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def _stored_text(database_url: str, issue_id: str, band: str) -> str | None:
    database = Database(database_url)
    try:
        with database.session() as session:
            return session.scalar(
                select(RecommendationText.text).where(
                    RecommendationText.issue_id == issue_id,
                    RecommendationText.band == band,
                    RecommendationText.text_key == "all",
                )
            )
    finally:
        database.dispose()


def test_load_knowledge_skips_unchanged_files_and_syncs_a_changed_one(database_url, tmp_path):
    years = tmp_path / "years"
    shutil.copytree(TEST_YEARS, years)
    first = _dgr(database_url, "load-knowledge", extra_dirs=years)
    assert "framework years: 2565, 2570" in first and "+0 new" not in first
    assert _stored_text(database_url, "X1.A.1", "4") == "ทบทวนแผนงานทดสอบทุกปี"

    again = _dgr(database_url, "load-knowledge", extra_dirs=years)
    assert "unchanged" in again and "framework years" not in again

    pillar = years / "2570" / "x1.yaml"
    shipped = pillar.read_text(encoding="utf-8")
    new_text = shipped.replace("ทบทวนแผนงานทดสอบทุกปี", "ทบทวนแผนงานทดสอบทุกหกเดือน")
    pillar.write_text(new_text, encoding="utf-8")
    changed = _dgr(database_url, "load-knowledge", extra_dirs=years)
    assert "+0 new, 1 updated" in changed
    assert _stored_text(database_url, "X1.A.1", "4") == "ทบทวนแผนงานทดสอบทุกหกเดือน"


@pytest.fixture
def app(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x"})
    yield app
    app.extensions["dgr.db"].dispose()


def test_load_knowledge_force_syncs_unchanged_files_again(app):
    runner = app.test_cli_runner()
    assert "+93 new" in runner.invoke(args=["load-knowledge"]).output
    assert "unchanged" in runner.invoke(args=["load-knowledge"]).output
    forced = runner.invoke(args=["load-knowledge", "--force"])
    assert forced.exit_code == 0 and "+0 new, 0 updated" in forced.output


def test_init_db_at_head_runs_no_migration(app, tmp_path):
    database = app.extensions["dgr.db"]
    assert at_head(database.engine)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "อยู่แล้ว" in result.output

    fresh = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert not at_head(fresh.engine)
    upgrade(fresh.url)
    assert at_head(fresh.engine)
    fresh.dispose()


def test_the_heads_read_from_the_migration_files_are_alembics():
    from alembic.script import ScriptDirectory

    assert migration_heads() == set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def test_the_command_table_is_every_command_the_areas_register(app):
    registered = {name: command for name, command in app.cli.commands.items()}
    assert set(COMMANDS) == set(registered)
    for name, path in COMMANDS.items():
        assert _import_command(path) is registered[name]


HEAVY = (
    "bot",
    "pythainlp",
    "linebot",
    "rapidfuzz",
    "knowledge.search",
    "admin.dashboard",
    "alembic",
)
PROBE = """
import json, sys, dgr
try:
    dgr.main(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["init-db"], ""),
        (["load-knowledge"], ""),
        (["create-admin", "somchai", "--password-stdin"], "correct-horse-battery\n"),
        (["purge-events"], ""),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_a_command_loads_neither_the_bot_nor_the_search(tmp_path, args, stdin):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade(url)
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "SECRET_KEY": "x"},
        input=stdin,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    modules = json.loads(run.stdout.splitlines()[-1])
    loaded = [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert loaded == []


def test_a_warmed_app_answers_its_first_question_without_building_the_index(
    bot_app, chat, monkeypatch
):
    builds: list[int] = []
    build = SearchIndex.build

    def counted(*arguments):  # type: ignore[no-untyped-def]
        builds.append(1)
        return build(*arguments)

    monkeypatch.setattr(SearchIndex, "build", counted)
    warm_up(bot_app)
    assert len(builds) == 1  # the glossary was just loaded: its index is new
    answer = chat.texts(chat.say("ธรรมาภิบาลข้อมูลภาครัฐ คืออะไรครับ"))
    assert any("Data Governance" in text for text in answer)
    assert len(builds) == 1


def test_warm_up_serves_on_when_the_database_is_not_migrated(tmp_path, caplog):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    with caplog.at_level(logging.WARNING, logger="dgr"):
        warm_up(app)
    assert "warm-up skipped" in caplog.text
    app.extensions["dgr.db"].dispose()


def test_gunicorn_warms_the_master_before_it_forks_the_workers(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade(url)
    server = LiveServer(url, tmp_path / "gunicorn.log")
    try:
        server.wait_until_ready()
    finally:
        server.stop()
    log = server.log_path.read_text()
    master_warm = log.index("warm: Q&A index ready")
    assert master_warm < log.index("Booting worker")
    assert log.count("warm: Q&A index ready") == 2  # the master, then the worker's check


def _wait_for(condition, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)  # the fake LINE server records requests; there is no event to wait on
    return True


def test_a_question_that_waits_for_the_index_shows_the_loading_animation_first(
    bot_app, chat, line_api, monkeypatch
):
    loading = "/v2/bot/chat/loading/start"
    warm_up(bot_app)
    fast = chat.texts(chat.say("ธรรมาภิบาลข้อมูลภาครัฐ คืออะไรครับ"))
    assert not line_api.requests(loading)

    search_index = qa.search_index

    def rebuilding(session, knowledge):  # type: ignore[no-untyped-def]
        # As after a glossary edit: the index is ready only once the animation is showing.
        assert _wait_for(lambda: bool(line_api.requests(loading)))
        return search_index(session, knowledge)

    monkeypatch.setattr(qa, "search_index", rebuilding)
    before = len(line_api.requests())
    slow = chat.texts(chat.say("ธรรมาภิบาลข้อมูลภาครัฐ คืออะไรครับ"))
    assert slow == fast
    paths = [r.path for r in line_api.requests()[before:]]
    assert paths == [loading, "/v2/bot/message/reply"]
