"""The web view's links: signed, expiring, bound to the user and one assessment,
revocable from the chat; share links for a supervisor; LIFF ID tokens verified by LINE."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from bot.web.tokens import owner_token
from storage.knowledge_sync import sync_knowledge
from storage.models import Respondent, WebAccess, WebShare
from tests.bot_support import REPORT_ANSWERS, Chat, make_bot_app
from tests.frameworks import CATALOG
from tests.line_fake import FakeLineApi
from tests.web_support import Browser, finished_assessment, fragment, link_in, text_of

LIFF_ID = "1657000000-AbCdEfGh"
LIFF_CHANNEL = "1657000000"


def _db(app: Flask):  # type: ignore[no-untyped-def]
    from storage.flask_ext import database

    return database()


def _respondent_id(app: Flask, chat: Chat) -> int:
    with app.app_context(), _db(app).session() as db:
        return db.scalar(select(Respondent.id).where(Respondent.line_user_id == chat.user_id))


def _id_in(path: str) -> int:
    return int(re.search(r"/web/a/(\d+)", path).group(1))  # type: ignore[union-attr]


def _signed(app: Flask, respondent_id: int, assessment_id: int, generation: int = 0) -> str:
    with app.test_request_context():
        token = owner_token(respondent_id, generation, assessment_id)
    return f"http://127.0.0.1:8000/web/open#to=report&t={token}"


def test_a_tampered_link_gets_a_thai_page_and_no_data(chat: Chat, bot_app: Flask):
    uri = finished_assessment(chat, REPORT_ANSWERS, pillar=1)
    token = fragment(uri)["t"]
    for bad in (token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "x" + token, "", "abc.def"):
        refused = Browser(bot_app).open(uri.replace(token, bad))
        html = text_of(refused)
        assert refused.status_code in (403, 200)  # 200: no token at all (the open page says so)
        assert "กรมทดสอบ" not in html and "ระดับ 3" not in html
        assert "ลิงก์ไม่ถูกต้อง" in html or "ไม่พบลิงก์" in html


def test_a_signed_link_for_another_users_assessment_is_refused(
    chat: Chat, bot_app: Flask, line_api: FakeLineApi
):
    finished_assessment(chat, REPORT_ANSWERS, pillar=1)
    other = Chat(bot_app, line_api)
    their_link = finished_assessment(other, REPORT_ANSWERS, 6)
    theirs = _id_in(Browser(bot_app).open(their_link).request.path)
    forged = _signed(bot_app, _respondent_id(bot_app, chat), theirs)
    refused = Browser(bot_app).open(forged)
    assert refused.status_code == 404 and "ไม่พบแบบประเมิน" in text_of(refused)


def test_an_expired_link_is_refused(chat: Chat, bot_app: Flask, monkeypatch):
    finished_assessment(chat, REPORT_ANSWERS, pillar=1)
    respondent = _respondent_id(bot_app, chat)
    eight_days_ago = time.time() - 8 * 86400
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: eight_days_ago)
        old = _signed(bot_app, respondent, 1)
    refused = Browser(bot_app).open(old)
    assert refused.status_code == 410 and "ลิงก์หมดอายุแล้ว" in text_of(refused)


def test_revoking_in_the_chat_refuses_links_sessions_and_shares(chat: Chat, bot_app: Flask):
    uri = finished_assessment(chat, REPORT_ANSWERS, pillar=1)
    official = Browser(bot_app)
    report = official.open(uri)
    path = report.request.path
    official.post_form(path, f"{path}/shares", {})
    share_uri = re.search(r'value="(http[^"]+/web/open#t=[^"]+)"', text_of(official.get(path)))
    assert share_uri
    reply = chat.say("ยกเลิกลิงก์")
    assert "ยกเลิกลิงก์ทั้งหมดแล้ว" in chat.texts(reply)[0]
    for refused in (Browser(bot_app).open(uri), official.get(path)):
        assert refused.status_code == 410 and "ถูกยกเลิก" in text_of(refused)
        assert "กรมทดสอบ" not in text_of(refused)
    gone = Browser(bot_app).open(share_uri.group(1).replace("&amp;", "&"))
    assert gone.status_code == 410 and "ใช้ไม่ได้แล้ว" in text_of(gone)
    fresh = link_in(chat.say("ดู/แก้ไขคำตอบ"), "เปิดหน้าเว็บ")
    assert Browser(bot_app).open(fresh).status_code == 200


def test_a_share_link_shows_the_report_read_only_and_can_be_revoked(chat: Chat, bot_app: Flask):
    official = Browser(bot_app)
    path = official.open(finished_assessment(chat, REPORT_ANSWERS, pillar=1)).request.path
    made = official.post_form(path, f"{path}/shares", {})
    assert "สร้างลิงก์แชร์แล้ว" in text_of(made)
    share_uri = re.search(r'value="(http[^"]+/web/open#t=[^"]+)"', text_of(made)).group(1)  # type: ignore[union-attr]
    supervisor = Browser(bot_app)
    shared = supervisor.open(share_uri)
    html = text_of(shared)
    assert shared.status_code == 200 and shared.request.path.startswith("/web/shared/")
    assert "กรมทดสอบ" in html and "ระดับ 3" in html and "ดูได้อย่างเดียว" in html
    assert chat.user_id not in html and "/answers" not in html and "สร้างลิงก์แชร์" not in html
    for private in (path, f"{path}/answers", "/web/history"):
        assert supervisor.get(private).status_code == 401
    share_id = int(shared.request.path.rsplit("/", 1)[1])
    official.post_form(path, f"/web/shares/{share_id}/revoke", {})
    assert supervisor.get(shared.request.path).status_code == 410
    assert "ใช้ไม่ได้แล้ว" in text_of(Browser(bot_app).open(share_uri))


def test_deleting_my_data_deletes_links_and_ends_the_session(chat: Chat, bot_app: Flask):
    official = Browser(bot_app)
    path = official.open(finished_assessment(chat, REPORT_ANSWERS, pillar=1)).request.path
    official.post_form(path, f"{path}/shares", {})
    chat.say("ยกเลิกลิงก์")
    chat.say("ลบข้อมูลของฉัน")
    chat.say("ยืนยันลบข้อมูล")
    assert official.get(path).status_code == 410
    with bot_app.app_context(), _db(bot_app).session() as db:
        for table in (WebAccess, WebShare):
            assert db.scalar(select(func.count()).select_from(table)) == 0


@pytest.fixture
def liff_app(database_url: str, line_api: FakeLineApi) -> Iterator[Flask]:
    app = make_bot_app(database_url, line_api, LIFF_ID=LIFF_ID)
    with app.app_context(), _db(app).session() as session:
        sync_knowledge(session, CATALOG)
    yield app
    app.extensions["dgr.db"].dispose()


def test_with_liff_the_chat_links_to_liff_and_the_id_token_opens_the_pages(
    liff_app: Flask, line_api: FakeLineApi
):
    chat = Chat(liff_app, line_api)
    uri = finished_assessment(chat, REPORT_ANSWERS, pillar=1)
    assert re.fullmatch(rf"https://liff\.line\.me/{LIFF_ID}/a/\d+", uri)
    path = uri.removeprefix(f"https://liff.line.me/{LIFF_ID}/")
    browser = Browser(liff_app)
    page = browser.get(f"/web/liff/{path}")
    assert page.status_code == 200 and "liff.js" in text_of(page)
    assert "https://*.line.me" in page.headers["Content-Security-Policy"]
    token = line_api.issue_id_token(chat.user_id, LIFF_CHANNEL)
    form = {"id_token": token, "to": path}
    opened = browser.post_form(f"/web/liff/{path}", "/web/liff/session", form)
    assert opened.status_code == 200 and opened.request.path == f"/web/{path}"
    assert "กรมทดสอบ" in text_of(opened)
    verify = line_api.requests("/oauth2/v2.1/verify")
    assert len(verify) == 1 and verify[0].status == 200


def test_liff_refuses_tokens_line_does_not_vouch_for(liff_app: Flask, line_api: FakeLineApi):
    chat = Chat(liff_app, line_api)
    finished_assessment(chat, REPORT_ANSWERS, pillar=1)
    stranger = Chat(liff_app, line_api)  # a LINE user who never used the bot
    tokens = {
        "another channel": line_api.issue_id_token(chat.user_id, "1999999999"),
        "expired": line_api.issue_id_token(chat.user_id, LIFF_CHANNEL, lifetime=-1),
        "made up": "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJVIn0.c2ln",
    }
    for why, token in tokens.items():
        refused = Browser(liff_app).post_form("/web/liff", "/web/liff/session", {"id_token": token})
        assert refused.status_code == 401, why
        assert "ยืนยันบัญชี LINE ไม่สำเร็จ" in text_of(refused)
    nobody = line_api.issue_id_token(stranger.user_id, LIFF_CHANNEL)
    empty = Browser(liff_app).post_form("/web/liff", "/web/liff/session", {"id_token": nobody})
    assert empty.status_code == 404 and "ยังไม่มีข้อมูลการประเมิน" in text_of(empty)
    assert all(r.status == 400 for r in line_api.requests("/oauth2/v2.1/verify")[:3])


def test_without_liff_the_liff_pages_do_not_exist(bot_app: Flask):
    assert Browser(bot_app).get("/web/liff/history").status_code == 404


@pytest.mark.parametrize("path", ["/web/", "/web/reprot", "/web/a/1/nothing/here", "/web/liff/x"])
def test_a_mistyped_web_address_gets_the_thai_page_with_the_web_headers(
    bot_app: Flask, path: str
):
    missing = Browser(bot_app).get(path)
    assert missing.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in text_of(missing) and "Not Found" not in text_of(missing)
    assert missing.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in missing.headers["Content-Security-Policy"]


def test_the_chat_states_the_links_lifetime_the_links_have():
    from bot.chat import web_links
    from bot.web import tokens

    assert web_links.LINK_DAYS == tokens.LINK_DAYS


def test_a_form_without_its_csrf_token_gets_a_thai_page(bot_app: Flask):
    refused = Browser(bot_app).client.post("/web/open", data={"t": "x"})
    assert refused.status_code == 400 and "แบบฟอร์มหมดอายุ" in text_of(refused)


def test_pages_need_a_link_first(bot_app: Flask):
    for path in ("/web/history", "/web/a/1", "/web/a/1/answers", "/web/shared/1"):
        refused = Browser(bot_app).get(path)
        assert refused.status_code == 401 and "กรุณาเปิดจากลิงก์ในแชต" in text_of(refused)
