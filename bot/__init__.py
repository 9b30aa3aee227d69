"""LINE bot: the webhook blueprint, the conversation (``bot.chat``), the message
builders and the web view of an assessment (``bot.web``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the webhook, the web view of an assessment (/web) and the bot's commands
    (``dgr richmenu``, ``dgr outbox-worker``)."""
    from bot import web
    from bot.outbox_worker import outbox_worker_command
    from bot.richmenu import richmenu_command
    from bot.webhook import blueprint

    app.register_blueprint(blueprint)
    web.init_app(app)
    app.cli.add_command(richmenu_command)
    app.cli.add_command(outbox_worker_command)
