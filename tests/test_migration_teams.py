"""Migration 0008 on a database made by the release before it (schema 0007, rows as that
release wrote them): every assessment becomes a team of one, answers know who gave them,
the history starts with them, and the official carries on in the chat where they were."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot import texts
from scoring import score
from storage.migrate import downgrade, upgrade
from tests.bot_support import REPORT_ANSWERS, Chat, make_bot_app, result_card
from tests.frameworks import FRAMEWORK
from tests.line_fake import FakeLineApi, new_user_id

PREVIOUS_RELEASE = "0007"


def _fill_previous_release(url: str, line_user_id: str) -> None:
    """One official of a named agency with a finished assessment and an unfinished one
    paused at a question, written as the 0007 release wrote them."""
    engine = sa.create_engine(url)
    tables = sa.MetaData()
    tables.reflect(engine)
    now = datetime.now(UTC)
    finished = score(FRAMEWORK, "service", REPORT_ANSWERS).to_dict()
    with engine.begin() as connection:
        agency_id = connection.execute(
            tables.tables["agencies"].insert().returning(sa.column("id")),
            {"name": "กรมรุ่นก่อน", "agency_type": "service", "created_at": now},
        ).scalar_one()
        respondent_id = connection.execute(
            tables.tables["respondents"].insert().returning(sa.column("id")),
            {"line_user_id": line_user_id, "agency_id": agency_id, "agency_name": "กรมรุ่นก่อน",
             "agency_type": "service", "created_at": now},
        ).scalar_one()  # fmt: skip
        common = {"respondent_id": respondent_id, "agency_id": agency_id,
                  "framework_year": 2565, "agency_type": "service",
                  "agency_name": "กรมรุ่นก่อน", "scope": None}  # fmt: skip
        assessments = tables.tables["assessments"]
        done_id = connection.execute(
            assessments.insert().returning(sa.column("id")),
            {**common, "status": "completed", "started_at": now - timedelta(days=3),
             "updated_at": now - timedelta(days=2), "finished_at": now - timedelta(days=2),
             "result": finished, "overall_level": finished["overall"]["level"],
             "overall_percent": finished["overall"]["percent"]},
        ).scalar_one()  # fmt: skip
        open_id = connection.execute(
            assessments.insert().returning(sa.column("id")),
            {**common, "status": "in_progress", "started_at": now, "updated_at": now},
        ).scalar_one()
        answers = tables.tables["answers"]
        rows = [
            {"assessment_id": done_id, "question_id": q, "value": {"v": v},
             "created_at": now, "updated_at": now}
            for q, v in REPORT_ANSWERS.items()
        ] + [
            {"assessment_id": open_id, "question_id": "P1.DP.1.guidelines",
             "value": {"v": ["g1"]}, "created_at": now, "updated_at": now},
        ]  # fmt: skip
        connection.execute(answers.insert(), rows)
        connection.execute(
            tables.tables["conversation_states"].insert(),
            {"respondent_id": respondent_id, "state": "idle", "version": 3, "updated_at": now,
             "data": {"assessment": open_id, "question": "P1.DaP.1.items", "draft": []}},
        )  # fmt: skip
    engine.dispose()


def test_the_previous_releases_assessments_become_teams_of_one(database_url, line_api: FakeLineApi):
    downgrade(database_url, PREVIOUS_RELEASE)
    user_id = new_user_id()
    _fill_previous_release(database_url, user_id)
    upgrade(database_url)

    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        members = connection.execute(
            sa.text("SELECT role, COUNT(*) FROM assessment_members GROUP BY role")
        ).all()
        unknown = connection.execute(
            sa.text("SELECT COUNT(*) FROM answers WHERE answered_by IS NULL")
        ).scalar()
        history = connection.execute(sa.text("SELECT COUNT(*) FROM answer_changes")).scalar()
        answers = connection.execute(sa.text("SELECT COUNT(*) FROM answers")).scalar()
    engine.dispose()
    assert members == [("coordinator", 2)]
    assert unknown == 0 and history == answers == len(REPORT_ANSWERS) + 1

    app = make_bot_app(database_url, line_api)
    chat = Chat(app, line_api, user_id=user_id)
    card = result_card(chat.say(texts.RESULT))
    assert "ระดับ 3" in card["altText"]
    resumed = chat.say(texts.RESUME)
    assert chat.current_question()["q"] == "P1.DaP.1.items", chat.texts(resumed)
    app.extensions["dgr.db"].dispose()
