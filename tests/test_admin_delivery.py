"""Messages to LINE that did not go out are listed for admins (and only admins)."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.models import OutboxMessage
from storage.outbox import OutboxStatus
from tests.admin_support import db_of, page

pytest_plugins = ("tests.admin_fixtures",)


def test_a_given_up_message_is_listed_for_admins_only(admin_app, client_as):
    with db_of(admin_app).session() as session:
        session.add(
            OutboxMessage(
                line_user_id="U" + "a" * 32,
                messages=[{"type": "text", "text": "สวัสดี"}],
                retry_key="0e1f5c3e-6f8a-4b4e-9a55-2a0c5d8b8f11",
                attempts=12,
                status=OutboxStatus.GAVE_UP,
                last_error="HTTP 503",
                done_at=datetime.now(UTC),
            )
        )
    body = page(client_as("admin").get("/admin/delivery"))
    assert 'data-testid="count-gave_up">1<' in body and "HTTP 503" in body
    assert "Uaaaa…aaaa" in body and "U" + "a" * 32 not in body
    assert client_as("viewer").get("/admin/delivery").status_code == 403
