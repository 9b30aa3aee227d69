"""An agency's team assesses together in chat (issue 14): three LINE users, one
assessment, one result; the next year starts from it; a person's deletion keeps the
agency's answers."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from bot import texts
from bot.web.tokens import read_owner
from knowledge.loader import DATA_DIR
from storage.flask_ext import catalog, database
from storage.knowledge_sync import sync_knowledge
from storage.models import Answer, AnswerChange, Assessment, AssessmentMember, Respondent
from tests.bot_support import REPORT_ANSWERS, Chat, make_bot_app, result_card
from tests.line_fake import FakeLineApi
from tests.team_support import (
    answer_carried,
    answer_while,
    assign,
    invite,
    issue_count,
    join,
    pillar_questions,
    tick_and_confirm,
)

AGENCY = "กรมทดสอบทีม"


def _pushed(line_api: FakeLineApi, chat: Chat) -> list[str]:
    return line_api.texts(chat.user_id)


def _team(bot_app: Flask, line_api: FakeLineApi) -> tuple[Chat, Chat, Chat, str]:
    a, b, c = (Chat(bot_app, line_api) for _ in range(3))
    a.start(name=AGENCY)
    code = invite(a, name="สมชาย")
    joined = join(b, code, "สมหญิง")
    assert any(f"เข้าร่วมทีมประเมินของ {AGENCY} แล้ว" in t for t in b.texts(joined))
    join(c, code, "สมศักดิ์")
    assert any("คุณสมหญิง เข้าร่วมทีม" in t for t in _pushed(line_api, a))
    return a, b, c, code


def _actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node["action"]] if isinstance(node.get("action"), dict) else []
        return found + [a for value in node.values() for a in _actions(value)]
    if isinstance(node, list):
        return [a for value in node for a in _actions(value)]
    return []


def _in_db(app: Flask, query: Any) -> list[Any]:
    with app.app_context(), database().session() as session:
        return list(session.execute(query).all())


def test_a_team_assesses_together_and_every_member_gets_the_same_result(bot_app, line_api):
    a, b, c, code = _team(bot_app, line_api)
    assigned = assign(a, "คุณสมหญิง", 5)
    assert any("มอบหมายตัวชี้วัดที่ 5 ให้คุณสมหญิงแล้ว" in t for t in a.texts(assigned))
    assert any("มอบหมายตัวชี้วัดที่ 5" in t for t in _pushed(line_api, b))

    # B gets Pillar 5 first; C the first open questions (Pillar 1); both at the same time.
    assert b.say(texts.RESUME) and b.current_question()["q"] == pillar_questions("P5")[0]
    c.say(texts.RESUME)
    assert c.current_question()["q"] == pillar_questions("P1")[0]
    p1, p5 = pillar_questions("P1"), pillar_questions("P5")
    runs = [
        threading.Thread(target=answer_while, args=(b, REPORT_ANSWERS, set(p5))),
        threading.Thread(target=answer_while, args=(c, REPORT_ANSWERS, set(p1))),
    ]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    by = dict(_in_db(bot_app, select(Answer.question_id, Respondent.line_user_id).join(
        Respondent, Respondent.id == Answer.answered_by
    )))  # fmt: skip
    assert {q: by[q] for q in p5} == dict.fromkeys(p5, b.user_id)
    assert {q: by[q] for q in p1} == dict.fromkeys(p1, c.user_id)

    progress = " ".join(a.texts(a.say(texts.TEAM)))
    issues = issue_count("P5")
    assert f"ตัวชี้วัดที่ 5: ตอบแล้ว {issues}/{issues} (คุณสมหญิง)" in progress
    assert "ตัวชี้วัดที่ 1: ตอบแล้ว" in progress and "(คุณสมศักดิ์)" in progress
    assert "ตัวชี้วัดที่ 3: ตอบแล้ว 0/" in progress

    # B changes the last Pillar 1 answer C gave: C is told who changed it and how.
    b.say(texts.RESUME)
    b.say(texts.BACK)
    assert b.current_question()["q"] == pillar_questions("P1")[-1]
    tick_and_confirm(b, "a2")
    told = _pushed(line_api, c)[-1]
    assert told.startswith("คุณสมหญิง แก้คำตอบที่ท่านตอบไว้") and "ใหม่:" in told

    # A answers the rest; the team has answered everything, and A submits.
    a.say(texts.RESUME)
    a.complete(REPORT_ANSWERS)
    assert any(texts.ALL_ANSWERED_COORDINATOR in t for t in a.texts())
    final = result_card(a.say(texts.SUBMIT))
    for member in (b, c):
        pushed = line_api.messages(member.user_id)
        card = result_card(pushed)
        assert card["altText"] == final["altText"]
        # The report link in a member's card opens the report as that member.
        uri = next(a["uri"] for a in _actions(card) if "#to=report" in a.get("uri", ""))
        with bot_app.app_context():
            link = read_owner(uri.split("&t=", 1)[1])
        assert _in_db(bot_app, select(Respondent.line_user_id).where(
            Respondent.id == link.respondent_id
        )) == [(member.user_id,)]  # fmt: skip
    history = _in_db(bot_app, select(AnswerChange.question_id).where(
        AnswerChange.question_id == pillar_questions("P1")[-1]
    ))  # fmt: skip
    assert len(history) == 2  # C's answer and B's change
    # The code stops working once the result is in.
    d = Chat(bot_app, line_api)
    assert "ใช้ไม่ได้" in d.texts(d.say(f"เข้าร่วม {code}"))[0]


def test_only_the_coordinator_reopens_the_teams_result(bot_app, line_api):
    from tests.web_support import Browser

    a, b, _, _ = _team(bot_app, line_api)
    a.say(texts.RESUME)
    a.complete({**REPORT_ANSWERS, pillar_questions("P6")[0]: "unsure"})
    a.say(texts.SUBMIT)
    assert b.texts(b.say(texts.ANSWER_MISSING))[0] == texts.MEMBER_CANNOT_REVISE
    # The member's card opens the report; the answers page offers no re-opening, and a
    # forged re-open is refused: the team's result and its coordinator stay as they were.
    uri = next(x["uri"] for x in _actions(result_card(line_api.messages(b.user_id)))
               if "#to=report" in x.get("uri", ""))  # fmt: skip
    browser = Browser(bot_app)
    finished = browser.open(uri).request.path.rstrip("/").rsplit("/", 1)[-1]
    answers = f"/web/a/{finished}/answers"
    page = browser.get(answers).get_data(as_text=True)
    assert 'data-testid="team-only"' in page and f"/web/a/{finished}/reopen" not in page
    refused = browser.post_form(f"/web/a/{finished}", f"/web/a/{finished}/reopen", {})
    assert "ผู้ประสานงานของทีมเป็นผู้ส่งผลและเปิดแก้ไข" in refused.get_data(as_text=True)
    assert len(_in_db(bot_app, select(Assessment.id))) == 1
    # The coordinator may.
    assert "ตอบเพิ่มอีก 1 ข้อ" in a.texts(a.say(texts.ANSWER_MISSING))[0]
    roles = _in_db(bot_app, select(Respondent.line_user_id, AssessmentMember.role).join(
        Respondent, Respondent.id == AssessmentMember.respondent_id
    ).where(AssessmentMember.assessment_id != int(finished)))  # fmt: skip
    assert (a.user_id, "coordinator") in roles and (b.user_id, "member") in roles


def test_wrong_and_revoked_codes_get_a_clear_reply(bot_app, line_api):
    a, b, _, code = _team(bot_app, line_api)
    stranger = Chat(bot_app, line_api)
    assert "รหัสเชิญ ZZZZZZ ใช้ไม่ได้" in stranger.texts(stranger.say("เข้าร่วม ZZZZZZ"))[0]
    # A code of the wrong length is a mistyped code, not a question out of scope.
    assert "รหัสเชิญ ZZZZ ใช้ไม่ได้" in stranger.texts(stranger.say("เข้าร่วม zzzz"))[0]
    assert "เฉพาะผู้ประสานงาน" in b.texts(b.say(texts.REVOKE_INVITE))[0]
    assert texts.INVITE_REVOKED in a.texts(a.say(texts.REVOKE_INVITE))
    assert "ใช้ไม่ได้" in stranger.texts(stranger.say(f"เข้าร่วม {code.lower()}"))[0]
    assert a.texts(a.say(texts.REVOKE_INVITE)) == [texts.NO_INVITE]  # nothing left to revoke
    fresh = invite(a)
    assert fresh != code
    join(stranger, fresh, "สมปอง")
    assert len(_in_db(bot_app, select(AssessmentMember.id))) == 4


def test_a_colleague_starting_the_same_agency_is_sent_to_the_team(bot_app, line_api):
    a = Chat(bot_app, line_api)
    a.start(name=AGENCY)
    invite(a, name="สมชาย")
    colleague = Chat(bot_app, line_api)
    colleague.say(texts.START)
    colleague.press("ให้บริการเป็นหลัก")
    similar = colleague.say("กรมทดสอบทิม")  # a typo of the registered name
    assert f"หมายถึง {AGENCY} ใช่ไหมครับ" in colleague.texts(similar)[0]
    colleague.press(f"ใช่ {AGENCY}")
    reply = colleague.press(texts.WHOLE_FRAMEWORK)
    assert "มีแบบประเมินปี 2565 ที่ทีมกำลังทำอยู่แล้ว (ผู้ประสานงาน: คุณสมชาย)" in colleague.texts(reply)[0]
    agencies = _in_db(bot_app, select(Assessment.agency_id).distinct())
    assert len(agencies) == 1


def test_a_coordinator_who_gave_no_name_is_not_called_deleted(bot_app, line_api):
    a = Chat(bot_app, line_api)
    a.start(name=AGENCY)  # no invitation yet, so no display name
    colleague = Chat(bot_app, line_api)
    colleague.say(texts.START)
    colleague.press("ให้บริการเป็นหลัก")
    colleague.say(AGENCY)
    reply = colleague.texts(colleague.press(texts.WHOLE_FRAMEWORK))[0]
    assert f"(ผู้ประสานงาน: {texts.UNNAMED_MEMBER})" in reply
    assert texts.DELETED_MEMBER not in reply
    assert texts.DELETED_MEMBER not in " ".join(a.texts(a.say(texts.TEAM)))


def test_the_team_view_offers_only_what_means_something(bot_app, line_api):
    alone, solo = Chat(bot_app, line_api), Chat(bot_app, line_api)
    alone.start(name=AGENCY)
    shown = alone.say(texts.TEAM)
    assert [b["label"] for b in alone.buttons(shown)] == [texts.RESUME, texts.INVITE]
    solo.start(name="กรมศึกษาเอง", pillar=1)
    shown = solo.say(texts.TEAM)
    assert solo.texts(shown) == [texts.INVITE_WHOLE_ONLY]
    assert texts.ASSIGN not in [b["label"] for b in solo.buttons(shown)]


def test_two_colleagues_starting_at_the_same_moment_open_one_team(
    bot_app, line_api, monkeypatch
):
    """Both were told the agency had no team; the second start finds the first's team
    under the agency's lock, and is sent to it."""
    from bot.db_team import TeamReads

    first, second = Chat(bot_app, line_api), Chat(bot_app, line_api)
    for chat in (first, second):
        chat.say(texts.START)
        chat.press("ให้บริการเป็นหลัก")
        chat.say(AGENCY)
        chat.name_place()
    first.press(texts.WHOLE_FRAMEWORK)
    invite(first, name="สมชาย")
    # As when both tapped at once: the second was told there was no team yet.
    monkeypatch.setattr(TeamReads, "open_team", lambda *arguments: None)
    reply = second.texts(second.press(texts.WHOLE_FRAMEWORK))
    assert "มีแบบประเมินปี 2565 ที่ทีมกำลังทำอยู่แล้ว (ผู้ประสานงาน: คุณสมชาย)" in reply[0]
    whole = select(Assessment.id).where(
        Assessment.scope.is_(None), Assessment.status == "in_progress"
    )
    assert len(_in_db(bot_app, whole)) == 1
    # Still at the scope question: studying one pillar alone starts at once.
    second.press(texts.ONE_PILLAR)
    assert second.current_question() is None  # the pillar list
    second.press("1 ")
    assert second.current_question() is not None


