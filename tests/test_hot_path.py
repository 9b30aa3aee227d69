"""The webhook's hot path stays cheap: once warm, every statement that answer events run
comes from SQLAlchemy's compiled cache (compiling an event's one write statement costs
more than running it; a construct SQLAlchemy cannot cache once cut the bot's throughput
to an eighth of the echo bot's)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from tests.bot_support import REPORT_ANSWERS, Chat


def _statements_from_now(app: Any) -> list[tuple[str, str]]:
    """Every statement run from now on: how its compiled form was found, and its start."""
    seen: list[tuple[str, str]] = []

    def record(connection, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if context is not None and context.compiled is not None:
            seen.append((context._get_cache_stats(), statement[:80]))

    event.listen(app.extensions["dgr.db"].engine, "after_cursor_execute", record)
    return seen


def test_answer_events_compile_nothing_once_warm(bot_app, line_api):
    answers = REPORT_ANSWERS
    chat = Chat(bot_app, line_api)
    chat.start()
    for _ in range(3):  # warm: a checklist and buttons, each statement compiled once
        question = chat.current_question()
        assert question is not None, chat.texts(chat.last)
        chat.answer(answers[question["q"]])
    seen = _statements_from_now(bot_app)
    for _ in range(6):
        question = chat.current_question()
        assert question is not None
        chat.answer(answers[question["q"]])
    assert len(seen) >= 6
    compiled_again = [(how, sql) for how, sql in seen if not how.startswith("cached")]
    assert compiled_again == []
