"""LINE bot: the webhook blueprint, the conversation and the message builders."""

from __future__ import annotations

from flask import Flask

from bot.webhook import blueprint


def init_bot(app: Flask) -> None:
    from bot.purge import purge_events_command
    from bot.richmenu import richmenu_command
    from knowledge.loader import shipped_framework

    # Load and validate the framework now: a broken data file stops start-up, and with
    # gunicorn --preload the workers share the loaded copy.
    shipped_framework()
    app.register_blueprint(blueprint)
    app.cli.add_command(richmenu_command)
    app.cli.add_command(purge_events_command)


__all__ = ["blueprint", "init_bot"]
