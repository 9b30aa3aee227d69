"""Load the shipped framework data into the database without losing admins' edits.

- A recommendation text or glossary entry not edited by an admin follows the shipped
  text; one an admin edited keeps the admin's text, and only its ``shipped_*`` copy
  (used by "reset to shipped text") is updated.
- Every change of a text adds a version (``storage.texts``).
- Each sync records a digest of the data files it loaded and of the code that turns them
  into rows; ``dgr load-knowledge`` skips the sync while that digest is the recorded one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.catalog import Catalog
from knowledge.schema import GlossaryEntry
from scoring.model import Framework
from storage.glossary import deleted_term_ids
from storage.models import GlossaryTerm, KnowledgeLoad, RecommendationText
from storage.texts import (
    GLOSSARY,
    RECOMMENDATION,
    SYSTEM_AUTHOR,
    add_version,
    glossary_content,
    latest_numbers,
    recommendation_key,
)


def _sync_code() -> list[Path]:
    """The modules that decide what a sync writes from the same files: a release that changes
    one of them syncs again."""
    import knowledge.catalog
    import knowledge.loader
    import knowledge.schema
    import scoring.model
    import storage.texts

    modules = (knowledge.catalog, knowledge.loader, knowledge.schema, storage.texts)
    models = Path(scoring.model.__file__).parent.glob("model*.py")  # the model is split
    return sorted({Path(__file__), *(Path(str(m.__file__)) for m in modules), *models})


def data_digest(roots: Sequence[Path]) -> str:
    """One digest of every file under the data roots (names, contents and the roots' order)
    and of the sync's code, computed without parsing the files."""
    digest = hashlib.sha256()
    for path in _sync_code():
        digest.update(f"code:{path.name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for number, root in enumerate(roots):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"{number}:{path.relative_to(root).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def loaded_digest(session: Session) -> str | None:
    """The digest recorded by the last sync, if any."""
    latest = select(KnowledgeLoad.digest).order_by(KnowledgeLoad.id.desc()).limit(1)
    return session.scalar(latest)


def record_load(session: Session, digest: str) -> None:
    session.add(KnowledgeLoad(digest=digest))


@dataclass
class SyncReport:
    years: list[int] = field(default_factory=list)
    texts_added: int = 0
    texts_updated: int = 0
    texts_kept_edited: int = 0
    terms_added: int = 0
    terms_updated: int = 0
    terms_kept_edited: int = 0
    notes: list[str] = field(default_factory=list)


def _sync_texts(session: Session, framework: Framework, report: SyncReport) -> None:
    rows = {
        (row.issue_id, row.band, row.text_key): row
        for row in session.scalars(
            select(RecommendationText).where(RecommendationText.framework_year == framework.year)
        )
    }
    latest = latest_numbers(session, RECOMMENDATION)
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
                        RECOMMENDATION,
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
                            RECOMMENDATION,
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


def _sync_glossary(
    session: Session, entries: tuple[GlossaryEntry, ...], report: SyncReport
) -> None:
    rows = {row.term_id: row for row in session.scalars(select(GlossaryTerm))}
    latest = latest_numbers(session, GLOSSARY)
    deleted = deleted_term_ids(session)  # an admin deleted them: they stay deleted
    for entry in entries:
        row = rows.get(entry.id)
        if row is None and entry.id in deleted:
            continue
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
                GLOSSARY,
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
                GLOSSARY,
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


def sync_knowledge(session: Session, catalog: Catalog) -> SyncReport:
    """Every framework year's recommendation texts, and the glossary."""
    report = SyncReport()
    glossary: dict[str, GlossaryEntry] = {}
    for knowledge in catalog.years.values():
        report.years.append(knowledge.year)
        _sync_texts(session, knowledge.framework, report)
        glossary.update((entry.id, entry) for entry in knowledge.glossary)
    _sync_glossary(session, tuple(glossary.values()), report)
    return report
