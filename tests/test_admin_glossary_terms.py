"""The glossary list in Thai order with definitions; adding and deleting terms, versioned,
audited, seen by the bot's index revision and kept deleted by ``load-knowledge``."""

from __future__ import annotations

import re

from sqlalchemy import select, text

from storage.glossary import terms_in_thai_order, thai_sort_key
from storage.knowledge_sync import sync_knowledge
from storage.models import AuditEntry, GlossaryTerm, TextVersion
from storage.texts import glossary_revision
from tests.admin_support import db_of, page
from tests.frameworks import CATALOG

pytest_plugins = ("tests.admin_fixtures",)

# Leading vowels, tone marks, spaces, brackets, digits, Latin and case: where orders differ.
TRICKY = [
    "เกิด", "กาล", "ไก่", "เป็ด", "หมู", "วัว", "วันที่", "ก่า", "ก้า", "กา", "ก ข", "กข",
    "แกง", "โกง", "ใกล้", "ไกล", "กำ", "กะ", "(ก)", "ก็", "ฮ", "อ", "2565", "data", "Data",
    "API", "ไอที", "ข้อมูลเปิด", "ข้อมูล", "ฤดู", "รถ", "ลูก",
]


def _listed_names(body: str) -> list[str]:
    rows = re.findall(r'<td data-label="คำ" class="name"><a href="[^"]+">([^<]+)</a>', body)
    return rows


def test_the_glossary_is_in_thai_dictionary_order_with_definitions(admin_app, client_as):
    body = page(client_as("viewer").get("/admin/glossary/"))
    names = _listed_names(body)
    assert names == sorted(names, key=thai_sort_key)
    # A term starting with เ แ โ ใ ไ sorts under its consonant, not after ฮ.
    leading = [n for n in names if n[0] in "เแโใไ"]
    assert leading
    for name in leading:
        later = [n for n in names if "ก" <= n[0] <= "ฮ" and n[0] > name[1]]
        assert all(names.index(name) < names.index(n) for n in later), name
    assert 'class="definition' in body
    with db_of(admin_app).session() as session:
        term = session.scalars(select(GlossaryTerm)).first()
    assert term.definition[:40] in body


def test_the_python_key_orders_as_the_database_does(admin_app):
    """On PostgreSQL: ICU's Thai collation; the Python key (SQLite's order) must agree."""
    with db_of(admin_app).session() as session:
        names = [t.name_th for t in terms_in_thai_order(session)]
        assert names == sorted(names, key=thai_sort_key)
        if session.get_bind().dialect.name == "postgresql":
            rows = session.execute(
                text(
                    "SELECT w FROM unnest(CAST(:words AS text[])) w "
                    'ORDER BY w COLLATE "th-x-icu"'
                ),
                {"words": TRICKY},
            )
            assert [r[0] for r in rows] == sorted(TRICKY, key=thai_sort_key)
    ordered = sorted(TRICKY, key=thai_sort_key)
    assert ordered.index("เกิด") < ordered.index("ข้อมูล") < ordered.index("ไอที")
    assert ordered.index("ไก่") < ordered.index("กำ") or ordered.index("กา") < ordered.index("ไก่")


def _add(client, **fields):  # type: ignore[no-untyped-def]
    data = {
        "name_th": "ศูนย์กลางข้อมูลเปิด",
        "name_en": "Open Data Hub",
        "category": "data",
        "definition": "แหล่งรวมชุดข้อมูลเปิดของหน่วยงานรัฐให้ประชาชนนำไปใช้ได้",
        "aliases": "ศูนย์ข้อมูลเปิด\nopen data hub",
    }
    return client.post("/admin/glossary/new", data={**data, **fields})


