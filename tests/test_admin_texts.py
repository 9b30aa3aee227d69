"""Editing recommendation texts: save, validation, versions, diff, restore, reset, escaping."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, RecommendationText, TextVersion
from storage.texts import recommendation_key, text_overrides
from tests.admin_support import db_of, make_app, page
from tests.frameworks import FRAMEWORK

pytest_plugins = ("tests.admin_fixtures",)

ISSUE = "P1.DaP.1"
URL = f"/admin/texts/{ISSUE}/1-3/all"
KEY = recommendation_key(2565, ISSUE, "1-3", "all")
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _shipped() -> str:
    return FRAMEWORK.issue(ISSUE).recommendations["1-3"].texts()["all"]


def _versions(app) -> list[tuple[int, str, str, str]]:
    with db_of(app).session() as session:
        rows = session.scalars(
            select(TextVersion).where(TextVersion.target_key == KEY).order_by(TextVersion.version)
        )
        return [(v.version, v.action, v.author, v.content["text"]) for v in rows]


def _current(app) -> str:
    with db_of(app).session() as session:
        return text_overrides(session, 2565)[(ISSUE, "1-3", "all")]


def _save(client, text: str, base_version: int = 1):  # type: ignore[no-untyped-def]
    return client.post(URL, data={"text": text, "base_version": str(base_version)})


def test_browse_pillars_sub_pillars_and_issues(client_as):
    listing = page(client_as("viewer").get("/admin/texts/"))
    framework = FRAMEWORK
    for pillar, sub, issue in framework.issues():
        assert pillar.name_th in listing and sub.name_th in listing
        assert f'href="/admin/texts/{issue.id}"' in listing


def test_issue_page_shows_every_band_and_agency_type_with_the_limit(client_as):
    body = page(client_as("editor").get("/admin/texts/P1.DP.1"))
    issue = FRAMEWORK.issue("P1.DP.1")
    for band, recommendation in issue.recommendations.items():
        for key in recommendation.texts():
            assert f'id="text-{band}-{key}"' in body
    assert "ไม่เกิน 1,000 ตัวอักษร" in body and "5,000" in body
    assert 'data-testid="line-preview"' in body


def test_a_saved_text_is_versioned_and_used_by_the_bot_at_once(admin_app, client_as):
    client = client_as("editor")
    response = _save(client, "  ควรเริ่มจัดทำกรอบธรรมาภิบาลข้อมูล\r\nโดยเร็ว  ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/texts/{ISSUE}#text-1-3-all")
    saved = "ควรเริ่มจัดทำกรอบธรรมาภิบาลข้อมูล\nโดยเร็ว"
    assert _current(admin_app) == saved
    assert _versions(admin_app) == [
        (1, "shipped", "system", _shipped()),
        (2, "edit", "edith", saved),
    ]
    with db_of(admin_app).session() as session:
        row = session.scalar(select(RecommendationText).where(RecommendationText.issue_id == ISSUE))
        assert row.edited_by == "edith"
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "text_edit")).one()
        assert (audit.actor, audit.target, audit.detail) == ("edith", KEY, {"version": 2})
    assert "แชทบอทใช้ข้อความใหม่ทันที" in page(client.get(f"/admin/texts/{ISSUE}"))


def test_another_app_instance_on_the_same_database_shows_the_new_text(
    admin_app, client_as, database_url
):
    other = make_app(database_url)
    other_client = other.test_client()
    other_client.post(
        "/admin/login", data={"username": "vera", "password": "correct-horse-battery"}
    )
    assert "ข้อความจากอีกกระบวนการ" not in page(other_client.get(f"/admin/texts/{ISSUE}"))
    _save(client_as("editor"), "ข้อความจากอีกกระบวนการ")
    assert "ข้อความจากอีกกระบวนการ" in page(other_client.get(f"/admin/texts/{ISSUE}"))
    db_of(other).dispose()


def test_empty_whitespace_too_long_and_control_texts_are_refused_in_thai(admin_app, client_as):
    client = client_as("editor")
    for text, message in [
        ("", "กรุณากรอกข้อความ"),
        (" \r\n\t ", "กรุณากรอกข้อความ"),
        ("ก" * 1001, "เกินขีดจำกัด 1,000 ตัวอักษร"),
        ("ข้อความ\x00ซ่อน", "อักขระควบคุม"),
    ]:
        response = _save(client, text)
        assert response.status_code == 400, text
        assert message in page(response)
    # Emoji count as two characters, as LINE and the browser count them.
    assert "เกินขีดจำกัด" in page(_save(client, "😀" * 501))
    assert _versions(admin_app) == [(1, "shipped", "system", _shipped())]
    assert _save(client, "ก" * 1000).status_code == 302


def test_a_refused_text_stays_in_the_editor(client_as):
    response = _save(client_as("editor"), "ข" * 1200)
    assert "ข" * 1200 in page(response)


def test_saving_the_same_text_adds_no_version(admin_app, client_as):
    response = _save(client_as("editor"), _shipped())
    assert response.status_code == 302
    assert len(_versions(admin_app)) == 1


def test_a_save_over_someone_elses_newer_version_is_refused(admin_app, client_as):
    _save(client_as("admin"), "ฉบับของผู้ดูแลระบบ")
    response = _save(client_as("editor"), "ฉบับของผู้แก้ไข", base_version=1)
    assert response.status_code == 409
    body = page(response)
    assert "ถูกแก้ไขโดย boss" in body and "ฉบับของผู้แก้ไข" in body
    assert 'name="base_version" value="2"' in body
    assert _current(admin_app) == "ฉบับของผู้ดูแลระบบ"
    assert _save(client_as("editor"), "ฉบับของผู้แก้ไข", base_version=2).status_code == 302


def test_history_shows_a_word_diff_and_restores_an_old_version(admin_app, client_as):
    client = client_as("editor")
    _save(client, "หน่วยงานควรแต่งตั้งคณะทำงานธรรมาภิบาลข้อมูล")
    _save(client, "หน่วยงานควรแต่งตั้งคณะกรรมการธรรมาภิบาลข้อมูล", base_version=2)
    history = page(client.get(f"{URL}/history"))
    assert "<del>คณะทำงาน</del>" in history or "<del>ทำงาน</del>" in history
    assert "กรรมการ</ins>" in history
    assert "ฉบับที่ 3" in history and "ฉบับที่ใช้อยู่" in history
    response = client.post(f"{URL}/restore", data={"version": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/history")
    assert _current(admin_app) == _shipped()
    assert _versions(admin_app)[-1] == (4, "restore", "edith", _shipped())
    assert client.get(f"{URL}/restore").status_code == 405
    assert client.post(f"{URL}/restore", data={"version": "99"}).status_code == 404


def test_reset_returns_to_the_shipped_text_and_follows_it_again(admin_app, client_as):
    client = client_as("editor")
    _save(client, "ข้อความที่จะถูกคืนค่า")
    response = client.post(f"{URL}/reset")
    assert response.status_code == 302
    assert _current(admin_app) == _shipped()
    with db_of(admin_app).session() as session:
        row = session.scalar(select(RecommendationText).where(RecommendationText.issue_id == ISSUE))
        assert row.edited_by is None
        actions = session.scalars(select(AuditEntry.action)).all()
    assert _versions(admin_app)[-1][:3] == (3, "reset", "edith")
    assert "text_reset" in actions
    assert "เป็นข้อความตั้งต้นอยู่แล้ว" in page(client.post(f"{URL}/reset", follow_redirects=True))


def test_a_viewer_reads_texts_but_cannot_change_them(admin_app, client_as):
    client = client_as("viewer")
    body = page(client.get(f"/admin/texts/{ISSUE}"))
    assert _shipped() in body and "<textarea" not in body
    assert _save(client, "ข้อความของผู้ดู").status_code == 403
    assert client.post(f"{URL}/restore", data={"version": "1"}).status_code == 403
    assert client.post(f"{URL}/reset").status_code == 403
    assert _current(admin_app) == _shipped()


def test_unknown_issue_band_or_key_is_a_thai_404(client_as):
    client = client_as("editor")
    assert client.get("/admin/texts/P9.XX.9").status_code == 404
    assert (
        client.post(
            "/admin/texts/P1.DaP.1/9/all", data={"text": "x", "base_version": "1"}
        ).status_code
        == 404
    )
    assert "ไม่พบหน้า" in page(client.get(f"/admin/texts/{ISSUE}/1-3/nope/history"))


def test_an_xss_payload_is_shown_as_text_everywhere(admin_app, client_as):
    client = client_as("editor")
    assert _save(client, XSS).status_code == 302
    for url in [f"/admin/texts/{ISSUE}", f"{URL}/history"]:
        body = page(client.get(url))
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in body
    assert _current(admin_app) == XSS
