"""The shipped framework data the tests use (the 2565 questionnaire)."""

from __future__ import annotations

from knowledge.loader import shipped_catalog

CATALOG = shipped_catalog()
KNOWLEDGE = CATALOG.knowledge(2565)
FRAMEWORK = KNOWLEDGE.framework
SEVEN_PILLARS = KNOWLEDGE.view("2566-seven-pillars")