def test_an_editor_adds_a_term_versioned_audited_and_seen_by_the_bot(admin_app, client_as):
    client = client_as("editor")
    with db_of(admin_app).session() as session:
        before = glossary_revision(session)
    response = _add(client)
    assert response.status_code == 302 and response.location.endswith("/open-data-hub#term")
    shown = page(client.get("/admin/glossary/open-data-hub"))
    assert "เพิ่มคำ “ศูนย์กลางข้อมูลเปิด” แล้ว" in shown
    assert "คืนค่าข้อมูลตั้งต้น" not in shown  # an added term has no shipped text
    with db_of(admin_app).session() as session:
        term = session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_id == "open-data-hub"))
        assert term.aliases == ["ศูนย์ข้อมูลเปิด", "open data hub"] and term.edited_by == "edith"
        version = session.scalar(select(TextVersion).where(TextVersion.target_key == term.term_id))
        assert version.action == "create" and version.author == "edith"
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "glossary_add"))
        assert entry.target == "open-data-hub"
        assert glossary_revision(session) != before
    names = _listed_names(page(client.get("/admin/glossary/")))
    assert names.index("ศูนย์กลางข้อมูลเปิด") < names.index(next(n for n in names if n[0] == "ห"))


def test_a_name_or_alias_of_another_term_is_refused(admin_app, client_as):
    client = client_as("editor")
    taken = _add(client, name_th="คลาวด์กลางภาครัฐ", aliases="ศูนย์คลาวด์\n  gdcc ")
    assert taken.status_code == 400
    assert "“gdcc” เป็นชื่อหรือคำเรียกอื่นของคำ" in page(taken) and "แยกไม่ได้" in page(taken)
    hub = select(GlossaryTerm).where(GlossaryTerm.name_en == "Open Data Hub")
    with db_of(admin_app).session() as session:
        assert session.scalar(hub) is None
    assert _add(client).status_code == 302
    again = _add(client, name_en="Another Hub", aliases="")  # its Thai name is now taken
    assert again.status_code == 400 and "ศูนย์กลางข้อมูลเปิด" in page(again)


def test_adding_refuses_a_bad_term_in_thai(client_as):
    response = _add(client_as("editor"), name_th=" ", category="nope", definition="ก" * 1001)
    body = page(response)
    assert response.status_code == 400
    assert "กรุณากรอกชื่อคำภาษาไทย" in body and "กรุณาเลือกหมวด" in body and "1,000" in body
    assert _add(client_as("viewer")).status_code == 403


def test_a_deleted_term_is_gone_for_the_bot_and_stays_deleted(admin_app, client_as):
    client = client_as("editor")
    with db_of(admin_app).session() as session:
        before = glossary_revision(session)
    refused = client.post("/admin/glossary/dg-readiness/delete", data={"confirm": "ok"})
    assert refused.status_code == 302 and "#delete" in refused.location
    response = client.post("/admin/glossary/dg-readiness/delete", data={"confirm": "ลบ"})
    assert response.status_code == 302
    assert client.get("/admin/glossary/dg-readiness").status_code == 404
    with db_of(admin_app).session() as session:
        assert glossary_revision(session) != before
        deletion = session.scalars(
            select(TextVersion)
            .where(TextVersion.target_key == "dg-readiness")
            .order_by(TextVersion.version.desc())
        ).first()
        assert deletion.action == "delete" and deletion.content["definition"]
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "glossary_delete"))
        sync_knowledge(session, CATALOG)  # a release's `dgr load-knowledge`
    with db_of(admin_app).session() as session:
        assert session.scalar(
            select(GlossaryTerm).where(GlossaryTerm.term_id == "dg-readiness")
        ) is None


def test_the_bots_index_follows_an_added_and_a_deleted_term(admin_app, client_as):
    """No restart: the bot rebuilds its Q&A index when the glossary's revision changes."""
    from bot.qa import search_index

    knowledge = CATALOG.current

    def entry_ids() -> set[str]:
        with db_of(admin_app).session() as session:
            return {entry.id for entry in search_index(session, knowledge).entries}

    before = entry_ids()
    assert "dg-readiness" in before and "open-data-hub" not in before
    client = client_as("editor")
    assert _add(client).status_code == 302
    assert "open-data-hub" in entry_ids()
    client.post("/admin/glossary/dg-readiness/delete", data={"confirm": "ลบ"})
    after = entry_ids()
    assert "dg-readiness" not in after and "open-data-hub" in after
    with db_of(admin_app).session() as session:
        index = search_index(session, knowledge)
        hub = next(e for e in index.entries if e.id == "open-data-hub")
    assert hub.name_th == "ศูนย์กลางข้อมูลเปิด" and "ศูนย์ข้อมูลเปิด" in hub.aliases
