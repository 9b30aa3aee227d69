"""The fake's answers to valid requests, keyed by LINE's operationId (messaging-api.yml)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from tests.line_fake.state import Delivery, FakeState, RecordedRequest, Reply
from tests.line_fake.webhook import reply_token_owner

QUOTABLE = {"text", "textV2", "sticker", "image", "video"}
NOT_FOUND = Reply(404, {"message": "Not found"})
DEFAULT_PROFILE = {
    "displayName": "สมศรี ทดสอบ",
    "language": "th",
    "pictureUrl": "https://profile.line-scdn.net/0hTEST",
    "statusMessage": "สวัสดีครับ",
}


def _sent_messages(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    sent = []
    for message in messages:
        entry = {"id": str(secrets.randbelow(9 * 10**17) + 10**17)}
        if message.get("type") in QUOTABLE:
            entry["quoteToken"] = secrets.token_urlsafe(24)
        sent.append(entry)
    return sent


def reply_message(state: FakeState, request: RecordedRequest) -> Reply:
    token = request.body["replyToken"]
    owner = reply_token_owner(token)
    if token in state.used_reply_tokens:
        state.reply_token_reuse.append(token)
        return Reply(400, {"message": "Invalid reply token"})
    if owner is None:
        state.invalid_reply_tokens.append(token)
        return Reply(400, {"message": "Invalid reply token"})
    state.used_reply_tokens.add(token)
    state.deliveries.append(Delivery(owner, "reply", request.body["messages"]))
    return Reply(200, {"sentMessages": _sent_messages(request.body["messages"])})


def push_message(state: FakeState, request: RecordedRequest) -> Reply:
    retry_key = request.headers.get("X-Line-Retry-Key")
    if retry_key in state.accepted_retry_keys:
        request_id, sent = state.accepted_retry_keys[retry_key]
        body = {"message": "The retry key is already accepted", "sentMessages": sent}
        return Reply(409, body, {"X-Line-Accepted-Request-Id": request_id})
    sent = _sent_messages(request.body["messages"])
    state.deliveries.append(Delivery(request.body["to"], "push", request.body["messages"]))
    if retry_key is not None:
        state.accepted_retry_keys[retry_key] = (request.request_id, sent)
    return Reply(200, {"sentMessages": sent})


def show_loading_animation(state: FakeState, request: RecordedRequest) -> Reply:
    return Reply(202, {})


def get_profile(state: FakeState, request: RecordedRequest, userId: str) -> Reply:
    """``line_api.profiles[user_id]`` overrides the default; ``None`` there means 404."""
    profile = state.profiles.get(userId, DEFAULT_PROFILE)
    if profile is None:
        return NOT_FOUND
    return Reply(200, {**profile, "userId": userId})


def create_rich_menu(state: FakeState, request: RecordedRequest) -> Reply:
    rich_menu_id = f"richmenu-{secrets.token_hex(16)}"
    state.rich_menus[rich_menu_id] = {"richMenuId": rich_menu_id, **request.body}
    return Reply(200, {"richMenuId": rich_menu_id})


def validate_rich_menu_object(state: FakeState, request: RecordedRequest) -> Reply:
    return Reply(200, {})


def get_rich_menu_list(state: FakeState, request: RecordedRequest) -> Reply:
    return Reply(200, {"richmenus": list(state.rich_menus.values())})


def get_rich_menu(state: FakeState, request: RecordedRequest, richMenuId: str) -> Reply:
    menu = state.rich_menus.get(richMenuId)
    return Reply(200, menu) if menu else NOT_FOUND


def delete_rich_menu(state: FakeState, request: RecordedRequest, richMenuId: str) -> Reply:
    if state.rich_menus.pop(richMenuId, None) is None:
        return NOT_FOUND
    state.rich_menu_images.pop(richMenuId, None)
    if state.default_rich_menu_id == richMenuId:
        state.default_rich_menu_id = None
    return Reply(200, {})


def set_rich_menu_image(state: FakeState, request: RecordedRequest, richMenuId: str) -> Reply:
    if richMenuId not in state.rich_menus:
        return NOT_FOUND
    if richMenuId in state.rich_menu_images:
        return Reply(400, {"message": "An image has already been uploaded to the richmenu"})
    content_type = request.headers.get("Content-Type", "")
    state.rich_menu_images[richMenuId] = (content_type, request.raw)
    return Reply(200, {})


def set_default_rich_menu(state: FakeState, request: RecordedRequest, richMenuId: str) -> Reply:
    if richMenuId not in state.rich_menus:
        return NOT_FOUND
    if richMenuId not in state.rich_menu_images:
        return Reply(400, {"message": "must upload richmenu image before applying it to user"})
    state.default_rich_menu_id = richMenuId
    return Reply(200, {})


def get_default_rich_menu_id(state: FakeState, request: RecordedRequest) -> Reply:
    if state.default_rich_menu_id is None:
        return Reply(404, {"message": "no default richmenu"})
    return Reply(200, {"richMenuId": state.default_rich_menu_id})


def cancel_default_rich_menu(state: FakeState, request: RecordedRequest) -> Reply:
    state.default_rich_menu_id = None
    return Reply(200, {})


HANDLERS: dict[str, Callable[..., Reply]] = {
    "replyMessage": reply_message,
    "pushMessage": push_message,
    "showLoadingAnimation": show_loading_animation,
    "getProfile": get_profile,
    "createRichMenu": create_rich_menu,
    "validateRichMenuObject": validate_rich_menu_object,
    "getRichMenuList": get_rich_menu_list,
    "getRichMenu": get_rich_menu,
    "deleteRichMenu": delete_rich_menu,
    "setRichMenuImage": set_rich_menu_image,
    "setDefaultRichMenu": set_default_rich_menu,
    "getDefaultRichMenuId": get_default_rich_menu_id,
    "cancelDefaultRichMenu": cancel_default_rich_menu,
}
