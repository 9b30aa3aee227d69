"""A text saved through one server process is read at once by another (no in-process cache).

Two gunicorn processes on the same database stand for two workers: the editor saves on
one; the other's page, and a fresh database connection as the bot uses, show the new text.
"""

from __future__ import annotations

import http.cookiejar
import urllib.parse
import urllib.request

from storage.db import Database
from storage.knowledge_sync import sync_knowledge
from storage.texts import text_overrides
from tests.admin_live import live_servers
from tests.admin_support import PASSWORD, create_user, csrf_token, db_of, make_app
from tests.frameworks import CATALOG

ISSUE_PAGE = "/admin/texts/P1.DaP.1"
NEW_TEXT = "ข้อความที่บันทึกผ่านกระบวนการแรก ต้องเห็นได้ทันทีจากกระบวนการที่สอง"


class Browser:
    """Just enough of a browser: cookies, forms, redirects."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=10) as response:
            return response.read().decode("utf-8")

    def post(self, url: str, form: dict[str, str]) -> str:
        data = urllib.parse.urlencode(form).encode()
        with self.opener.open(url, data=data, timeout=10) as response:
            return response.read().decode("utf-8")


def test_a_save_in_one_process_shows_in_the_other(database_url, tmp_path):
    setup = make_app(database_url)
    with db_of(setup).session() as session:
        sync_knowledge(session, CATALOG)
    create_user(setup, "edith", "editor")
    db_of(setup).dispose()

    with live_servers(database_url, tmp_path, count=2) as (first, second):
        browser = Browser()
        token = csrf_token(browser.get(f"{first}/admin/login"))
        dashboard = browser.post(
            f"{first}/admin/login",
            {"username": "edith", "password": PASSWORD, "csrf_token": token},
        )
        assert "ภาพรวมผลการประเมิน" in dashboard
        # The second process has served the page (and read the texts) before the edit.
        assert NEW_TEXT not in browser.get(f"{second}{ISSUE_PAGE}")
        token = csrf_token(browser.get(f"{first}{ISSUE_PAGE}"))
        saved = browser.post(
            f"{first}{ISSUE_PAGE}/1-3/all",
            {"text": NEW_TEXT, "base_version": "1", "csrf_token": token},
        )
        assert "แชทบอทใช้ข้อความใหม่ทันที" in saved
        assert NEW_TEXT in browser.get(f"{second}{ISSUE_PAGE}")

    reader = Database(database_url)
    with reader.session() as session:
        assert text_overrides(session, 2565)[("P1.DaP.1", "1-3", "all")] == NEW_TEXT
    reader.dispose()
