"""Editable texts and their versions: recommendation texts (issue × band × agency
criteria) and glossary terms. Every saved state of a text is a ``TextVersion`` row (who,
when, what); every read and write of versions goes through this module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import GlossaryTerm, RecommendationText, TextVersion

TextKind = Literal["recommendation", "glossary"]
RECOMMENDATION: TextKind = "recommendation"
GLOSSARY: TextKind = "glossary"
SYSTEM_AUTHOR = "system"
# (issue id, band, "all" | "service" | "policy") → text, as the scoring engine takes it.
TextOverrides = dict[tuple[str, str, str], str]


def recommendation_key(year: int, issue_id: str, band: str, text_key: str) -> str:
    return f"{year}/{issue_id}/{band}/{text_key}"


def key_of(row: RecommendationText) -> str:
    return recommendation_key(row.framework_year, row.issue_id, row.band, row.text_key)


def glossary_content(term: GlossaryTerm) -> dict[str, Any]:
    return {"definition": term.definition, "aliases": list(term.aliases)}


def add_version(
    session: Session,
    kind: TextKind,
    key: str,
    content: dict[str, Any],
    action: str,
    author: str,
    latest: int | None = None,
) -> TextVersion:
    """Record a new version; ``latest`` is the current highest version number when the
    caller already knows it (0: none), otherwise it is read."""
    if latest is None:
        latest = session.scalar(
            select(func.max(TextVersion.version)).where(
                TextVersion.target_kind == kind, TextVersion.target_key == key
            )
        )
    version = TextVersion(
        target_kind=kind,
        target_key=key,
        version=(latest or 0) + 1,
        content=content,
        action=action,
        author=author,
    )
    session.add(version)
    return version


def latest_version(session: Session, kind: TextKind, key: str) -> TextVersion | None:
    return session.scalar(
        select(TextVersion)
        .where(TextVersion.target_kind == kind, TextVersion.target_key == key)
        .order_by(TextVersion.version.desc())
        .limit(1)
    )


def latest_numbers(
    session: Session, kind: TextKind, keys: Sequence[str] | None = None
) -> dict[str, int]:
    """The highest version number of each key (of every key of the kind when None)."""
    query = (
        select(TextVersion.target_key, func.max(TextVersion.version))
        .where(TextVersion.target_kind == kind)
        .group_by(TextVersion.target_key)
    )
    if keys is not None:
        query = query.where(TextVersion.target_key.in_(keys))
    return {key: number for key, number in session.execute(query)}


def get_version(session: Session, kind: TextKind, key: str, number: int) -> TextVersion | None:
    return session.scalar(
        select(TextVersion).where(
            TextVersion.target_kind == kind,
            TextVersion.target_key == key,
            TextVersion.version == number,
        )
    )


def versions(session: Session, kind: TextKind, key: str) -> list[TextVersion]:
    """Every version of one text, oldest first."""
    return list(
        session.scalars(
            select(TextVersion)
            .where(TextVersion.target_kind == kind, TextVersion.target_key == key)
            .order_by(TextVersion.version)
        )
    )


def text_overrides(session: Session, year: int) -> TextOverrides:
    """Current recommendation texts of a framework year (admins' edits included)."""
    rows = session.execute(
        select(
            RecommendationText.issue_id,
            RecommendationText.band,
            RecommendationText.text_key,
            RecommendationText.text,
        ).where(RecommendationText.framework_year == year)
    )
    return {(issue, band, key): text for issue, band, key, text in rows}


def recommendation_rows(
    session: Session, year: int, issue_id: str | None = None
) -> list[RecommendationText]:
    query = select(RecommendationText).where(RecommendationText.framework_year == year)
    if issue_id is not None:
        query = query.where(RecommendationText.issue_id == issue_id)
    return list(session.scalars(query))


def recommendation_row(
    session: Session, year: int, issue_id: str, band: str, text_key: str
) -> RecommendationText | None:
    return session.scalar(
        select(RecommendationText).where(
            RecommendationText.framework_year == year,
            RecommendationText.issue_id == issue_id,
            RecommendationText.band == band,
            RecommendationText.text_key == text_key,
        )
    )


def glossary_revision(session: Session) -> tuple[int, str]:
    """Changes whenever a glossary term is added, edited or deleted."""
    count, latest = session.execute(
        select(func.count(GlossaryTerm.id), func.max(GlossaryTerm.updated_at))
    ).one()
    return int(count), str(latest)


def glossary_texts(session: Session) -> dict[str, tuple[str, list[str]]]:
    """Term id → (current definition, current aliases)."""
    return {
        term.term_id: (term.definition, list(term.aliases))
        for term in session.scalars(select(GlossaryTerm))
    }
