"""A framework year is data: a small test year (tests/data/knowledge/2570, never shipped)
is asked by the bot, scored with its own rules and texts, and edited and shown in the
admin, while an assessment of 2565 keeps being shown and scored as 2565."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bot import texts
from bot.chat.postbacks import ShowRecommendations, encode
from storage.flask_ext import catalog, database
from storage.knowledge_sync import sync_knowledge
from tests.admin_support import add_assessment, create_user, log_in, page
from tests.bot_support import REPORT_ANSWERS, Chat, make_bot_app, result_card
from tests.frameworks import FRAMEWORK
from tests.line_fake import FakeLineApi

TEST_YEAR_DATA = Path(__file__).parent / "data" / "knowledge"


@pytest.fixture
def two_year_app(database_url: str, line_api: FakeLineApi) -> Iterator[Flask]:
    app = make_bot_app(
        database_url, line_api, KNOWLEDGE_EXTRA_DIRS=[str(TEST_YEAR_DATA)], WTF_CSRF_ENABLED=False
    )
    with app.app_context(), database().session() as session:
        sync_knowledge(session, catalog())
    create_user(app, "edith", "editor")
    yield app
    app.extensions["dgr.db"].dispose()


def _answer_the_test_year(chat: Chat) -> list[dict]:
    chat.say(texts.START)
    chat.press("บริการทดสอบ")  # the test year's agency types
    chat.say("กรมทดลอง")
    chat.name_place()
    first = chat.press(texts.WHOLE_FRAMEWORK)
    assert "ทุกตัวชี้วัด (2 ข้อ ใช้เวลา" in chat.texts(first)[0]
    assert "หน่วยงานมีแผนงานทดสอบแล้วหรือไม่" in chat.texts(first)[-1]
    chat.press("ใช่")
    return chat.say("3")


def test_the_latest_year_is_asked_and_scored_with_its_own_rules(two_year_app, line_api):
    chat = Chat(two_year_app, line_api)
    card = result_card(_answer_the_test_year(chat))
    # X1 yes → 5, X2 three systems → 4: mean 4.5 → level 4, the test year's stage name.
    assert "ระดับ 4" in card["altText"] and "Advanced" in card["altText"]
    with two_year_app.app_context(), database().session() as session:
        from storage.models import Assessment

        stored = session.query(Assessment).one()
        assert (stored.framework_year, stored.overall_level) == (2570, 4)


def test_an_older_year_is_shown_and_rescored_with_its_own_framework(two_year_app, line_api):
    chat = Chat(two_year_app, line_api)
    chat.follow()
    old_id = add_assessment(two_year_app, REPORT_ANSWERS, line_user_id=chat.user_id)
    card = result_card(chat.say(texts.RESULT))
    assert "ระดับ 3" in card["altText"]  # the 2565 report's answers, scored by 2565's rules
    carousels = chat.tap(encode(ShowRecommendations(old_id)))
    assert any(FRAMEWORK.pillars[0].name_th in str(m) for m in carousels)


def test_the_admin_edits_and_shows_the_test_year(two_year_app, line_api):
    chat = Chat(two_year_app, line_api)
    _answer_the_test_year(chat)
    client = two_year_app.test_client()
    assert log_in(client, "edith").status_code == 302
    listing = page(client.get("/admin/texts/?year=2570"))
    assert "ประเด็นทดสอบแผนงาน" in listing and "ธรรมาภิบาลข้อมูล" not in listing
    saved = client.post(
        "/admin/texts/X2.A.1/4/all?year=2570",
        data={"text": "เพิ่มระบบทดสอบอีกหนึ่งระบบ (ข้อความจากผู้ดูแล)", "base_version": 1},
    )
    # 2570 is the current year here: its links need no ?year=; 2565 is still listed.
    assert saved.headers["Location"].endswith("/admin/texts/X2.A.1#text-4-all")
    older = page(client.get("/admin/texts/?year=2565"))
    assert "ธรรมาภิบาลข้อมูล" in older and "/admin/texts/P1.DaP.1?year=2565" in older
    carousels = chat.say(texts.ALL_RECOMMENDATIONS)
    assert any("ข้อความจากผู้ดูแล" in str(message) for message in carousels)
    viewer = two_year_app.test_client()
    create_user(two_year_app, "vera", "viewer")
    assert log_in(viewer, "vera").status_code == 302
    dashboard = page(viewer.get("/admin/?year=2570"))
    assert 'data-testid="count-completed">1<' in dashboard
    assert "ตัวชี้วัดทดสอบหนึ่ง" in dashboard
    detail = page(viewer.get("/admin/assessments/1"))
    assert "หน่วยงานมีระบบทดสอบกี่ระบบ" in detail and "ตัวชี้วัดทดสอบสอง" in detail
    exported = viewer.post("/admin/assessments/export.csv", data={"year": "2570"})
    archive = zipfile.ZipFile(io.BytesIO(exported.data))  # the table and its lookup
    header = archive.read("assessments.csv").decode("utf-8-sig").splitlines()[0]
    lookup = archive.read("lookup.csv").decode("utf-8-sig")
    assert "ตัวชี้วัดที่ 1 ระดับ" in header and "หน่วยงานมีระบบทดสอบกี่ระบบ" in header
    assert "X1.level" in lookup and "X2.A.1.systems" in lookup