def test_deleting_a_members_data_keeps_the_agencys_answers(bot_app, line_api):
    a, b, _, _ = _team(bot_app, line_api)
    assign(a, "คุณสมหญิง", 5)
    b.say(texts.RESUME)
    answered = answer_while(b, REPORT_ANSWERS, set(pillar_questions("P5")))
    b.say(texts.DELETE_MY_DATA)
    b.press(texts.CONFIRM_DELETE)
    kept = _in_db(bot_app, select(Answer.question_id, Answer.answered_by))
    assert sorted(q for q, _ in kept) == sorted(answered) and all(by is None for _, by in kept)
    gone = select(Respondent.id).where(Respondent.line_user_id == b.user_id)
    assert _in_db(bot_app, gone) == []
    progress = " ".join(a.texts(a.say(texts.TEAM)))
    p5 = issue_count("P5")
    assert f"ตัวชี้วัดที่ 5: ตอบแล้ว {p5}/{p5} (ผู้ตอบที่ลบข้อมูลแล้ว)" in progress
    assert "คุณสมหญิง" not in progress


def test_the_coordinator_deleting_their_data_hands_the_team_on(bot_app, line_api):
    a, b, _, _ = _team(bot_app, line_api)
    a.say(texts.DELETE_MY_DATA)
    a.press(texts.CONFIRM_DELETE)
    progress = " ".join(b.texts(b.say(texts.TEAM)))
    assert "คุณสมหญิง (ผู้ประสานงาน)" in progress
    unfinished = select(Assessment.id).where(Assessment.status == "in_progress")
    assert len(_in_db(bot_app, unfinished)) == 1


