"""Test stand-ins for the LINE platform: a validating Messaging API and signed webhooks.

Register the fixture from tests/conftest.py (``from tests.line_fake import line_api``) and
point the app at ``line_api.base_url`` / ``line_api.data_base_url`` with
``line_api.channel_access_token``. Build webhook requests with ``signed_event``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.line_fake.server import CHANNEL_ACCESS_TOKEN, FakeLineApi
from tests.line_fake.state import RecordedRequest, Violation
from tests.line_fake.webhook import (
    BOT_USER_ID,
    CHANNEL_SECRET,
    SignedRequest,
    callback_body,
    follow_event,
    image_message_event,
    issue_reply_token,
    join_event,
    location_message_event,
    new_user_id,
    new_webhook_event_id,
    postback_event,
    sign,
    signed_event,
    sticker_message_event,
    text_message_event,
    unfollow_event,
)

__all__ = [
    "BOT_USER_ID",
    "CHANNEL_ACCESS_TOKEN",
    "CHANNEL_SECRET",
    "FakeLineApi",
    "RecordedRequest",
    "SignedRequest",
    "Violation",
    "callback_body",
    "follow_event",
    "image_message_event",
    "issue_reply_token",
    "join_event",
    "line_api",
    "location_message_event",
    "new_user_id",
    "new_webhook_event_id",
    "postback_event",
    "serve_line_api",
    "sign",
    "signed_event",
    "sticker_message_event",
    "text_message_event",
    "unfollow_event",
]


def violation_report(violations: list[Violation]) -> str:
    lines = [f"the bot sent {len(violations)} request part(s) LINE would refuse:"]
    return "\n".join([*lines, *(f"  - {violation}" for violation in violations)])


@contextmanager
def serve_line_api() -> Iterator[FakeLineApi]:
    """Runs a fake LINE API; on leaving, fails the test if the bot sent anything LINE refuses."""
    with FakeLineApi() as fake:
        yield fake
    violations = fake.take_violations()
    if violations:
        pytest.fail(violation_report(violations), pytrace=False)


@pytest.fixture
def line_api() -> Iterator[FakeLineApi]:
    """A fake LINE Messaging API for one test; any violation fails that test at teardown."""
    with serve_line_api() as fake:
        yield fake
