"""The webhook: signatures, redeliveries, LINE failures, and inputs the bot cannot use."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from storage.models import Answer, OutboxMessage, ProcessedEvent, Respondent
from tests.bot_support import Chat
from tests.line_fake import (
    FakeLineApi,
    follow_event,
    image_message_event,
    join_event,
    location_message_event,
    sign,
    signed_event,
    sticker_message_event,
    text_message_event,
    unfollow_event,
)


def _count(app, model) -> int:
    with app.app_context():
        from storage.flask_ext import database

        with database().session() as session:
            return session.scalar(select(func.count()).select_from(model))


def test_tampered_signature_is_refused_and_nothing_is_stored_or_sent(chat: Chat, bot_app, line_api):
    request = signed_event(text_message_event(chat.user_id, "เริ่มประเมิน"))
    tampered = request.body.replace("เริ่มประเมิน".encode(), "ผลการประเมิน".encode())
    response = chat.client.post("/callback", data=tampered, headers=request.headers)
    assert response.status_code == 400
    assert _count(bot_app, Respondent) == 0 and _count(bot_app, ProcessedEvent) == 0
    assert line_api.requests() == []


def test_missing_or_wrongly_keyed_signature_is_refused(chat: Chat, line_api):
    request = signed_event(follow_event(chat.user_id))
    assert (
        chat.client.post(
            "/callback", data=request.body, headers={"Content-Type": "application/json"}
        ).status_code
        == 400
    )
    forged = {
        "Content-Type": "application/json",
        "X-Line-Signature": sign(request.body, "another-channel-secret"),
    }
    assert chat.client.post("/callback", data=request.body, headers=forged).status_code == 400
    assert line_api.requests() == []


def test_line_verify_request_with_no_events_gets_200(chat: Chat, line_api):
    assert chat.post() == 200
    assert line_api.requests() == []


def test_an_oversized_body_is_refused_before_parsing(chat: Chat):
    body = json.dumps({"destination": "U0", "events": [], "pad": "x" * 2_000_000}).encode()
    response = chat.client.post(
        "/callback",
        data=body,
        headers={"Content-Type": "application/json", "X-Line-Signature": sign(body)},
    )
    assert response.status_code == 413


def test_a_redelivered_event_is_answered_once(chat: Chat, bot_app, line_api):
    chat.start(pillar=3)
    question = chat.current_question()
    event = text_message_event(chat.user_id, "85")
    chat.send(event)
    replies_before = len(line_api.requests("/v2/bot/message/reply"))
    again = {**event, "deliveryContext": {"isRedelivery": True}}
    assert chat.post(again) == 200
    assert len(line_api.requests("/v2/bot/message/reply")) == replies_before
    assert _count(bot_app, Answer) == 1
    assert question["q"] == "P3.SP.1.share"


def test_a_repeat_not_flagged_as_redelivery_changes_nothing(chat: Chat, bot_app, line_api):
    chat.start(pillar=3)
    first = text_message_event(chat.user_id, "85")
    chat.send(first)
    asked = chat.current_question()
    replies_before = len(line_api.requests("/v2/bot/message/reply"))
    assert chat.post(first) == 200  # same webhookEventId, isRedelivery false
    assert len(line_api.requests("/v2/bot/message/reply")) == replies_before
    assert _count(bot_app, Answer) == 1
    chat.say("ประเมินต่อ")
    assert chat.current_question() == asked  # the repeat did not move the conversation


def test_reply_failure_falls_back_to_push_with_a_retry_key(chat: Chat, line_api):
    line_api.fail("reply", status=400, body={"message": "Invalid reply token"})
    messages = chat.follow()
    assert "ยินดีต้อนรับ" in chat.texts(messages)[0]
    pushes = line_api.requests("/v2/bot/message/push")
    assert len(pushes) == 1 and pushes[0].status == 200
    assert pushes[0].headers.get("X-Line-Retry-Key")


def test_push_is_retried_with_the_same_key_on_5xx_and_429(chat: Chat, line_api):
    line_api.fail("reply", status=500)
    line_api.fail("push", status=500, times=2)
    line_api.fail("push", status=429, retry_after=0)
    messages = chat.say("ช่วยเหลือ")
    assert "คำสั่งที่ใช้ได้" in chat.texts(messages)[0]
    pushes = line_api.requests("/v2/bot/message/push")
    assert [p.status for p in pushes] == [500, 500, 429, 200]
    assert len({p.headers["X-Line-Retry-Key"] for p in pushes}) == 1


def test_an_answer_is_kept_when_every_send_fails(chat: Chat, bot_app, line_api):
    chat.start(pillar=3)
    line_api.fail("reply", status=500)
    line_api.fail("push", status=500, times=10)
    assert chat.post(text_message_event(chat.user_id, "85")) == 200
    assert _count(bot_app, Answer) == 1
    reply = chat.say("ประเมินต่อ")  # LINE is back: the user continues where they were
    assert any("ข้อ 2/8" in t for t in chat.texts(reply))


def test_stickers_images_and_locations_get_a_polite_thai_hint(chat: Chat):
    for event in (
        sticker_message_event(chat.user_id),
        image_message_event(chat.user_id),
        location_message_event(chat.user_id),
    ):
        reply = chat.send(event)
        assert "รับได้เฉพาะข้อความตัวอักษร" in chat.texts(reply)[0]


def test_joining_a_group_explains_the_bot_works_in_one_to_one_chat(chat: Chat, line_api):
    assert chat.post(join_event()) == 200
    assert any("แชตส่วนตัว" in t for t in line_api.texts())


def test_unfollow_is_acknowledged_without_a_reply(chat: Chat, line_api):
    assert chat.post(unfollow_event(chat.user_id)) == 200
    assert line_api.requests() == []


def test_the_result_shows_the_loading_animation_first(chat: Chat, line_api):
    chat.start(pillar=6)
    before = len(line_api.requests())
    chat.complete({"P6.CON.1.tech": ["api"], "P6.INT.1.tech": [], "P6.TP.1.tech": []})
    paths = [r.path for r in line_api.requests()[before:]]
    assert paths.count("/v2/bot/chat/loading/start") == 1  # only for the result
    # The animation comes before the reply carrying the result, never after it.
    assert paths[-2:] == ["/v2/bot/chat/loading/start", "/v2/bot/message/reply"]
    loading = line_api.requests("/v2/bot/chat/loading/start")
    assert loading[-1].body == {"chatId": chat.user_id, "loadingSeconds": 5}


def _record_events(app, **ages_in_days: int) -> None:
    from storage.flask_ext import database

    now = datetime.now(UTC)
    with app.app_context(), database().session() as session:
        for event_id, days in ages_in_days.items():
            received = now - timedelta(days=days)
            session.add(ProcessedEvent(webhook_event_id=event_id, received_at=received))


def _event_ids(app) -> set[str]:
    from storage.flask_ext import database

    with app.app_context(), database().session() as session:
        return set(session.scalars(select(ProcessedEvent.webhook_event_id)))


def test_old_event_ids_are_purged_hourly_by_the_webhook(chat: Chat, bot_app):
    _record_events(bot_app, OLD1=40, RECENT1=2)
    chat.say("ช่วยเหลือ")  # the first request of a process purges
    ids = _event_ids(bot_app)
    assert "OLD1" not in ids and "RECENT1" in ids
    _record_events(bot_app, OLD2=40)
    chat.say("ช่วยเหลือ")  # within the hour: not again
    assert "OLD2" in _event_ids(bot_app)
    bot_app.config["PROCESSED_EVENTS_PURGE_SECONDS"] = 0
    chat.say("ช่วยเหลือ")
    assert "OLD2" not in _event_ids(bot_app)


def test_the_webhook_purges_a_backlog_in_batches_oldest_first(chat: Chat, bot_app):
    bot_app.config.update(PROCESSED_EVENTS_PURGE_SECONDS=0, PROCESSED_EVENTS_PURGE_BATCH=1)
    _record_events(bot_app, OLDEST=50, OLDER=40)
    chat.say("ช่วยเหลือ")
    ids = _event_ids(bot_app)
    assert "OLDEST" not in ids and "OLDER" in ids
    chat.say("ช่วยเหลือ")
    assert "OLDER" not in _event_ids(bot_app)


def _record_messages(app, **statuses_and_ages: tuple[str, int]) -> None:
    from storage.flask_ext import database

    now = datetime.now(UTC)
    with app.app_context(), database().session() as session:
        for key, (status, days) in statuses_and_ages.items():
            done = now - timedelta(days=days)
            session.add(
                OutboxMessage(
                    line_user_id="Uold",
                    messages=[{"type": "text", "text": key}],
                    retry_key=key,
                    created_at=done,
                    next_attempt_at=done,
                    status=status,
                    done_at=done,
                )
            )


def _message_keys(app) -> set[str]:
    from storage.flask_ext import database

    with app.app_context(), database().session() as session:
        return set(session.scalars(select(OutboxMessage.retry_key)))


def test_sent_messages_are_kept_a_week_and_undelivered_ones_a_month(chat: Chat, bot_app):
    bot_app.config["PROCESSED_EVENTS_PURGE_SECONDS"] = 0
    _record_messages(
        bot_app,
        SENT8=("sent", 8),
        SENT2=("sent", 2),
        GAVE_UP8=("gave_up", 8),
        FAILED31=("failed", 31),
        UNKNOWN31=("unknown", 31),
    )
    chat.say("ช่วยเหลือ")
    assert _message_keys(bot_app) & {"SENT8", "SENT2", "GAVE_UP8", "FAILED31", "UNKNOWN31"} == {
        "SENT2",
        "GAVE_UP8",
    }


def test_purge_events_command_keeps_the_days_asked_for(chat: Chat, bot_app):
    _record_events(bot_app, D10=10, D3=3)
    result = bot_app.test_cli_runner().invoke(args=["purge-events", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert "1 รายการ" in result.output
    ids = _event_ids(bot_app)
    assert "D10" not in ids and "D3" in ids


def test_messages_go_to_line_as_utf_8_not_escaped(chat: Chat, line_api: FakeLineApi):
    """Thai goes out as UTF-8 (3 bytes a character), on SQLite as on PostgreSQL: the
    outbox sends its stored text as it is."""
    chat.say("ช่วยเหลือ")
    raw = line_api.requests("/v2/bot/message/reply")[-1].raw
    assert "คำสั่งที่ใช้ได้".encode() in raw and b"\\u0e" not in raw
