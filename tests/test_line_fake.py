"""The fake LINE Messaging API: it accepts what LINE accepts and refuses what LINE refuses.

Requests go through line-bot-sdk v3, so they carry the SDK's real serialisation. Where the
SDK's own models refuse a value (6 messages, 14 quick-reply items, 301-character data),
``.construct()`` skips that client-side check so the request reaches the fake.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexCarousel,
    FlexComponent,
    FlexImage,
    FlexMessage,
    FlexText,
    Message,
    MessageAction,
    MessagingApi,
    MessagingApiBlob,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
    ShowLoadingAnimationRequest,
    StickerMessage,
    TextMessage,
)
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.line_fake import (
    FakeLineApi,
    issue_reply_token,
    new_user_id,
    serve_line_api,
)
from tests.line_fake.openapi import load_yaml, messaging_api

RETRY_KEY = "123e4567-e89b-12d3-a456-426614174000"


@pytest.fixture
def api(line_api: FakeLineApi) -> Iterator[MessagingApi]:
    config = Configuration(host=line_api.base_url, access_token=line_api.channel_access_token)
    with ApiClient(config) as client:
        yield MessagingApi(client)


def bubble(*texts: str) -> FlexBubble:
    contents: list[FlexComponent] = [FlexText(text=text, wrap=True) for text in texts]
    return FlexBubble(body=FlexBox(layout="vertical", contents=contents))


def question(text: str = "หน่วยงานมีแผนดิจิทัลหรือไม่") -> TextMessage:
    items = [
        QuickReplyItem(action=PostbackAction(label="มี", data="a=yes", display_text="มี")),
        QuickReplyItem(action=MessageAction(label="ไม่แน่ใจ", text="ไม่แน่ใจ")),
    ]
    return TextMessage(text=text, quick_reply=QuickReply(items=items))


def refused(line_api: FakeLineApi, send: Callable[[], object]) -> dict[str, str]:
    """Sends, expects LINE's 400, and returns the violations as {where: why}."""
    with pytest.raises(ApiException) as error:
        send()
    assert error.value.status == 400
    return {violation.where: violation.why for violation in line_api.take_violations()}


def test_valid_text_flex_and_quick_reply_are_delivered_in_order(
    line_api: FakeLineApi, api: MessagingApi
) -> None:
    user = new_user_id()
    result_card = FlexMessage(alt_text="ผลการประเมิน: ระดับ 3", contents=bubble("ระดับ 3"))
    carousel = FlexMessage(
        alt_text="คำแนะนำ",
        contents=FlexCarousel(contents=[bubble("ขั้นที่ 1"), bubble("ขั้นที่ 2")]),
    )
    messages: list[Message] = [question(), result_card, carousel, StickerMessage(
        package_id="446", sticker_id="1988"
    )]  # fmt: skip
    response = api.reply_message(
        ReplyMessageRequest(reply_token=issue_reply_token(user), messages=messages)
    )

    assert len(response.sent_messages) == 4
    assert line_api.texts(user) == [
        "หน่วยงานมีแผนดิจิทัลหรือไม่",
        "ผลการประเมิน: ระดับ 3",
        "คำแนะนำ",
        "(sticker)",
    ]
    assert line_api.messages(new_user_id()) == []
    assert line_api.violations == []


def test_requests_are_recorded_with_headers_and_json_body(
    line_api: FakeLineApi, api: MessagingApi
) -> None:
    user = new_user_id()
    api.push_message(PushMessageRequest(to=user, messages=[question()]), x_line_retry_key=RETRY_KEY)

    (push,) = line_api.requests("/v2/bot/message/push")
    assert push.method == "POST" and push.operation == "pushMessage" and push.status == 200
    assert push.headers["Authorization"] == f"Bearer {line_api.channel_access_token}"
    assert push.headers["x-line-retry-key"] == RETRY_KEY
    assert push.body["to"] == user
    assert push.body["messages"][0]["quickReply"]["items"][0]["action"]["displayText"] == "มี"


