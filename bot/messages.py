"""Every LINE message the bot sends is built here, as the JSON the Messaging API takes.

Plain dicts, not SDK models: the SDK's models cost more to build and serialise than the
rest of a webhook request. The tests validate every message the bot sends against
LINE's OpenAPI schema. Limits kept here: ≤ 13 quick-reply items, labels ≤ 20 characters,
text ≤ 5,000 characters, altText ≤ 1,500 characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_TEXT = 5000
MAX_ALT_TEXT = 1500

Message = dict[str, Any]
QuickItem = dict[str, Any]


def utf16_length(text: str) -> int:
    """Length as LINE counts it (UTF-16 code units: an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def _joins_previous(char: str) -> bool:
    """Thai vowel and tone marks, emoji joiners and variation selectors belong to the
    character before them: a label is never cut between the two."""
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200d\ufe0e\ufe0f"


def fit(text: str, limit: int) -> str:
    """``text`` within ``limit`` UTF-16 units, cut at a space where possible and never
    inside a Thai syllable or an emoji, with "…" when cut."""
    text = " ".join(text.split())
    if utf16_length(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        size = utf16_length(char)
        if used + size > limit - 1:
            break
        kept.append(char)
        used += size
    while kept and len(kept) < len(text) and _joins_previous(text[len(kept)]):
        kept.pop()  # the next character belongs to the last one kept: drop both
    cut = "".join(kept)
    space = cut.rfind(" ")
    if space >= limit // 2:
        return cut[:space].rstrip() + "…"
    return cut[: _last_word_end(text, len(cut))].rstrip() + "…"


def _last_word_end(text: str, within: int) -> int:
    """Where the last whole word of ``text`` that ends within ``within`` characters ends
    (Thai words by pythainlp's dictionary): a label never stops mid-word."""
    from knowledge.qa.text import Tokenizer  # the Q&A's word list, loaded once

    end, position = 0, 0
    for word in Tokenizer.for_texts(()).words(text):
        found = text.find(word, position)
        if found < 0 or found + len(word) > within:
            break
        position = end = found + len(word)
    return end if end >= 2 else within


def label(text: str) -> str:
    """A button label within LINE's 20 characters."""
    return fit(text, MAX_LABEL)


def say(text: str, caption: str | None = None) -> QuickItem:
    """A quick-reply button that sends ``text`` as if typed (labelled ``caption`` when
    the text is too long for a label)."""
    shown = label(caption or text)
    return {"type": "action", "action": {"type": "message", "label": shown, "text": text}}


def tap(button: str, data: str, shown: str | None = None) -> QuickItem:
    """A quick-reply button that sends a postback; ``shown`` appears in the chat as typed."""
    return {
        "type": "action",
        "action": {
            "type": "postback",
            "label": label(button),
            "data": data,
            "displayText": shown or button,
        },
    }


def _with_quick_reply(message: Message, items: Sequence[QuickItem]) -> Message:
    if items:
        message["quickReply"] = {"items": list(items)[:MAX_QUICK_REPLIES]}
    return message


def text(message: str, items: Sequence[QuickItem] = ()) -> Message:
    if not message.strip():
        raise ValueError("empty text message")
    if len(message) > MAX_TEXT:
        raise ValueError("text message over 5,000 characters; split it with split_text()")
    return _with_quick_reply({"type": "text", "text": message}, items)


def split_text(message: str, limit: int = MAX_TEXT) -> list[str]:
    """Split a long text on paragraph or line breaks, never mid-word."""
    parts: list[str] = []
    current = ""
    for line in message.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            parts.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        current = line
    if current:
        parts.append(current)
    return parts


def alt(message: str) -> str:
    return message if len(message) <= MAX_ALT_TEXT else message[: MAX_ALT_TEXT - 1] + "…"


def flex(alt_text: str, contents: dict[str, Any], items: Sequence[QuickItem] = ()) -> Message:
    return _with_quick_reply(
        {"type": "flex", "altText": alt(alt_text), "contents": contents}, items
    )


def plain(message: str, items: Sequence[QuickItem] = ()) -> list[Message]:
    """Text split at LINE's limit; the quick replies go on the last part, so LINE shows
    them (the chat machine adds a menu where a message has none)."""
    parts = split_text(message)
    return [text(part, items if n == len(parts) - 1 else ()) for n, part in enumerate(parts)]


def with_quick_replies(messages: list[Message], items: Sequence[QuickItem]) -> list[Message]:
    """The messages with ``items`` under the last one, unless it has buttons already."""
    if not messages or not items or "quickReply" in messages[-1]:
        return messages
    return [*messages[:-1], _with_quick_reply(dict(messages[-1]), items)]


# --- shared flex pieces --------------------------------------------------------------

BRAND = "#0B5CAD"
MUTED = "#5F6B7A"
LEVEL_COLOURS = {1: "#B42318", 2: "#E04F16", 3: "#F79009", 4: "#EAAA08", 5: "#079455"}


def box(layout: str, contents: list[dict[str, Any]], **style: Any) -> dict[str, Any]:
    return {"type": "box", "layout": layout, "contents": contents, **style}


def line_text(value: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": value, "wrap": True, **style}


def bubble(
    body: list[dict[str, Any]],
    header: list[dict[str, Any]] | None = None,
    footer: list[dict[str, Any]] | None = None,
    size: str = "mega",
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "type": "bubble",
        "size": size,
        "body": box("vertical", body, spacing="md"),
    }
    if header:
        result["header"] = box("vertical", header, backgroundColor=BRAND, paddingAll="lg")
    if footer:
        result["footer"] = box("vertical", footer, spacing="sm")
    return result


def button(
    caption: str, data: str, shown: str | None = None, style: str = "primary"
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "type": "button",
        "style": style,
        "height": "sm",
        "action": {
            "type": "postback",
            "label": label(caption),
            "data": data,
            "displayText": shown or caption,
        },
    }
    if style == "primary":
        result["color"] = BRAND
    return result


def message_button(caption: str, command: str, style: str = "secondary") -> dict[str, Any]:
    return {
        "type": "button",
        "style": style,
        "height": "sm",
        "action": {"type": "message", "label": label(caption), "text": command},
    }
