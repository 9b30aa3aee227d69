"""What a question asks and how sure the answer is (knowledge.qa, no bot)."""

from __future__ import annotations

import pytest

from knowledge.catalog import Knowledge
from knowledge.qa import Answer, Choose, Context, OutOfScope, QAIndex, build_index
from knowledge.qa.intent import parse
from knowledge.qa.text import normalize_text


@pytest.fixture(scope="module")
def index(knowledge: Knowledge) -> QAIndex:
    return build_index(knowledge)


def _answer(index: QAIndex, question: str, context: Context | None = None) -> Answer:
    outcome = index.ask(question, context)
    assert isinstance(outcome, Answer), (question, outcome)
    return outcome


# --- reading the question -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent", "level"),
    [
        ("GDX คืออะไร", "definition", None),
        ("GDX ย่อมาจากอะไร", "abbreviation", None),
        ("what does GDX stand for", "abbreviation", None),
        ("Data masking อยู่ตัวชี้วัดไหนครับ", "location", None),
        ("ข้อที่ถามเรื่องเครือข่าย คือด้านอะไร", "location", None),
        ("ต้องทำอะไรถึงได้ระดับ 4", "level", 4),
        ("เกณฑ์ระดับ 5 ของ automation", "level", 5),
        ("level 4 of data analytics", "level", 4),
        ("ระดับ 4 ปี 2566 ชื่ออะไร", "stage", None),
    ],
)
def test_what_is_asked_is_recognised(question, intent, level):
    parsed = parse(normalize_text(question))
    assert (parsed.intent, parsed.level) == (intent, level)


def test_full_marks_this_issue_year_and_agency_type_are_read():
    parsed = parse(normalize_text("ข้อนี้ได้เต็มต้องทำยังไง"))
    assert parsed.intent == "level" and parsed.top and parsed.this_issue
    assert parse(normalize_text("ขั้นที่ 2 ของบริการภาครัฐปี 66 ชื่ออะไร")).year == 2566
    policy = parse(normalize_text("หน่วยงานเราทำนโยบาย ต้องมีกี่แนวทางถึงได้ระดับ 5"))
    assert policy.criteria_type == "policy" and "นโยบาย" not in policy.topic


def test_a_description_without_the_name_points_at_an_issue():
    parsed = parse(normalize_text("ข้อที่ถามว่ามีแอปไว้คุยงานในกรมไหม"))
    assert parsed.scope == "issue" and not parsed.topic.startswith("ข้อ")


# --- answering each intent ------------------------------------------------------------------


def test_a_definition(index):
    answer = _answer(index, "Data Governance คืออะไร")
    assert (answer.entry.id, answer.intent) == ("P1.DaP.1", "definition")


def test_a_description_finds_its_issue(index):
    answer = _answer(index, "ข้อที่ถามว่ามีระบบลงเวลาเข้าออกงานตอนทำงานนอกสำนักงานไหม")
    assert answer.entry.id == "P4.ADM.1"


def test_where_a_term_sits_is_answered_with_the_issue_that_counts_it(index):
    answer = _answer(index, "GDX อยู่ตัวชี้วัดไหน")
    assert (answer.entry.id, answer.intent) == ("P4.IE.3", "location")


def test_a_level_question_names_the_issue_and_level(index):
    answer = _answer(index, "ต้องทำอะไรถึงได้ระดับ 4 ด้าน data analytics")
    assert (answer.entry.id, answer.intent, answer.level) == ("P1.DaP.4", "level", 4)


def test_full_marks_is_the_issues_own_top(index):
    assert _answer(index, "ด้าน DCIO ได้เต็มต้องทำอะไร").level == 4  # DCIO tops out at 4
    assert _answer(index, "e-information ได้เต็มต้องทำอะไร").level == 5


def test_mid_assessment_this_question_and_a_bare_level_question_mean_the_current_issue(index):
    context = Context(issue_id="P1.DP.1", criteria_type="policy")
    answer = _answer(index, "ข้อนี้หมายถึงอะไร", context)
    assert (answer.entry.id, answer.intent) == ("P1.DP.1", "definition")
    answer = _answer(index, "ต้องทำอะไรถึงได้ระดับ 5", context)
    assert (answer.entry.id, answer.level, answer.criteria_type) == ("P1.DP.1", 5, "policy")
    # Naming something else is about that, even mid-assessment.
    assert _answer(index, "ข้อนี้หมายถึง GDX ใช่ไหม", context).entry.id == "gdx"


def test_an_abbreviation(index):
    answer = _answer(index, "GIN ย่อมาจากอะไร")
    assert (answer.entry.id, answer.intent) == ("gin", "abbreviation")


def test_a_stage_name_by_year_and_pillar(index):
    assert _answer(index, "ระดับ 4 ปี 2566 ชื่ออะไร").entry.id == "stage-4"
    answer = _answer(index, "ขั้นที่ 2 ของตัวชี้วัดบริการภาครัฐปี 66 เรียกว่าอะไร")
    assert answer.entry.id == "V2566.P4.S2" and answer.entry.year == 2566


# --- confidence -----------------------------------------------------------------------------


def test_a_clear_winner_comes_with_one_or_two_alternatives(index):
    answer = _answer(index, "GDX คืออะไร")
    assert 1 <= len(answer.also) <= 2 and "P4.IE.3" in {e.id for e in answer.also}


def test_close_candidates_are_a_choice(index):
    outcome = index.ask("ข้อมูล")
    assert isinstance(outcome, Choose) and 2 <= len(outcome.candidates) <= 4


@pytest.mark.parametrize(
    "question",
    [
        "พรุ่งนี้ฝนจะตกไหม",
        "เศรษฐกิจปีนี้เป็นยังไงบ้าง",
        "Cloud Kitchen คืออะไร",
        "Smart Farming คืออะไร",
        "ธรรมาภิบาลสิ่งแวดล้อมคืออะไร",
        "ระดับความพร้อมรับมือน้ำท่วมคืออะไร",
    ],
)
def test_out_of_scope_and_made_up_terms_are_never_answered_with_an_entry(index, question):
    assert isinstance(index.ask(question), OutOfScope)


def test_a_typo_of_a_name_is_still_that_entry(index):
    assert _answer(index, "connectivty คือ").entry.id == "P6.CON.1"
    assert _answer(index, "บล็อกเชณ คืออะไร").entry.id == "blockchain"
