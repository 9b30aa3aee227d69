"""Storage on SQLite and PostgreSQL: migrations, knowledge load, answers, events, deletion."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from storage.knowledge_sync import sync_knowledge
from storage.migrate import downgrade, upgrade
from storage.models import (
    Answer,
    Assessment,
    AssessmentMember,
    Base,
    ConversationState,
    GlossaryTerm,
    ProcessedEvent,
    RecommendationText,
    Respondent,
    TextVersion,
)
from storage.texts import recommendation_key, text_overrides
from tests.frameworks import CATALOG


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_migrations_go_down_and_up_again(database_url):
    downgrade(database_url, "base")
    upgrade(database_url)


def test_the_migrated_schema_is_the_models_schema(database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with database.engine.connect() as connection:
        # Tables, columns, column types (JSONB on PostgreSQL), indexes and constraints.
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_load_knowledge_stores_every_entry_text_and_term(database, knowledge):
    with database.session() as session:
        report = sync_knowledge(session, CATALOG)
    texts = sum(
        len(r.texts())
        for _, _, i in knowledge.framework.issues()
        for r in i.recommendations.values()
    )
    with database.session() as session:
        assert _count(session, RecommendationText) == texts == report.texts_added
        assert _count(session, GlossaryTerm) == len(knowledge.glossary)
        assert _count(session, TextVersion) == texts + len(knowledge.glossary)


def test_loading_twice_changes_nothing(database, knowledge):
    with database.session() as session:
        sync_knowledge(session, CATALOG)
        versions = _count(session, TextVersion)
    with database.session() as session:
        report = sync_knowledge(session, CATALOG)
        assert (report.texts_added, report.texts_updated, report.terms_added) == (0, 0, 0)
    with database.session() as session:
        assert _count(session, TextVersion) == versions


def test_reload_keeps_an_admin_edited_text_and_updates_the_others(database, knowledge):
    with database.session() as session:
        sync_knowledge(session, CATALOG)
    with database.session() as session:
        edited = session.scalar(
            select(RecommendationText).where(
                RecommendationText.issue_id == "P1.DaP.1", RecommendationText.band == "1-3"
            )
        )
        edited.text, edited.edited_by = "ข้อความที่ผู้ดูแลแก้ไข", "editor1"
        untouched = session.scalar(
            select(RecommendationText).where(
                RecommendationText.issue_id == "P1.DaP.4", RecommendationText.band == "4"
            )
        )
        # Simulate older shipped texts in the database: the new release changes both.
        edited.shipped_text = untouched.shipped_text = "ข้อความรุ่นเก่า"
        untouched.text = "ข้อความรุ่นเก่า"
    with database.session() as session:
        report = sync_knowledge(session, CATALOG)
    assert report.texts_updated == 1 and report.texts_kept_edited == 1
    with database.session() as session:
        overrides = text_overrides(session, 2565)
        shipped_14 = knowledge.framework.issue("P1.DaP.4").recommendations["4"].texts()["all"]
        assert overrides[("P1.DaP.1", "1-3", "all")] == "ข้อความที่ผู้ดูแลแก้ไข"
        assert overrides[("P1.DaP.4", "4", "all")] == shipped_14
        key = recommendation_key(2565, "P1.DaP.4", "4", "all")
        versions = session.scalars(
            select(TextVersion.action)
            .where(TextVersion.target_key == key)
            .order_by(TextVersion.version)
        ).all()
        assert versions == ["shipped", "shipped-update"]


def _respondent_with_assessment(session) -> Assessment:
    respondent = Respondent(line_user_id="U" + "a" * 32, agency_type="service")
    assessment = Assessment(respondent=respondent, framework_year=2565, agency_type="service")
    session.add(assessment)
    session.flush()
    return assessment


def test_an_answer_is_updated_in_place_never_duplicated(database):
    with database.session() as session:
        assessment = _respondent_with_assessment(session)
        session.add(Answer(assessment=assessment, question_id="P3.SP.1.share", value={"v": 30}))
        assessment_id = assessment.id
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(
            Answer(assessment_id=assessment_id, question_id="P3.SP.1.share", value={"v": 40})
        )
    with database.session() as session:
        answer = session.scalar(select(Answer))
        answer.value = {"v": 85}
    with database.session() as session:
        assert [a.value for a in session.scalars(select(Answer))] == [{"v": 85}]


def test_a_webhook_event_id_is_stored_once(database):
    with database.session() as session:
        session.add(ProcessedEvent(webhook_event_id="01H000000000000000000000AA"))
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(ProcessedEvent(webhook_event_id="01H000000000000000000000AA"))


def test_deleting_a_respondent_row_takes_their_state_and_memberships_not_the_answers(database):
    """The schema's part of PDPA deletion (storage.personal_data decides which of the
    person's assessments go): an agency's answers stay, with the answerer unknown."""
    with database.session() as session:
        assessment = _respondent_with_assessment(session)
        respondent_id = assessment.respondent_id
        session.add(Answer(
            assessment=assessment, question_id="P4.CC.1.platform", value={"v": "yes"},
            answered_by=respondent_id,
        ))  # fmt: skip
        session.add(AssessmentMember(
            assessment_id=assessment.id, respondent_id=respondent_id, role="coordinator"
        ))  # fmt: skip
        session.add(ConversationState(respondent_id=respondent_id, state="asking"))
    with database.session() as session:
        session.delete(session.scalar(select(Respondent)))
    with database.session() as session:
        for model in (Respondent, AssessmentMember, ConversationState):
            assert _count(session, model) == 0
        assert session.scalar(select(Assessment.respondent_id)) is None
        assert session.execute(select(Answer.question_id, Answer.answered_by)).one() == (
            "P4.CC.1.platform",
            None,
        )


def test_assessment_survives_a_new_connection(database_url, database):
    """What is committed is on disk: a new engine (a restarted process) sees it."""
    from storage.db import Database

    with database.session() as session:
        assessment = _respondent_with_assessment(session)
        session.add(Answer(assessment=assessment, question_id="P2.DL.2.projects", value={"v": 3}))
    database.dispose()
    restarted = Database(database_url)
    with restarted.session() as session:
        answers = session.scalars(select(Answer.question_id)).all()
    restarted.dispose()
    assert answers == ["P2.DL.2.projects"]


def test_a_postgresql_process_keeps_its_connections_between_bursts(postgres_url):
    """A burst of transactions reuses the connections of the burst before (opening one
    costs PostgreSQL a process start); a thread that finds them all busy waits for one
    instead of opening more."""
    import threading
    from contextlib import ExitStack

    from sqlalchemy import text

    from storage.db import Database

    database = Database(postgres_url, pool_size=3)
    pid = text("SELECT pg_backend_pid()")

    def burst() -> set[int]:
        with ExitStack() as stack:
            connections = [stack.enter_context(database.engine.connect()) for _ in range(3)]
            return {c.execute(pid).scalar_one() for c in connections}

    try:
        first = burst()
        assert burst() == first
        late: list[int] = []

        def one_more() -> None:
            with database.engine.connect() as connection:
                late.append(connection.execute(pid).scalar_one())

        with ExitStack() as stack:
            held = [stack.enter_context(database.engine.connect()) for _ in range(3)]
            waiting = threading.Thread(target=one_more)
            waiting.start()
            waiting.join(timeout=0.3)
            assert not late and waiting.is_alive()  # no fourth connection was opened
            held[0].close()
            waiting.join(timeout=30)
        assert len(late) == 1 and late[0] in first
    finally:
        database.dispose()


def test_single_statements_commit_each_statement_on_postgresql(postgres_url):
    """The outbox's claims and settlements are one statement each: on PostgreSQL each
    commits by itself, so another process sees a claim as soon as it is made."""
    from storage.db import Database

    database = Database(postgres_url)
    try:
        with database.session() as session:
            session.add(ProcessedEvent(webhook_event_id="E-single"))
        with database.single_statements() as connection:
            connection.execute(
                ProcessedEvent.__table__.delete().where(
                    ProcessedEvent.webhook_event_id == "E-single"
                )
            )
            with database.session() as other:
                assert other.get(ProcessedEvent, "E-single") is None
    finally:
        database.dispose()