# --- year over year ------------------------------------------------------------------


@pytest.fixture
def next_year_data(tmp_path: Path) -> Path:
    """A later framework year with the 2565 questions (their ids kept), for the next
    year's assessment to start from this year's answers."""
    year = tmp_path / "knowledge" / "2566"
    year.mkdir(parents=True)
    for source in (DATA_DIR / "2565").glob("*.yaml"):
        if source.name.startswith("view-"):
            continue
        text = source.read_text("utf-8")
        text = text.replace("\nyear: 2565", "\nyear: 2566").replace(
            "\nframework_year: 2565", "\nframework_year: 2566"
        )
        (year / source.name).write_text(text, "utf-8")
    return year.parent


def test_a_new_year_starts_from_last_years_answers_and_shows_the_change(
    bot_app, line_api, database_url, next_year_data
):
    a = Chat(bot_app, line_api)
    a.start(name=AGENCY)
    first = result_card(a.complete(REPORT_ANSWERS))
    assert "ระดับ 3" in first["altText"]
    bot_app.extensions["dgr.db"].dispose()

    later = make_bot_app(database_url, line_api, KNOWLEDGE_EXTRA_DIRS=[str(next_year_data)])
    with later.app_context(), database().session() as session:
        sync_knowledge(session, catalog())
    a2 = Chat(later, line_api, user_id=a.user_id)
    a2.say(texts.START)
    a2.press("ให้บริการเป็นหลัก")
    a2.say(AGENCY)
    offer = a2.press(texts.WHOLE_FRAMEWORK)
    assert "มีคำตอบจากการประเมินปี 2565" in a2.texts(offer)[0]
    asked = a2.press(texts.CARRY_ANSWERS)
    assert any("เริ่มแบบประเมินปี 2566 จากคำตอบครั้งก่อน" in t for t in a2.texts(asked))
    assert any("จากครั้งก่อน:" in str(m) for m in asked)
    # Every answer is confirmed as it was, except one Pillar 6 item more than last year.
    better = {**REPORT_ANSWERS, "P6.CON.1.tech": ["api", "iot"]}
    card = result_card(answer_carried(a2, better, REPORT_ANSWERS))
    notes = str(card)
    assert "เทียบกับผลครั้งก่อน (กรอบการประเมินปี 2565)" in notes
    with later.app_context(), database().session() as session:
        newest = session.scalars(select(Assessment).order_by(Assessment.id.desc())).first()
        assert newest.framework_year == 2566 and newest.started_from_id is not None
        values = session.scalars(select(Answer.value).where(Answer.assessment_id == newest.id))
        assert not any(v.get("carried") for v in values)  # every one confirmed or changed
    later.extensions["dgr.db"].dispose()
