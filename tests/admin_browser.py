"""Fixtures of the browser tests (Playwright driving Debian's Chromium with a Thai font),
loaded with ``pytest_plugins = ("tests.admin_browser",)``: the browser, a live server on a
database with the knowledge, accounts and a spread of assessments, signing in, screenshots
under test-artifacts/ and the sideways-scroll check.

Without /usr/bin/chromium (or a Thai font) these tests are skipped, except under CI=true
where that is a failure (`make browser-deps` installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from storage.knowledge_sync import sync_knowledge
from storage.models import utcnow
from tests.admin_live import ROOT, live_servers
from tests.admin_support import PASSWORD, add_assessment, create_user, db_of, make_app
from tests.answer_sets import best_answers, worst_answers
from tests.bot_support import line_env
from tests.frameworks import CATALOG, FRAMEWORK
from tests.line_fake import FakeLineApi

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PILLAR4_AGENCY = "สำนักงานตัวชี้วัดสี่"


def _missing_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (run `make browser-deps`)"
    fonts = shutil.which("fc-list")
    if fonts and not subprocess.run([fonts, ":lang=th"], capture_output=True, text=True).stdout:
        return "no Thai font installed (fonts-thai-tlwg; run `make browser-deps`)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = _missing_browser()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run under CI: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def add_survey(app: Any) -> dict[str, int]:
    """26 assessments as the survey team sees them: whole ones at every level, a
    Pillar-4-only one, unfinished ones stopped at different pillars, over two months."""
    best, worst = best_answers(FRAMEWORK), worst_answers(FRAMEWORK)
    pillars = [p.id for p in FRAMEWORK.pillars]
    ids: dict[str, int] = {}
    start = utcnow() - timedelta(days=60)
    for number in range(20):
        # A different mix of best and worst answers for each agency: levels 1–5 all occur.
        mixed = {
            q: (best if (index + number) % 4 < number % 5 else worst)[q]
            for index, q in enumerate(best)
        }
        ids[f"whole{number}"] = add_assessment(
            app,
            mixed,
            agency_name=f"กรมตัวอย่างที่ {number + 1}",
            agency_type=("service", "policy", "provincial")[number % 3],
            started_at=start + timedelta(days=number * 3),
        )
    ids["pillar4"] = add_assessment(
        app,
        {q: a for q, a in best.items() if q.startswith("P4.")},
        agency_name=PILLAR4_AGENCY,
        scope=["P4"],
    )
    for index, stop in enumerate(pillars[:5]):
        reached = pillars[: pillars.index(stop) + 1]
        answers = {q: a for q, a in worst.items() if q.split(".")[0] in reached}
        ids[f"open{index}"] = add_assessment(
            app, answers, agency_name=f"จังหวัดตัวอย่าง {index + 1}", status="in_progress"
        )
    return ids


@pytest.fixture
def survey_site(database_url: str, tmp_path: Path, line_api: FakeLineApi) -> Iterator[str]:
    """A live server with the knowledge, an admin and an editor, and ``add_survey``."""
    app = make_app(database_url)
    with db_of(app).session() as session:
        sync_knowledge(session, CATALOG)
    create_user(app, "edith", "editor")
    create_user(app, "boss", "admin")
    add_survey(app)
    db_of(app).dispose()
    with live_servers(database_url, tmp_path, extra_env=line_env(line_api)) as (url,):
        yield url


def shot(page: Any, name: str, database_url: str) -> None:
    if database_url.startswith("sqlite"):  # one set of screenshots is enough
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_role("heading", name="ภาพรวมผลการประเมิน").wait_for()


def sideways_scroll(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )
