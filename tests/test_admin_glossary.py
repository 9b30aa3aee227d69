"""Editing the glossary: definitions and aliases, versions, restore, reset, validation."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import GlossaryTerm, TextVersion
from tests.admin_support import db_of, page

pytest_plugins = ("tests.admin_fixtures",)

TERM = "dg-readiness"
URL = f"/admin/glossary/{TERM}"


def _term(app) -> GlossaryTerm:
    with db_of(app).session() as session:
        return session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_id == TERM))


def _save(client, definition: str, aliases: str, base_version: int = 1):  # type: ignore[no-untyped-def]
    data = {"definition": definition, "aliases": aliases, "base_version": str(base_version)}
    return client.post(URL, data=data)


def test_search_and_filter_the_glossary(client_as):
    client = client_as("viewer")
    found = page(client.get("/admin/glossary/?q=DG+Readiness"))
    assert f'href="{URL}"' in found and "พบ 1 คำ" in found
    by_category = page(client.get("/admin/glossary/?category=pdpa"))
    assert f'href="{URL}"' not in by_category


def test_saving_aliases_and_definition_bumps_updated_at_for_the_bot(admin_app, client_as):
    before = _term(admin_app)
    assert "ข้อความตั้งต้น (ยังไม่มีผู้แก้ไข)" in page(client_as("editor").get(URL))
    response = _save(
        client_as("editor"),
        "การสำรวจความพร้อมรัฐบาลดิจิทัลประจำปี",
        "ดีจีรีดีเนส\n\n  DG   Readiness \nดีจีรีดีเนส\ndg readiness\nความพร้อมดิจิทัล",
    )
    assert response.status_code == 302
    after = _term(admin_app)
    assert after.definition == "การสำรวจความพร้อมรัฐบาลดิจิทัลประจำปี"
    assert after.aliases == ["ดีจีรีดีเนส", "DG Readiness", "ความพร้อมดิจิทัล"]
    assert after.edited_by == "edith"
    assert after.updated_at > before.updated_at
    assert "โดย edith" in page(client_as("editor").get(URL))
    with db_of(admin_app).session() as session:
        version = session.scalar(
            select(TextVersion).where(TextVersion.target_key == TERM, TextVersion.version == 2)
        )
        assert version.action == "edit" and version.content["aliases"] == after.aliases


def test_invalid_glossary_edits_are_refused_in_thai(admin_app, client_as):
    client = client_as("editor")
    cases = [
        ("   ", "ก", "กรุณากรอกข้อความ"),
        ("ก" * 1001, "ก", "เกินขีดจำกัด 1,000"),
        ("คำอธิบาย", "ก" * 101, "ยาวเกิน 100 ตัวอักษร"),
        ("คำอธิบาย", "\n".join(f"คำ{n}" for n in range(51)), "ไม่เกิน 50 คำ"),
    ]
    for definition, aliases, message in cases:
        response = _save(client, definition, aliases)
        assert response.status_code == 400 and message in page(response)
    clash = _save(client, "คำอธิบาย", "GDCC")  # another term's alias
    assert clash.status_code == 400 and "แชทบอทจะแยกไม่ได้" in page(clash)
    assert _term(admin_app).edited_by is None


def test_history_restore_and_reset(admin_app, client_as):
    client = client_as("editor")
    shipped = _term(admin_app)
    _save(client, "คำอธิบายฉบับที่สอง", "คำเรียกใหม่")
    history = page(client.get(f"{URL}/history"))
    assert "<ins>คำเรียกใหม่</ins>" in history and "ฉบับที่ 2" in history
    assert "โดย ระบบ (ข้อความตั้งต้น)" in history and "โดย system" not in history
    response = client.post(f"{URL}/restore", data={"version": "1"})
    assert response.status_code == 302
    restored = _term(admin_app)
    assert (restored.definition, restored.aliases) == (shipped.definition, shipped.aliases)
    _save(client, "คำอธิบายฉบับที่สี่", "คำเรียกใหม่", base_version=3)
    assert client.post(f"{URL}/reset").status_code == 302
    reset = _term(admin_app)
    assert reset.definition == shipped.shipped_definition and reset.edited_by is None
    with db_of(admin_app).session() as session:
        actions = session.scalars(
            select(TextVersion.action)
            .where(TextVersion.target_key == TERM)
            .order_by(TextVersion.version)
        ).all()
    assert actions == ["shipped", "edit", "restore", "edit", "reset"]


def test_a_viewer_cannot_change_the_glossary(admin_app, client_as):
    client = client_as("viewer")
    assert "<textarea" not in page(client.get(URL))
    assert _save(client, "คำอธิบายของผู้ดู", "").status_code == 403
    assert client.post(f"{URL}/reset").status_code == 403
    assert client.post(f"{URL}/restore", data={"version": "1"}).status_code == 403
    assert client.get("/admin/glossary/no-such-term").status_code == 404


def test_a_glossary_xss_payload_is_escaped(client_as):
    client = client_as("editor")
    _save(client, "<b>ตัวหนา</b><script>alert(1)</script>", "<img src=x onerror=alert(1)>")
    for url in [URL, f"{URL}/history", "/admin/glossary/"]:
        body = page(client.get(url))
        assert "<script>alert(1)" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(client.get(URL))
