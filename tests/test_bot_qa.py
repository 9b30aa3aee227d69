"""The Q&A through signed webhook events: how officials ask, and what they get back."""

from __future__ import annotations

from sqlalchemy import delete, select

from storage.models import GlossaryTerm
from tests.bot_support import Chat


def _glossary(app):
    from storage.flask_ext import database

    return database().session()


def test_a_description_without_the_name_finds_its_issue(chat: Chat):
    reply = chat.say("ข้อที่ถามว่าพนักงานใช้ระบบลงเวลาเข้าออกงานตอนทำงานนอกสำนักงานไหมครับ")
    text = chat.texts(reply)[0]
    assert text.startswith("กระบวนการรองรับการทำงานจากที่บ้าน")
    assert "อยู่ใน: ตัวชี้วัดที่ 4" in text
    assert chat.button("ประเมินข้อนี้") and chat.button("ดูเกณฑ์แต่ละระดับ")


def test_a_level_question_gives_that_levels_criteria_for_the_officials_agency_type(chat: Chat):
    chat.start(agency_type_label="นโยบาย/กำกับดูแล", pillar=1)
    reply = chat.say("ต้องทำอะไรถึงได้ระดับ 5")
    texts = chat.texts(reply)
    assert "เกณฑ์ระดับ 5 สำหรับหน่วยงานด้านนโยบาย" in texts[0] and "7 จาก 9" in texts[0]
    assert "10 จาก 12" not in texts[0]
    assert any("ข้อ 1/5" in t for t in texts)  # and the question comes back
    reply = chat.tap("t=lv&id=P1.DP.1")
    assert "5 จาก 9" in chat.texts(reply)[0] and "ระดับ 1–3" in chat.texts(reply)[0]


def test_an_abbreviation_is_expanded(chat: Chat):
    reply = chat.say("GDX ย่อมาจากอะไรครับ")
    assert "GDX ย่อมาจาก Government Data Exchange" in chat.texts(reply)[0]


def test_an_out_of_scope_question_is_declined_with_what_can_be_asked(chat: Chat):
    reply = chat.say("เศรษฐกิจไทยปีหน้าจะดีขึ้นไหม")
    text = chat.texts(reply)[0]
    assert "ไม่อยู่ในกรอบการประเมิน" in text and "ย่อมาจากอะไร" in text
    labels = [b["label"] for b in chat.buttons(reply)]
    assert "3 บริการภาครัฐ" in labels and not any("…" in caption for caption in labels)


def test_read_more_shows_the_whole_entry(chat: Chat):
    reply = chat.tap("t=more&id=P1.DP.1")
    text = "\n".join(chat.texts(reply))
    assert text.startswith("ความสอดคล้องกับแผนพัฒนารัฐบาลดิจิทัล") and "ระดับ 5" in text


def test_a_glossary_alias_added_in_the_admin_is_found_on_the_next_question(chat: Chat, bot_app):
    assert "ไม่อยู่ในกรอบการประเมิน" in chat.texts(chat.say("โครงการนกพิราบคืออะไร"))[0]
    with bot_app.app_context(), _glossary(bot_app) as session:
        term = session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_id == "gdx"))
        term.aliases = [*term.aliases, "โครงการนกพิราบ"]
        term.edited_by = "editor1"
    assert chat.texts(chat.say("โครงการนกพิราบคืออะไร"))[0].startswith("ศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ")


def test_a_glossary_term_added_or_deleted_in_the_admin_is_followed(chat: Chat, bot_app):
    with bot_app.app_context(), _glossary(bot_app) as session:
        session.add(
            GlossaryTerm(
                term_id="gov-sandbox",
                category="technology",
                name_th="กระบะทรายนวัตกรรมภาครัฐ",
                name_en="Government Sandbox",
                definition="พื้นที่ทดลองบริการดิจิทัลใหม่ภายใต้กติกาที่ผ่อนปรน ก่อนใช้จริง",
                aliases=["แซนด์บ็อกซ์ภาครัฐ"],
                related=[],
                shipped_definition="",
                shipped_aliases=[],
                edited_by="editor1",
            )
        )
        session.execute(delete(GlossaryTerm).where(GlossaryTerm.term_id == "egdi"))
    assert chat.texts(chat.say("แซนด์บ็อกซ์ภาครัฐคืออะไร"))[0].startswith("กระบะทรายนวัตกรรมภาครัฐ")
    assert not chat.texts(chat.say("EGDI คืออะไร"))[0].startswith("ดัชนีรัฐบาลอิเล็กทรอนิกส์")