def test_thai_labels_are_counted_in_grapheme_clusters(
    line_api: FakeLineApi, api: MessagingApi
) -> None:
    label = "ที่นี่" * 5  # 30 code points, 10 grapheme clusters: within LINE's 20
    item = QuickReplyItem(action=MessageAction(label=label, text=label))
    message = TextMessage(text="เลือก", quick_reply=QuickReply(items=[item]))
    api.push_message(PushMessageRequest(to=new_user_id(), messages=[message]))
    assert line_api.violations == []


def quick_reply_text(*actions: object) -> TextMessage:
    items = [QuickReplyItem.construct(type="action", action=action) for action in actions]
    return TextMessage(text="เลือก", quick_reply=QuickReply.construct(items=items))


def flex(container: FlexBubble | FlexCarousel) -> FlexMessage:
    return FlexMessage(alt_text="ผลการประเมิน", contents=container)


def flex_body(*components: FlexComponent) -> FlexMessage:
    return flex(FlexBubble(body=FlexBox(layout="vertical", contents=list(components))))


SAY_YES = MessageAction(label="ใช่", text="ใช่")
LONG_THAI = "ความพร้อมรัฐบาลดิจิทัล " * 400  # about 9,200 characters
UNKNOWN_COMPONENT = (
    "type 'textbox' is unknown; expected one of box, button, image, video, icon, text, span, "
    "separator, filler"
)
REFUSED_MESSAGES = [
    pytest.param(
        [TextMessage(text="ก")] * 6, "messages", "has 6 items; LINE allows at most 5",
        id="six-messages",
    ),
    pytest.param(
        [quick_reply_text(*[SAY_YES] * 14)], "messages[0].quickReply.items",
        "has 14 items; LINE allows at most 13", id="fourteen-quick-replies",
    ),
    pytest.param(
        [quick_reply_text(MessageAction(label="ก" * 21, text="ก"))],
        "messages[0].quickReply.items[0].action.label",
        "has 21 characters; LINE allows at most 20", id="label-21",
    ),
    pytest.param(
        [quick_reply_text(PostbackAction.construct(
            type="postback", label="ต่อ", data="x" * 301, display_text="ต่อ"
        ))],
        "messages[0].quickReply.items[0].action.data",
        "has 301 characters; LINE allows at most 300", id="postback-data-301",
    ),
    pytest.param(
        [quick_reply_text(PostbackAction(label="ต่อ", data="next"))],
        "messages[0].quickReply.items[0].action.displayText",
        "is required for quick reply buttons", id="quick-reply-postback-without-displayText",
    ),
    pytest.param(
        [TextMessage(text="ก" * 5001)], "messages[0].text",
        "has 5001 characters; LINE allows at most 5000", id="text-5001",
    ),
    pytest.param([TextMessage(text="")], "messages[0].text", "must not be empty", id="empty"),
    pytest.param(
        [FlexMessage(alt_text="ก" * 1501, contents=bubble("ก"))], "messages[0].altText",
        "has 1501 characters; LINE allows at most 1500", id="altText-1501",
    ),
    pytest.param(
        [flex(bubble(LONG_THAI, LONG_THAI))], "messages[0].contents",
        "bytes of JSON; LINE allows 30 KB", id="bubble-over-30KB",
    ),
    pytest.param(
        [flex(FlexCarousel(contents=[bubble("ก")] * 13))], "messages[0].contents.contents",
        "has 13 bubbles; LINE allows at most 12", id="carousel-13-bubbles",
    ),
    pytest.param(
        [flex_body(FlexComponent(type="textbox"))],
        "messages[0].contents.body.contents[0].type", UNKNOWN_COMPONENT,
        id="unknown-flex-component",
    ),
    pytest.param(
        [flex_body(FlexButton.construct(type="button", action=None))],
        "messages[0].contents.body.contents[0]", "'action' is a required property",
        id="button-without-action",
    ),
    pytest.param(
        [TextMessage.construct(type="text")], "messages[0]", "'text' is a required property",
        id="text-missing",
    ),
    pytest.param(
        [flex(FlexBubble(hero=FlexImage(url="http://example.com/a.png")))],
        "messages[0].contents.hero.url", "must be an https URL", id="http-image",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("messages", "where", "why"), REFUSED_MESSAGES)
def test_messages_line_refuses_are_answered_400_and_recorded(
    line_api: FakeLineApi, api: MessagingApi, messages: list[Message], where: str, why: str
) -> None:
    request = ReplyMessageRequest.construct(
        reply_token=issue_reply_token(new_user_id()), messages=messages
    )
    found = refused(line_api, lambda: api.reply_message(request))
    assert why in found.get(where, ""), found
    assert line_api.messages() == []


def test_invalid_flex_is_caught_at_every_depth_where_a_plain_validator_sees_nothing() -> None:
    flex = {
        "type": "flex",
        "altText": "ผล",
        "contents": {
            "type": "carousel",
            "contents": [
                {
                    "type": "bubble",
                    "hero": {"type": "picture", "url": "https://example.com/a.png"},
                    "body": {
                        "type": "box",
                        "layout": "vertical",
                        "contents": [
                            {"type": "text", "text": "ก", "warp": True},
                            {"type": "button", "action": {"type": "tap", "label": "ต่อ"}},
                        ],
                    },
                }
            ],
        },
    }
    plain_spec = load_yaml(messaging_api().path)
    resource = Resource.from_contents(plain_spec, default_specification=DRAFT4)
    registry = Registry().with_resource("urn:plain", resource)
    plain = OAS30Validator({"$ref": "urn:plain#/components/schemas/Message"}, registry=registry)
    assert list(plain.iter_errors(flex)) == []  # the published file alone lets all of it pass

    problems = {p.where: p.why for p in messaging_api().problems("Message", flex)}
    bubble_path = "contents.contents[0]"
    assert set(problems) == {
        f"{bubble_path}.hero.type",
        f"{bubble_path}.body.contents[0].warp",
        f"{bubble_path}.body.contents[1].action.type",
    }
    assert problems[f"{bubble_path}.hero.type"].startswith("type 'picture' is unknown")


def test_reply_token_is_single_use(line_api: FakeLineApi, api: MessagingApi) -> None:
    user = new_user_id()
    token = issue_reply_token(user)
    api.reply_message(ReplyMessageRequest(reply_token=token, messages=[question()]))
    with pytest.raises(ApiException) as error:
        api.reply_message(ReplyMessageRequest(reply_token=token, messages=[question()]))

    assert error.value.status == 400 and "Invalid reply token" in error.value.body
    assert line_api.reply_token_reuse == [token]
    assert len(line_api.messages(user)) == 1
    assert line_api.violations == []  # a fact the bot may handle (push), not a bot bug


def test_reply_token_never_issued_is_invalid(line_api: FakeLineApi, api: MessagingApi) -> None:
    with pytest.raises(ApiException) as error:
        api.reply_message(ReplyMessageRequest(reply_token="f" * 32, messages=[question()]))
    assert error.value.status == 400
    assert line_api.invalid_reply_tokens == ["f" * 32]


def test_push_repeated_with_an_accepted_retry_key_is_409(
    line_api: FakeLineApi, api: MessagingApi
) -> None:
    user = new_user_id()
    request = PushMessageRequest(to=user, messages=[question()])
    api.push_message(request, x_line_retry_key=RETRY_KEY)
    with pytest.raises(ApiException) as error:
        api.push_message(request, x_line_retry_key=RETRY_KEY)

    first, second = line_api.requests("/v2/bot/message/push")
    assert error.value.status == 409
    assert error.value.headers["X-Line-Accepted-Request-Id"] == first.request_id
    assert second.response["sentMessages"] == first.response["sentMessages"]
    assert line_api.texts(user) == ["หน่วยงานมีแผนดิจิทัลหรือไม่"]


def test_retry_key_of_a_failed_push_can_be_retried(
    line_api: FakeLineApi, api: MessagingApi
) -> None:
    user = new_user_id()
    line_api.fail("push", status=500, times=2)
    request = PushMessageRequest(to=user, messages=[question()])
    statuses = []
    for _ in range(3):
        try:
            api.push_message(request, x_line_retry_key=RETRY_KEY)
            statuses.append(200)
        except ApiException as error:
            statuses.append(error.status)

    assert statuses == [500, 500, 200]
    assert len(line_api.messages(user)) == 1


def test_injected_failures_answer_as_told_then_recover(
    line_api: FakeLineApi, api: MessagingApi
) -> None:
    user = new_user_id()
    token = issue_reply_token(user)
    line_api.fail("reply", status=400, body={"message": "Invalid reply token"})
    line_api.fail("push_message", status=429, retry_after=2)
    reply = ReplyMessageRequest(reply_token=token, messages=[question()])

    with pytest.raises(ApiException) as reply_error:
        api.reply_message(reply)
    with pytest.raises(ApiException) as push_error:
        api.push_message(PushMessageRequest(to=user, messages=[question()]))
    api.reply_message(reply)  # the injected 400 did not use the token up

    assert (reply_error.value.status, push_error.value.status) == (400, 429)
    assert "Invalid reply token" in reply_error.value.body
    assert push_error.value.headers["Retry-After"] == "2"
    assert len(line_api.messages(user)) == 1
    with pytest.raises(ValueError, match="unknown operation"):
        line_api.fail("replies")


def test_loading_animation_and_profile(line_api: FakeLineApi, api: MessagingApi) -> None:
    user, stranger = new_user_id(), new_user_id()
    line_api.profiles[stranger] = None
    api.show_loading_animation(ShowLoadingAnimationRequest(chat_id=user, loading_seconds=20))
    profile = api.get_profile(user)
    with pytest.raises(ApiException) as error:
        api.get_profile(stranger)

    assert profile.user_id == user and profile.display_name and profile.language == "th"
    assert error.value.status == 404
    found = refused(line_api, lambda: api.show_loading_animation(
        ShowLoadingAnimationRequest(chat_id=user, loading_seconds=7)
    ))  # fmt: skip
    assert found == {"loadingSeconds": "must be a multiple of 5"}


def test_unknown_endpoint_wrong_host_and_wrong_token_are_violations(
    line_api: FakeLineApi, api: MessagingApi
) -> None:
    with pytest.raises(ApiException) as unknown:
        api.get_bot_info()
    with pytest.raises(ApiException) as wrong_host:
        api.api_client.call_api(
            "/v2/bot/richmenu/richmenu-1/content", "POST", header_params={
                "Content-Type": "image/png"}, body=b"\x89PNG", auth_settings=["Bearer"],
        )  # fmt: skip
    config = Configuration(host=line_api.base_url, access_token="someone-else")
    with ApiClient(config) as client, pytest.raises(ApiException) as unauthorised:
        MessagingApi(client).get_profile(new_user_id())

    assert (unknown.value.status, wrong_host.value.status) == (404, 404)
    assert unauthorised.value.status == 401
    found = [f"{v.where}: {v.why}" for v in line_api.take_violations()]
    assert found[0].startswith("GET /v2/bot/info: no such endpoint")
    assert "belongs on the api-data host" in found[1]
    assert found[2].startswith("Authorization: is 'Bearer someone-else'")


def test_wait_for_returns_once_a_background_send_arrives(
    line_api: FakeLineApi, api: MessagingApi
) -> None:
    user = new_user_id()
    go = threading.Event()

    def send_later() -> None:
        go.wait(5)
        api.push_message(PushMessageRequest(to=user, messages=[question("พร้อมแล้ว")]))

    sender = threading.Thread(target=send_later)
    sender.start()
    go.set()
    assert line_api.wait_for(lambda: line_api.texts(user), timeout=5) == ["พร้อมแล้ว"]
    sender.join()
    with pytest.raises(AssertionError, match=r"condition not met within 0\.05s"):
        line_api.wait_for(lambda: len(line_api.texts(user)) > 1, timeout=0.05)


def test_a_violation_fails_the_test_with_a_readable_report() -> None:
    with pytest.raises(pytest.fail.Exception) as failure, serve_line_api() as fake:
        config = Configuration(host=fake.base_url, access_token=fake.channel_access_token)
        with ApiClient(config) as client, pytest.raises(ApiException):
            MessagingApi(client).push_message(
                PushMessageRequest(to=new_user_id(), messages=[TextMessage(text="")])
            )

    assert str(failure.value) == (
        "the bot sent 1 request part(s) LINE would refuse:\n"
        "  - request #1 POST /v2/bot/message/push: messages[0].text: must not be empty"
    )


PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)  # the fake checks the signature and size only


