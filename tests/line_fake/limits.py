"""LINE's documented limits that the OpenAPI file does not state.

Sources: the Messaging API reference (message, action, quick reply, Flex and rich-menu
objects) and "Character counting in a text": lengths count UTF-16 code units, except action
labels, postback/message action texts, template titles/texts and rich-menu names, which
count grapheme clusters (a Thai consonant with its tone mark is one). Flex sizes are
measured as compact JSON with non-ASCII escaped the way the SDK sends it — the stricter
reading of LINE's "30 KB"/"50 KB".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import regex

from tests.line_fake.openapi import Problem

TEXT_MAX = 5_000
ALT_TEXT_MAX = 1_500
BUBBLE_MAX_BYTES = 30 * 1024
CAROUSEL_MAX_BYTES = 50 * 1024
CAROUSEL_MAX_BUBBLES = 12
LABEL_MAX = 20  # quick reply, templates, rich menus
FLEX_LABEL_MAX = 40  # actions inside Flex Messages
IMAGE_CAROUSEL_LABEL_MAX = 12
ACTION_TEXT_MAX = 300  # postback displayText/text, message action text
URI_MAX = 1_000
RICH_MENU_AREAS_MAX = 20
USER_ID = re.compile(r"U[0-9a-f]{32}")
RECIPIENT_ID = re.compile(r"[UCR][0-9a-f]{32}")
URI_SCHEMES = ("http://", "https://", "line://", "tel:")
# template type → (list key, most items, text limit without image or title)
TEMPLATE_SHAPES = {
    "buttons": ("actions", 4, 160),
    "confirm": ("actions", 2, 240),
    "carousel": ("columns", 10, 120),
    "image_carousel": ("columns", 10, 0),
}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def grapheme_length(text: str) -> int:
    return len(regex.findall(r"\X", text))


def _compact_json_bytes(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")).encode())


def _text_problems(where: str, value: Any, limit: int, count: str = "utf16") -> Iterator[Problem]:
    if not isinstance(value, str):
        return
    if value == "":
        yield Problem(where, "must not be empty")
    length = grapheme_length(value) if count == "graphemes" else utf16_length(value)
    if length > limit:
        yield Problem(where, f"has {length} characters; LINE allows at most {limit}")


def action_problems(
    action: Any, where: str, *, label_max: int, label_required: bool
) -> Iterator[Problem]:
    if not isinstance(action, dict):
        return
    label = action.get("label")
    if label is None and label_required:
        yield Problem(f"{where}.label", "is required for this action here")
    yield from _text_problems(f"{where}.label", label, label_max, "graphemes")
    kind = action.get("type")
    if kind == "postback":
        if "data" not in action:
            yield Problem(f"{where}.data", "is required for a postback action")
        if "displayText" in action and "text" in action:
            yield Problem(where, "displayText and text cannot both be set")
        for key in ("displayText", "text"):
            value = action.get(key)
            yield from _text_problems(f"{where}.{key}", value, ACTION_TEXT_MAX, "graphemes")
    elif kind == "message":
        if "text" not in action:
            yield Problem(f"{where}.text", "is required for a message action")
        yield from _text_problems(f"{where}.text", action.get("text"), ACTION_TEXT_MAX, "graphemes")
    elif kind == "uri":
        uri = action.get("uri")
        if not isinstance(uri, str) or not uri.startswith(URI_SCHEMES):
            yield Problem(f"{where}.uri", "must start with http://, https://, line:// or tel:")
        yield from _text_problems(f"{where}.uri", uri, URI_MAX)


def _quick_reply_problems(quick_reply: Any, where: str) -> Iterator[Problem]:
    items = quick_reply.get("items") if isinstance(quick_reply, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        item_where = f"{where}.items[{index}]"
        if not isinstance(item, dict):
            continue
        if item.get("type") != "action":
            yield Problem(f"{item_where}.type", "must be 'action'")
        action = item.get("action")
        if action is None:
            yield Problem(f"{item_where}.action", "is required")
            continue
        yield from action_problems(
            action, f"{item_where}.action", label_max=LABEL_MAX, label_required=True
        )
        postback = isinstance(action, dict) and action.get("type") == "postback"
        if postback and "displayText" not in action:
            yield Problem(f"{item_where}.action.displayText", "is required for quick reply buttons")
        image_url = item.get("imageUrl")
        if image_url is not None and not str(image_url).startswith("https://"):
            yield Problem(f"{item_where}.imageUrl", "must be an https URL")


def _flex_problems(node: Any, where: str) -> Iterator[Problem]:
    """Walks a Flex container or component: actions, texts, buttons and image URLs."""
    if isinstance(node, list):
        for index, child in enumerate(node):
            yield from _flex_problems(child, f"{where}[{index}]")
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "text" and not node.get("text") and not node.get("contents"):
        yield Problem(f"{where}.text", "must not be empty (or give contents spans)")
    action = node.get("action")
    if kind == "button" and isinstance(action, dict) and action.get("label") is None:
        yield Problem(f"{where}.action.label", "is required for a Flex button")
    if kind in ("image", "icon") and not str(node.get("url", "")).startswith("https://"):
        yield Problem(f"{where}.url", "must be an https URL")
    for key, child in node.items():
        if key == "action":
            yield from action_problems(
                child, f"{where}.action", label_max=FLEX_LABEL_MAX, label_required=False
            )
        elif isinstance(child, dict | list):
            yield from _flex_problems(child, f"{where}.{key}")


def _flex_container_problems(container: Any, where: str) -> Iterator[Problem]:
    if not isinstance(container, dict):
        return
    if container.get("type") == "bubble":
        size = _compact_json_bytes(container)
        if size > BUBBLE_MAX_BYTES:
            yield Problem(where, f"bubble is {size:,} bytes of JSON; LINE allows 30 KB")
    elif container.get("type") == "carousel":
        size = _compact_json_bytes(container)
        if size > CAROUSEL_MAX_BYTES:
            yield Problem(where, f"carousel is {size:,} bytes of JSON; LINE allows 50 KB")
        bubbles = container.get("contents")
        if isinstance(bubbles, list) and len(bubbles) > CAROUSEL_MAX_BUBBLES:
            yield Problem(
                f"{where}.contents", f"has {len(bubbles)} bubbles; LINE allows at most 12"
            )
    yield from _flex_problems(container, where)


def _template_text_problems(node: dict[str, Any], where: str, text_max: int) -> Iterator[Problem]:
    with_media = "title" in node or "thumbnailImageUrl" in node
    yield from _text_problems(f"{where}.title", node.get("title"), 40, "graphemes")
    limit = 60 if with_media and text_max > 60 else text_max
    yield from _text_problems(f"{where}.text", node.get("text"), limit, "graphemes")


def _template_problems(template: Any, where: str) -> Iterator[Problem]:
    if not isinstance(template, dict):
        return
    kind = template.get("type")
    key, most, text_max = TEMPLATE_SHAPES.get(kind, ("", 0, 0))
    items = template.get(key) if isinstance(template.get(key), list) else []
    if len(items) > most:
        yield Problem(f"{where}.{key}", f"has {len(items)} items; LINE allows at most {most}")
    if key == "actions":
        yield from _template_text_problems(template, where, text_max)
        for index, action in enumerate(items):
            yield from action_problems(
                action, f"{where}.actions[{index}]", label_max=LABEL_MAX, label_required=True
            )
    for index, column in enumerate(items if key == "columns" else []):
        column_where = f"{where}.columns[{index}]"
        if not isinstance(column, dict):
            continue
        if kind == "image_carousel":
            yield from action_problems(
                column.get("action"),
                f"{column_where}.action",
                label_max=IMAGE_CAROUSEL_LABEL_MAX,
                label_required=False,
            )
            continue
        yield from _template_text_problems(column, column_where, text_max)
        for number, action in enumerate(column.get("actions") or []):
            yield from action_problems(
                action,
                f"{column_where}.actions[{number}]",
                label_max=LABEL_MAX,
                label_required=True,
            )


def message_problems(message: Any, where: str) -> Iterator[Problem]:
    if not isinstance(message, dict):
        return
    kind = message.get("type")
    if kind in ("text", "textV2"):
        yield from _text_problems(f"{where}.text", message.get("text"), TEXT_MAX)
    if "altText" in message:
        yield from _text_problems(f"{where}.altText", message["altText"], ALT_TEXT_MAX)
    if kind == "flex":
        yield from _flex_container_problems(message.get("contents"), f"{where}.contents")
    if kind == "template":
        yield from _template_problems(message.get("template"), f"{where}.template")
    if "quickReply" in message:
        yield from _quick_reply_problems(message["quickReply"], f"{where}.quickReply")


def send_problems(body: Any) -> list[Problem]:
    """Reply and push requests."""
    if not isinstance(body, dict):
        return []
    found: list[Problem] = []
    to = body.get("to")
    if isinstance(to, str) and not RECIPIENT_ID.fullmatch(to):
        found.append(Problem("to", "must be a user, group or room ID (U/C/R + 32 hex digits)"))
    for index, message in enumerate(body.get("messages") or []):
        found.extend(message_problems(message, f"messages[{index}]"))
    return found


def loading_problems(body: Any) -> list[Problem]:
    if not isinstance(body, dict):
        return []
    found = []
    chat_id = body.get("chatId")
    if isinstance(chat_id, str) and not USER_ID.fullmatch(chat_id):
        found.append(Problem("chatId", "must be a user ID (U + 32 hex digits)"))
    seconds = body.get("loadingSeconds")
    if isinstance(seconds, int) and seconds % 5:
        found.append(Problem("loadingSeconds", "must be a multiple of 5"))
    return found


def rich_menu_problems(body: Any) -> list[Problem]:
    if not isinstance(body, dict):
        return []
    found = [
        Problem(key, "is required")
        for key in ("size", "selected", "name", "chatBarText", "areas")
        if key not in body
    ]
    size = body.get("size") if isinstance(body.get("size"), dict) else {}
    width, height = size.get("width"), size.get("height")
    sized = isinstance(width, int) and isinstance(height, int) and height > 0
    if sized and (not 800 <= width <= 2500 or height < 250 or width / height < 1.45):
        found.append(Problem("size", "needs width 800–2500, height ≥ 250, width/height ≥ 1.45"))
    for key, limit in (("name", 300), ("chatBarText", 14)):
        found.extend(_text_problems(key, body.get(key), limit, "graphemes"))
    areas = body.get("areas") if isinstance(body.get("areas"), list) else []
    if len(areas) > RICH_MENU_AREAS_MAX:
        found.append(Problem("areas", f"has {len(areas)} areas; LINE allows at most 20"))
    for index, area in enumerate(areas):
        where = f"areas[{index}]"
        area = area if isinstance(area, dict) else {}
        found.extend(
            Problem(f"{where}.{key}", "is required")
            for key in ("bounds", "action")
            if key not in area
        )
        bounds = area.get("bounds") if isinstance(area.get("bounds"), dict) else {}
        x, y, w, h = (bounds.get(key) for key in ("x", "y", "width", "height"))
        numeric = sized and all(isinstance(number, int) for number in (x, y, w, h))
        if numeric and (x + w > width or y + h > height):
            found.append(Problem(f"{where}.bounds", "lies outside the rich menu"))
        found.extend(
            action_problems(
                area.get("action"), f"{where}.action", label_max=LABEL_MAX, label_required=False
            )
        )
    return found


RICH_MENU_IMAGE_MAX_BYTES = 1_000_000  # "1 MB", read strictly
IMAGE_SIGNATURES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


def rich_menu_image_problems(content_type: str, image: bytes) -> list[Problem]:
    signature = IMAGE_SIGNATURES.get(content_type.split(";")[0].strip())
    if signature is None:
        return [Problem("Content-Type", f"is {content_type!r}; must be image/png or image/jpeg")]
    found = []
    if not image.startswith(signature):
        found.append(Problem("(body)", f"is not a {content_type} image"))
    if len(image) > RICH_MENU_IMAGE_MAX_BYTES:
        found.append(Problem("(body)", f"is {len(image):,} bytes; LINE allows 1 MB"))
    return found
