"""Admin sessions live on the server: sign-out, a new password or deactivation ends them,
so a copied cookie is refused afterwards; they also end when idle and at a maximum age."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from storage.models import AdminSession, AdminUser, utcnow
from tests.admin_support import USERS, db_of, log_in, make_app

pytest_plugins = ("tests.admin_fixtures",)


def _cookie(client) -> str:  # type: ignore[no-untyped-def]
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replay(app, cookie: str):  # type: ignore[no-untyped-def]
    """A fresh browser presenting a copied session cookie."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/admin/")


def _age_sessions(app, **times: timedelta) -> None:
    """Moves the stored session times back, as if that much time had passed."""
    values = {column: utcnow() - delta for column, delta in times.items()}
    with db_of(app).session() as session:
        session.execute(update(AdminSession).values(**values))


def test_a_replayed_cookie_after_logout_is_refused(admin_app, client_as):
    client = client_as("editor")
    cookie = _cookie(client)
    assert _replay(admin_app, cookie).status_code == 200  # a copy works while signed in
    assert client.post("/admin/logout").status_code == 302
    replayed = _replay(admin_app, cookie)
    assert replayed.status_code == 302 and "/admin/login" in replayed.headers["Location"]


def test_logout_ends_only_that_session(admin_app, client_as):
    laptop, phone = client_as("editor"), client_as("editor")
    laptop.post("/admin/logout")
    assert laptop.get("/admin/").status_code == 302
    assert phone.get("/admin/").status_code == 200


def test_the_database_keeps_a_hash_not_the_token(admin_app, client_as):
    client = client_as("viewer")
    with db_of(admin_app).session() as session:
        stored = session.scalars(select(AdminSession.token_hash)).all()
    assert len(stored) == 1 and len(stored[0]) == 64
    assert stored[0] not in _cookie(client)


def test_an_idle_session_ends(admin_app, client_as):
    client = client_as("viewer")
    _age_sessions(admin_app, last_seen_at=timedelta(minutes=29))
    assert client.get("/admin/").status_code == 200  # and this use counts as activity
    _age_sessions(admin_app, last_seen_at=timedelta(minutes=31))
    assert client.get("/admin/").status_code == 302
    with db_of(admin_app).session() as session:
        assert session.scalars(select(AdminSession)).all() == []


def test_activity_keeps_a_session_alive_only_up_to_its_maximum_age(admin_app, client_as):
    client = client_as("viewer")
    _age_sessions(admin_app, created_at=timedelta(hours=11, minutes=59))
    assert client.get("/admin/").status_code == 200
    _age_sessions(admin_app, created_at=timedelta(hours=12, minutes=1))
    assert client.get("/admin/").status_code == 302


def test_limits_come_from_the_config(database_url):
    app = make_app(database_url, ADMIN_IDLE_MINUTES=5, ADMIN_SESSION_MAX_HOURS=1)
    from tests.admin_support import create_user

    create_user(app, "vera", "viewer")
    client = app.test_client()
    assert log_in(client, "vera").status_code == 302
    _age_sessions(app, last_seen_at=timedelta(minutes=6))
    assert client.get("/admin/").status_code == 302
    assert log_in(client, "vera").status_code == 302
    _age_sessions(app, created_at=timedelta(minutes=61))
    assert client.get("/admin/").status_code == 302
    db_of(app).dispose()


def test_a_new_password_from_the_command_line_ends_the_sessions(admin_app, client_as):
    client = client_as("editor")
    from tests.admin_support import create_user

    create_user(admin_app, USERS["editor"], "editor", password="another-long-secret")
    assert client.get("/admin/").status_code == 302


def test_a_deactivated_account_is_signed_out_at_once(admin_app, client_as):
    client = client_as("viewer")
    with db_of(admin_app).session() as session:
        vera = update(AdminUser).where(AdminUser.username == "vera")
        session.execute(vera.values(is_active=False))
    assert client.get("/admin/").status_code == 302