def rich_menu(width: int = 2500, height: int = 1686, label: str = "เริ่มประเมิน") -> RichMenuRequest:
    area = RichMenuArea(
        bounds=RichMenuBounds(x=0, y=0, width=width, height=height),
        action=MessageAction(label=label, text=label),
    )
    return RichMenuRequest(
        size=RichMenuSize(width=width, height=height),
        selected=True,
        name="dgr-main-menu",
        chat_bar_text="เมนู",
        areas=[area],
    )


def test_rich_menu_lifecycle_uses_both_hosts(line_api: FakeLineApi, api: MessagingApi) -> None:
    config = Configuration(host=line_api.data_base_url, access_token=line_api.channel_access_token)
    with ApiClient(config) as data_client:
        blob = MessagingApiBlob(data_client)
        api.validate_rich_menu_object(rich_menu())
        menu_id = api.create_rich_menu(rich_menu()).rich_menu_id
        with pytest.raises(ApiException) as too_early:
            api.set_default_rich_menu(menu_id)
        blob.set_rich_menu_image(menu_id, PNG, _headers={"Content-Type": "image/png"})
        api.set_default_rich_menu(menu_id)

        assert too_early.value.status == 400
        assert api.get_default_rich_menu_id().rich_menu_id == menu_id
        assert [menu.name for menu in api.get_rich_menu_list().richmenus] == ["dgr-main-menu"]
        api.delete_rich_menu(menu_id)
        assert api.get_rich_menu_list().richmenus == []
        with pytest.raises(ApiException) as gone:
            api.delete_rich_menu(menu_id)
        assert gone.value.status == 404
        (upload,) = line_api.requests(f"/v2/bot/richmenu/{menu_id}/content")
        assert upload.host == "api-data" and upload.raw == PNG


def test_rich_menus_line_refuses_are_violations(line_api: FakeLineApi, api: MessagingApi) -> None:
    found = refused(line_api, lambda: api.create_rich_menu(rich_menu(width=2500, height=2000)))
    assert found == {"size": "needs width 800–2500, height ≥ 250, width/height ≥ 1.45"}
    found = refused(line_api, lambda: api.create_rich_menu(rich_menu(label="ก" * 21)))
    assert found == {"areas[0].action.label": "has 21 characters; LINE allows at most 20"}

    menu_id = api.create_rich_menu(rich_menu()).rich_menu_id
    config = Configuration(host=line_api.data_base_url, access_token=line_api.channel_access_token)
    with ApiClient(config) as data_client:
        upload = MessagingApiBlob(data_client).set_rich_menu_image
        found = refused(
            line_api, lambda: upload(menu_id, PNG, _headers={"Content-Type": "image/gif"})
        )
        assert found == {"Content-Type": "is 'image/gif'; must be image/png or image/jpeg"}
        big = PNG + bytes(1_000_000)
        found = refused(
            line_api, lambda: upload(menu_id, big, _headers={"Content-Type": "image/png"})
        )
        assert found == {"(body)": "is 1,000,072 bytes; LINE allows 1 MB"}
