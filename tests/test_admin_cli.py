"""``dgr create-admin`` and ``dgr reset-two-factor`` are in the audit log like the same
changes made in the web."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry
from tests.admin_support import db_of, log_in, make_app

pytest_plugins = ("tests.admin_fixtures",)


def _create_admin(app, username: str, role: str, password: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(
        args=["create-admin", username, "--role", role, "--password-stdin"],
        input=password + "\n",
    )


def _entries(app) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_creating_and_changing_accounts_by_command_line_is_audited(database_url):
    app = make_app(database_url)
    assert _create_admin(app, "somchai", "viewer", "first-long-secret").exit_code == 0
    assert _create_admin(app, "somchai", "viewer", "second-long-secret").exit_code == 0
    assert _create_admin(app, "somchai", "admin", "third-long-secret").exit_code == 0
    entries = _entries(app)
    assert [(e.action, e.target, e.detail) for e in entries] == [
        ("account_create", "somchai", {"role": "viewer"}),
        ("account_password", "somchai", {"role": "viewer"}),
        ("account_password", "somchai", {"role": "admin"}),
        ("account_role", "somchai", {"role": "admin", "previous_role": "viewer"}),
    ]
    assert all(e.actor.startswith("dgr create-admin (") and e.address is None for e in entries)
    db_of(app).dispose()


def test_a_refused_command_writes_nothing(database_url):
    app = make_app(database_url)
    result = _create_admin(app, "ชื่อไทย", "viewer", "first-long-secret")
    assert result.exit_code != 0 and "ชื่อผู้ใช้" in result.output
    assert _entries(app) == []
    db_of(app).dispose()


def test_resetting_two_factor_by_command_line_is_audited_and_ends_sessions(admin_app, client_as):
    client = client_as("editor")
    result = admin_app.test_cli_runner().invoke(args=["reset-two-factor", "edith"])
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302
    last = _entries(admin_app)[-1]
    assert (last.action, last.target) == ("two_factor_disable", "edith")
    assert last.actor.startswith("dgr reset-two-factor (")
    assert log_in(admin_app.test_client(), "edith").status_code == 302
    unknown = admin_app.test_cli_runner().invoke(args=["reset-two-factor", "nobody"])
    assert unknown.exit_code != 0
