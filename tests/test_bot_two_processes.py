"""Two app instances (separate gunicorn processes) on one PostgreSQL database serve one
user's, and a team's, interleaved events without losing or duplicating answers."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select

from bot.chat.postbacks import ConfirmItems, ItemTap, encode
from storage.db import Database
from storage.models import Answer, Assessment, Respondent
from tests.bot_support import REPORT_ANSWERS, HttpChat, result_card
from tests.line_fake import FakeLineApi
from tests.team_support import answer_while, assign, invite, join, pillar_questions


def test_two_processes_serve_one_users_interleaved_events(two_servers, line_api, pg_url):
    user = HttpChat(two_servers, line_api)
    user.start(name="กรมสองเครื่อง")
    # A double tap that lands on both processes at the same moment: applied once.
    question = user.current_question()
    assert question is not None and question["q"] == "P1.DP.1.guidelines"
    for item in REPORT_ANSWERS["P1.DP.1.guidelines"]:
        user.tap(encode(ItemTap(question["a"], question["q"], item, True)))
    from tests.line_fake import postback_event

    done = encode(ConfirmItems(question["a"], question["q"]))
    taps = [postback_event(user.user_id, done) for _ in two_servers]
    threads = [
        threading.Thread(target=user.post, args=(tap,), kwargs={"url": url})
        for tap, url in zip(taps, two_servers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    line_api.wait_for(lambda: any("ข้อนี้บันทึกคำตอบแล้ว" in t for t in line_api.texts(user.user_id)))
    user.last = line_api.messages(user.user_id)[-3:]
    final = user.complete(REPORT_ANSWERS)
    card = result_card(final)
    assert card["altText"].startswith("ผลการประเมิน: ระดับ 3 (3.9)")

    database = Database(pg_url)
    with database.session() as session:
        answered = session.scalars(select(Answer.question_id)).all()
        assert sorted(answered) == sorted(REPORT_ANSWERS)  # every answer, each once
        assert session.scalar(select(func.count(Assessment.id))) == 1
        stored = session.scalar(
            select(Answer.value).where(Answer.question_id == "P1.DP.1.guidelines")
        )
        assert stored == {"v": REPORT_ANSWERS["P1.DP.1.guidelines"]}
    database.dispose()


def test_two_processes_serve_a_teams_interleaved_events(two_servers, line_api, pg_url):
    """Three officials of one agency, each event to either process, answering their
    assigned pillars at the same time: every answer once, one result, sent once to each."""
    a, b, c = (HttpChat(two_servers, line_api) for _ in range(3))
    a.start(name="กรมทีมสองเครื่อง")
    code = invite(a, name="สมชาย")
    join(b, code, "สมหญิง")
    join(c, code, "สมศักดิ์")
    line_api.wait_for(lambda: sum("เข้าร่วมทีม" in t for t in line_api.texts(a.user_id)) == 2, 60)
    assign(a, "คุณสมหญิง", 5)
    assign(a, "คุณสมศักดิ์", 1)
    assign(a, "คุณสมชาย", 2)
    for member in (b, c):  # the assignment is pushed to each member
        line_api.wait_for(lambda m=member: _told(line_api, m, "มอบหมาย"), 60)
    for member in (a, b, c):
        member.say("ประเมินต่อ")
    work = {a: pillar_questions("P2"), b: pillar_questions("P5"), c: pillar_questions("P1")}
    answered: dict[HttpChat, list[str]] = {}

    def run(member: HttpChat) -> None:
        answered[member] = answer_while(member, REPORT_ANSWERS, set(work[member]))

    threads = [threading.Thread(target=run, args=(member,)) for member in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {m: sorted(done) for m, done in answered.items()} == {
        m: sorted(qs) for m, qs in work.items()
    }
    a.say("ส่งผลการประเมิน")
    final = result_card(a.press("ส่งผลเลย"))
    for member in (b, c):
        line_api.wait_for(lambda m=member: _result_cards(line_api, m.user_id), 60)
    for member in (a, b, c):
        cards = _result_cards(line_api, member.user_id)
        assert [card["altText"] for card in cards] == [final["altText"]]  # once each

    database = Database(pg_url)
    with database.session() as session:
        rows = session.execute(
            select(Answer.question_id, Respondent.line_user_id).join(
                Respondent, Respondent.id == Answer.answered_by
            )
        ).all()
        expected = {q: m.user_id for m, qs in work.items() for q in qs}
        assert sorted(rows) == sorted(expected.items())  # every answer, each once, by whom
        assert session.scalar(select(func.count(Assessment.id))) == 1
        assert session.scalar(select(Assessment.status)) == "completed"
    database.dispose()


def _told(line_api: FakeLineApi, member: HttpChat, words: str) -> bool:
    return any(words in text for text in line_api.texts(member.user_id))


def _result_cards(line_api: FakeLineApi, user_id: str) -> list[dict[str, Any]]:
    return [
        m
        for m in line_api.messages(user_id)
        if m.get("type") == "flex" and m.get("altText", "").startswith("ผลการประเมิน:")
    ]
