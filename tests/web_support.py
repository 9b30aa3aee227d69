"""Helpers for the web view's tests: the links the bot sent, a browser-like client that
opens them (the token from the fragment, posted with the page's CSRF token), and forms."""

from __future__ import annotations

import re
import urllib.parse
from html import unescape
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.bot_support import Chat

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PUBLIC_BASE_URL = "http://127.0.0.1:8000"  # the config's default in the test app


def uri_actions(messages: list[dict[str, Any]]) -> dict[str, str]:
    """Label → address of every button that opens a web page."""
    found: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            action = node.get("action")
            if isinstance(action, dict) and action.get("type") == "uri":
                found[action["label"]] = action["uri"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(messages)
    return found


def link_in(messages: list[dict[str, Any]], label: str) -> str:
    links = uri_actions(messages)
    assert label in links, f"no link {label!r}; links: {sorted(links)}"
    return links[label]


def fragment(uri: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(uri).fragment))


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return unescape(found.group(1))


class Browser:
    """One browser (its own cookies) talking to the test app."""

    def __init__(self, app: Flask) -> None:
        self.client: FlaskClient = app.test_client()

    def get(self, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        return self.client.get(path, **kwargs)

    def open(self, uri: str, follow: bool = True):  # type: ignore[no-untyped-def]
        """What open.js does: read the fragment, post it with the page's CSRF token."""
        parts = urllib.parse.urlsplit(uri)
        page = self.client.get(parts.path)
        assert page.status_code == 200
        values = fragment(uri)
        data = {"csrf_token": csrf_of(page.get_data(as_text=True)), **values}
        return self.client.post(parts.path, data=data, follow_redirects=follow)

    def post_form(self, page_path: str, action: str, data: dict[str, Any], follow: bool = True):  # type: ignore[no-untyped-def]
        """Submit a form of ``page_path`` (its CSRF token) to ``action``."""
        page = self.client.get(page_path)
        token = csrf_of(page.get_data(as_text=True))
        return self.client.post(action, data={"csrf_token": token, **data}, follow_redirects=follow)


def finished_assessment(chat: Chat, answers: dict[str, Any], pillar: int | None) -> str:
    """An official finishes an assessment in the chat; the report link on the result card."""
    chat.start(pillar=pillar)
    final = chat.complete(answers)
    return link_in(final, "ดูรายงาน/แก้ไขคำตอบ")


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)
