"""Load the shipped framework data into the database without losing admins' edits.

- Framework entries (pillars, sub-pillars, issues) are replaced by the shipped ones.
- A recommendation text or glossary entry not edited by an admin follows the shipped
  text; one an admin edited keeps the admin's text, and only its ``shipped_*`` copy
  (used by "reset to shipped text") is updated.
- Every change of a text adds a ``TextVersion`` row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.loader import Knowledge
from knowledge.schema import GlossaryEntry
from scoring.model import Framework
from storage.models import FrameworkEntry, GlossaryTerm, RecommendationText, TextVersion

SYSTEM_AUTHOR = "system"


@dataclass
class SyncReport:
    entries: int = 0
    texts_added: int = 0
    texts_updated: int = 0
    texts_kept_edited: int = 0
    terms_added: int = 0
    terms_updated: int = 0
    terms_kept_edited: int = 0
    notes: list[str] = field(default_factory=list)


def recommendation_key(year: int, issue_id: str, band: str, text_key: str) -> str:
    return f"{year}/{issue_id}/{band}/{text_key}"


def add_version(
    session: Session,
    kind: str,
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


def _latest_versions(session: Session, kind: str) -> dict[str, int]:
    """Every target's highest version number, in one query (a sync adds hundreds)."""
    rows = session.execute(
        select(TextVersion.target_key, func.max(TextVersion.version))
        .where(TextVersion.target_kind == kind)
        .group_by(TextVersion.target_key)
    )
    return {key: latest for key, latest in rows}


def _sync_entries(session: Session, framework: Framework) -> int:
    existing = {
        row.entry_id: row
        for row in session.scalars(
            select(FrameworkEntry).where(FrameworkEntry.framework_year == framework.year)
        )
    }
    count = 0

    def put(
        entry_id: str,
        kind: str,
        parent: str | None,
        name_th: str,
        name_en: str,
        content: dict[str, Any],
    ) -> None:
        nonlocal count
        row = existing.pop(entry_id, None) or FrameworkEntry(
            framework_year=framework.year, entry_id=entry_id
        )
        row.kind, row.parent_id, row.position = kind, parent, count
        row.name_th, row.name_en, row.content = name_th, name_en, content
        session.add(row)
        count += 1

    for pillar in framework.pillars:
        put(
            pillar.id,
            "pillar",
            None,
            pillar.name_th,
            pillar.name_en,
            pillar.model_dump(mode="json", exclude={"sub_pillars"}),
        )
        for sub in pillar.sub_pillars:
            put(
                sub.id,
                "sub_pillar",
                pillar.id,
                sub.name_th,
                sub.name_en,
                sub.model_dump(mode="json", exclude={"issues"}),
            )
            for issue in sub.issues:
                put(
                    issue.id,
                    "issue",
                    sub.id,
                    issue.name_th,
                    issue.name_en,
                    issue.model_dump(mode="json", exclude={"recommendations"}),
                )
    for stale in existing.values():
        session.delete(stale)
    return count


def _sync_texts(session: Session, framework: Framework, report: SyncReport) -> None:
    rows = {
        (row.issue_id, row.band, row.text_key): row
        for row in session.scalars(
            select(RecommendationText).where(RecommendationText.framework_year == framework.year)
        )
    }
    latest = _latest_versions(session, "recommendation")
    for _, _, issue in framework.issues():
        for band, recommendation in issue.recommendations.items():
            for text_key, text in recommendation.texts().items():
                key = recommendation_key(framework.year, issue.id, band, text_key)
                row = rows.get((issue.id, band, text_key))
                if row is None:
                    session.add(
                        RecommendationText(
                            framework_year=framework.year,
                            issue_id=issue.id,
                            band=band,
                            text_key=text_key,
                            text=text,
                            shipped_text=text,
                        )
                    )
                    add_version(
                        session,
                        "recommendation",
                        key,
                        {"text": text},
                        "shipped",
                        SYSTEM_AUTHOR,
                        latest.get(key, 0),
                    )
                    report.texts_added += 1
                elif row.shipped_text != text:
                    row.shipped_text = text
                    if row.edited_by is None:
                        row.text = text
                        add_version(
                            session,
                            "recommendation",
                            key,
                            {"text": text},
                            "shipped-update",
                            SYSTEM_AUTHOR,
                            latest.get(key, 0),
                        )
                        report.texts_updated += 1
                    else:
                        report.texts_kept_edited += 1
                        report.notes.append(f"{key}: kept the admin's text; shipped text changed")


def glossary_content(term: GlossaryTerm) -> dict[str, Any]:
    return {"definition": term.definition, "aliases": list(term.aliases)}


def _sync_glossary(
    session: Session, entries: tuple[GlossaryEntry, ...], report: SyncReport
) -> None:
    rows = {row.term_id: row for row in session.scalars(select(GlossaryTerm))}
    latest = _latest_versions(session, "glossary")
    for entry in entries:
        row = rows.get(entry.id)
        aliases = list(entry.aliases)
        if row is None:
            row = GlossaryTerm(
                term_id=entry.id,
                category=entry.category,
                name_th=entry.name_th,
                name_en=entry.name_en,
                definition=entry.definition,
                aliases=aliases,
                related=list(entry.related),
                shipped_definition=entry.definition,
                shipped_aliases=aliases,
            )
            session.add(row)
            add_version(
                session,
                "glossary",
                entry.id,
                glossary_content(row),
                "shipped",
                SYSTEM_AUTHOR,
                latest.get(entry.id, 0),
            )
            report.terms_added += 1
            continue
        row.category, row.name_th, row.name_en = entry.category, entry.name_th, entry.name_en
        row.related = list(entry.related)
        if row.shipped_definition == entry.definition and row.shipped_aliases == aliases:
            continue
        row.shipped_definition, row.shipped_aliases = entry.definition, aliases
        if row.edited_by is None:
            row.definition, row.aliases = entry.definition, aliases
            add_version(
                session,
                "glossary",
                entry.id,
                glossary_content(row),
                "shipped-update",
                SYSTEM_AUTHOR,
                latest.get(entry.id, 0),
            )
            report.terms_updated += 1
        else:
            report.terms_kept_edited += 1
            report.notes.append(f"glossary/{entry.id}: kept the admin's text; shipped text changed")


def sync_knowledge(session: Session, knowledge: Knowledge) -> SyncReport:
    report = SyncReport()
    report.entries = _sync_entries(session, knowledge.framework)
    _sync_texts(session, knowledge.framework, report)
    _sync_glossary(session, knowledge.glossary, report)
    return report


def text_overrides(session: Session, year: int) -> dict[tuple[str, str, str], str]:
    """Current recommendation texts, as the scoring engine's override mapping."""
    rows = session.execute(
        select(
            RecommendationText.issue_id,
            RecommendationText.band,
            RecommendationText.text_key,
            RecommendationText.text,
        ).where(RecommendationText.framework_year == year)
    )
    return {(issue, band, key): text for issue, band, key, text in rows}
