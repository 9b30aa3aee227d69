"""Webhook requests built for the bot's tests: realistic (webhook.yml, SDK parser) and signed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from linebot.v3.webhook import SignatureValidator, WebhookParser
from linebot.v3.webhooks import (
    FollowEvent,
    ImageMessageContent,
    JoinEvent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
)

from tests.line_fake import (
    BOT_USER_ID,
    CHANNEL_SECRET,
    callback_body,
    follow_event,
    image_message_event,
    join_event,
    location_message_event,
    new_user_id,
    new_webhook_event_id,
    postback_event,
    signed_event,
    sticker_message_event,
    text_message_event,
    unfollow_event,
)
from tests.line_fake.webhook import reply_token_owner

ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
USER = new_user_id()
BUILDERS: list[tuple[Callable[[], dict[str, Any]], type, type | None]] = [
    (lambda: text_message_event(USER, "เริ่มประเมิน"), MessageEvent, TextMessageContent),
    (lambda: sticker_message_event(USER), MessageEvent, StickerMessageContent),
    (lambda: image_message_event(USER), MessageEvent, ImageMessageContent),
    (lambda: location_message_event(USER), MessageEvent, LocationMessageContent),
    (lambda: postback_event(USER, "action=answer&q=P1.1&v=yes"), PostbackEvent, None),
    (lambda: follow_event(USER), FollowEvent, None),
    (lambda: unfollow_event(USER), UnfollowEvent, None),
    (lambda: join_event(), JoinEvent, None),
]


@pytest.mark.parametrize(("build", "event_class", "content_class"), BUILDERS)
def test_built_events_match_webhook_yml_and_parse_with_the_sdk(
    build: Callable[[], dict[str, Any]], event_class: type, content_class: type | None
) -> None:
    event = build()
    request = signed_event(event)

    assert SignatureValidator(CHANNEL_SECRET).validate(request.body.decode(), request.signature)
    (parsed,) = WebhookParser(CHANNEL_SECRET).parse(request.body.decode(), request.signature)
    assert isinstance(parsed, event_class)
    if content_class is not None:
        assert isinstance(parsed.message, content_class)
    assert request.payload["destination"] == BOT_USER_ID
    assert event["mode"] == "active" and event["deliveryContext"] == {"isRedelivery": False}
    assert ULID.fullmatch(event["webhookEventId"])
    if event_class is not UnfollowEvent:
        owner = reply_token_owner(event["replyToken"])
        assert owner == event["source"].get("userId", event["source"].get("groupId"))


def test_signature_depends_on_the_secret_and_every_byte() -> None:
    request = signed_event(text_message_event(USER, "สวัสดี"))
    body = request.body.decode()
    assert not SignatureValidator("another-secret").validate(body, request.signature)
    assert not SignatureValidator(CHANNEL_SECRET).validate(body + " ", request.signature)
    assert request.headers == {
        "Content-Type": "application/json",
        "X-Line-Signature": request.signature,
    }


def test_redelivered_postback_with_params_and_an_empty_verify_call() -> None:
    event = postback_event(USER, "action=date", params={"date": "2026-11-21"}, redelivery=True)
    payload = signed_event(event).payload
    assert payload["events"][0]["deliveryContext"] == {"isRedelivery": True}
    assert payload["events"][0]["postback"]["params"] == {"date": "2026-11-21"}
    assert signed_event().payload == {"destination": BOT_USER_ID, "events": []}


def test_an_event_edited_into_an_invalid_shape_is_refused() -> None:
    event = text_message_event(USER, "สวัสดี")
    del event["webhookEventId"]
    event["message"]["txet"] = event["message"].pop("text")
    with pytest.raises(ValueError) as error:
        callback_body(event)
    assert str(error.value) == (
        "webhook body does not match webhook.yml:\n"
        "  events[0]: 'webhookEventId' is a required property\n"
        "  events[0].message: 'text' is a required property\n"
        "  events[0].message.txet: unknown property 'txet' (not in LINE's schema)"
    )


def test_webhook_event_ids_sort_by_time() -> None:
    earlier, later = (
        new_webhook_event_id(1_700_000_000_000),
        new_webhook_event_id(1_700_000_000_001),
    )
    assert ULID.fullmatch(earlier) and ULID.fullmatch(later)
    assert earlier < later
