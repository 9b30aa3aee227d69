"""What the Q&A says (knowledge.qa.reply): plain data the bot renders."""

from __future__ import annotations

import re

import pytest

from knowledge.catalog import Knowledge
from knowledge.qa import Answer, Context, QAIndex, build_index
from knowledge.qa.reply import LIMIT, compose, entry_reply, levels_reply, more_reply

NESTED = re.compile(r"\([^()]*\s\(")  # "(Government Data Exchange (GDX))"


@pytest.fixture(scope="module")
def index(knowledge: Knowledge) -> QAIndex:
    return build_index(knowledge)


def test_every_entry_has_a_headline_with_its_english_name_once_and_no_nested_brackets(index):
    for entry in index.entries:
        headline = entry_reply(entry).headline
        assert not NESTED.search(headline), headline
        assert headline.count("Government Data Exchange") <= 1
    gdx = entry_reply(index.by_id["gdx"]).headline
    assert gdx == "ศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ (GDX – Government Data Exchange)"


def test_every_reply_fits_a_phone_screen_before_read_more(index):
    for entry in index.entries:
        for reply in (entry_reply(entry), levels_reply(entry, Context(criteria_type="service"))):
            assert len(reply.text) <= LIMIT, entry.id
            assert (reply.more is not None) == any(a.kind == "more" for a in reply.actions)
        assert all(len(part.text) <= LIMIT + 120 for part in more_reply(entry))


def test_an_issue_says_what_it_is_where_it_sits_and_offers_to_assess_it_and_show_levels(index):
    reply = entry_reply(index.by_id["P1.DaP.1"])
    assert reply.text.startswith("ธรรมาภิบาลข้อมูลภาครัฐ (Data Governance)\n")
    assert "อยู่ใน: ตัวชี้วัดที่ 1 แนวนโยบายและหลักปฏิบัติ › นโยบายด้านข้อมูล" in reply.body
    actions = {(a.kind, a.label, a.target) for a in reply.actions}
    assert {("assess", "ประเมินข้อนี้", "P1"), ("levels", "ดูเกณฑ์แต่ละระดับ", "P1.DaP.1")} <= actions


def test_a_level_question_gives_that_levels_criteria_for_the_agency_type(index):
    entry = index.by_id["P1.DP.1"]
    policy = compose(Answer(entry, "level", 5, "policy"), index).body
    service = compose(Answer(entry, "level", 5, "service"), index).body
    assert "เกณฑ์ระดับ 5 สำหรับหน่วยงานด้านนโยบาย" in policy and "7 จาก 9" in policy
    assert "10 จาก 12" in service and "7 จาก 9" not in service
    # Unknown type: both thresholds, each named.
    both = compose(Answer(entry, "level", 4), index).body
    assert "7 จาก 12" in both and "5 จาก 9" in both


def test_every_levels_criteria_for_the_official(index):
    reply = levels_reply(index.by_id["P1.DP.1"], Context(criteria_type="policy"))
    assert "ระดับ 4:" in reply.body and "5 จาก 9" in reply.body and "ระดับ 1–3" in reply.body


def test_an_abbreviation_is_expanded_first(index):
    reply = compose(Answer(index.by_id["gdx"], "abbreviation", asked="gdx"), index)
    assert reply.body.startswith("GDX ย่อมาจาก Government Data Exchange")


def test_where_it_sits_comes_first_for_a_location_question(index):
    reply = compose(Answer(index.by_id["P4.ADM.1"], "location"), index)
    assert reply.body.startswith("อยู่ใน: ตัวชี้วัดที่ 4")


def test_a_2566_stage_name_is_presented_with_its_year(index):
    reply = entry_reply(index.by_id["V2566.P4.S1"])
    assert "2566" in reply.headline and "2566" in reply.body
    pillar = more_reply(index.by_id["P3"])
    assert "ตั้งรับ (Reactive) ตามกรอบปี 2566" in "\n".join(part.text for part in pillar)


def test_out_of_scope_says_what_the_bot_can_answer_and_offers_the_pillars(index):
    reply = compose(index.ask("พรุ่งนี้ฝนตกไหม"), index)
    assert reply.kind == "out_of_scope" and "ไม่อยู่ในกรอบการประเมิน" in reply.body
    assert [s.entry_id for s in reply.suggestions] == ["P1", "P2", "P3", "P4", "P5", "P6"]


def test_a_choice_lists_the_candidates(index):
    reply = compose(index.ask("ข้อมูล"), index)
    assert reply.kind == "choose" and reply.body.startswith("หมายถึงข้อใดครับ")
    assert len(reply.suggestions) >= 2


def test_a_direct_answer_offers_the_alternatives(index):
    reply = compose(index.ask("GDX คืออะไร"), index)
    assert "P4.IE.3" in {s.entry_id for s in reply.suggestions}
    assert "หรือหมายถึง:" in reply.body
