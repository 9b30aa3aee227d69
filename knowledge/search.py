"""Kept for the chat's imports: the Q&A now lives in ``knowledge.qa``."""

from knowledge.qa import QAIndex as SearchIndex
from knowledge.qa import entries_from_knowledge

__all__ = ["SearchIndex", "entries_from_knowledge"]
