"""Kept for ``bot.flow``: the invisible-character pattern now lives in ``knowledge.qa.text``."""

from knowledge.qa.text import INVISIBLE

__all__ = ["INVISIBLE"]
