"""The admin's command: ``dgr create-admin``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from storage.flask_ext import database


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
    from admin.accounts import PasswordPolicyError, upsert_account

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with database().session() as session:
            created = upsert_account(session, username, password, role)
    except PasswordPolicyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{'created' if created else 'updated'} {role} account {username!r}")
