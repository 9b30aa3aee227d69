"""The admin's commands: ``dgr create-admin`` and ``dgr reset-two-factor``, both written to
the audit log like the same changes made in the web."""

from __future__ import annotations

import getpass
import sys

import click
from flask.cli import with_appcontext

from storage.flask_ext import database


def _actor(command: str) -> str:
    """Who ran the command, as far as the operating system tells."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # e.g. a container user without a passwd entry
        user = "unknown"
    return f"{command} ({user})"


@click.command("create-admin")
@with_appcontext
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(["admin", "editor", "viewer"]),
    default="editor",
    show_default=True,
    help="admin manages accounts; editor edits texts; viewer reads",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_admin_command(username: str, role: str, password_stdin: bool) -> None:
    """Create a web-admin account (or reset its password and role)."""
    from admin import audit
    from admin.accounts import AccountError, PasswordPolicyError, upsert_account

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    actor = _actor("dgr create-admin")
    try:
        with database().session() as session:
            previous_role = upsert_account(session, username, password, role)
            if previous_role is None:
                audit.record(session, "account_create", username, {"role": role}, actor)
            else:
                audit.record(session, "account_password", username, {"role": role}, actor)
                if previous_role != role:
                    detail = {"role": role, "previous_role": previous_role}
                    audit.record(session, "account_role", username, detail, actor)
    except (AccountError, PasswordPolicyError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{'created' if previous_role is None else 'updated'} {role} account {username!r}")


@click.command("reset-two-factor")
@with_appcontext
@click.argument("username")
def reset_two_factor_command(username: str) -> None:
    """Turn off two-factor sign-in of an account (a lost phone) and end its sessions."""
    from admin import audit, sessions, two_factor
    from admin.accounts import by_username

    with database().session() as session:
        user = by_username(session, username)
        if user is None:
            raise click.ClickException(f"no account named {username!r}")
        two_factor.disable(user)
        sessions.end_all(session, user.id)
        audit.record(session, "two_factor_disable", username, {}, _actor("dgr reset-two-factor"))
    click.echo(f"two-factor sign-in is off for {username!r}; its sessions have ended")


COMMANDS = (create_admin_command, reset_two_factor_command)
