"""LINE bot: the webhook blueprint, the conversation and the message builders."""

from __future__ import annotations

from flask import Flask

from bot.webhook import blueprint


def init_bot(app: Flask) -> None:
    app.register_blueprint(blueprint)


__all__ = ["blueprint", "init_bot"]
