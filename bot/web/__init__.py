"""The web view of an assessment, opened from the chat: the report (printable, shareable),
the answers to review and change, and the history. See ``tokens`` for the links and
``access`` for who may see what."""

from __future__ import annotations

import os

from flask import Flask


def init_app(app: Flask) -> None:
    # Importing the view modules attaches their routes and error pages to the blueprint.
    from bot.web import errors, views_answers, views_open, views_report  # noqa: F401
    from bot.web.blueprint import blueprint

    app.config.setdefault("LIFF_ID", os.environ.get("LIFF_ID", ""))
    app.config.setdefault("LIFF_CHANNEL_ID", os.environ.get("LIFF_CHANNEL_ID", ""))
    app.register_blueprint(blueprint)
