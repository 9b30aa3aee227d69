"""What the answers and history pages show: every question grouped by pillar and issue
with its answer and inputs, and the official's assessments separated by scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.result_card import level_text
from bot.web.forms import SKIPPED, UNANSWERED, Field, answer_words, field_of
from bot.web.report import NO_LEVEL, SKIP_REASONS, scope_text, thai_date_time
from knowledge.catalog import Catalog
from knowledge.labels import bilingual_name, issue_level_label
from scoring.assessment import AssessmentResult
from scoring.model import Framework
from scoring.questionnaire import steps_for
from scoring.rules import criteria_type_for
from storage.assessments import Status, decode_answer
from storage.models import Assessment
from storage.results import StoredResult
from storage.teams import member_assessments


@dataclass(frozen=True)
class QuestionRow:
    id: str
    label: str
    text: str
    help: str | None
    words: tuple[str, ...]
    field: Field
    # "ยังไม่ได้ตอบ" or "ข้ามไว้"; None when answered (the inputs show the answer).
    status: str | None


@dataclass
class IssueBlock:
    id: str
    name: str
    level: str
    questions: list[QuestionRow]


@dataclass
class PillarBlock:
    id: str
    number: int
    name: str
    level: str
    issues: list[IssueBlock]
    answered: int = 0  # questions answered (a skip counts as not answered)
    total: int = 0


def _issue_level(result: AssessmentResult, issue_id: str, framework: Framework) -> str:
    level = result.issues[issue_id]
    if level.raw_level is None:
        return f"{NO_LEVEL} ({SKIP_REASONS.get(level.status, level.status)})"
    return issue_level_label(framework.issue(issue_id).rule, level.raw_level)


def answer_blocks(
    framework: Framework,
    assessment: Assessment,
    stored: Mapping[str, dict[str, Any]],
    result: AssessmentResult,
) -> list[PillarBlock]:
    """Every question in scope, in the order the chat asks them."""
    criteria_type = criteria_type_for(assessment.agency_type)  # type: ignore[arg-type]
    pillars: dict[str, PillarBlock] = {}
    for step in steps_for(framework, assessment.scope):
        pillar_id = step.pillar.id
        if pillar_id not in pillars:
            figure = result.pillars[pillar_id]
            pillars[pillar_id] = PillarBlock(
                pillar_id, step.pillar.number, step.pillar.name_th,
                level_text(figure.level, figure.value), [],
            )  # fmt: skip
        block = pillars[pillar_id]
        if not block.issues or block.issues[-1].id != step.issue.id:
            name = bilingual_name(step.issue.name_th, step.issue.name_en)
            level = _issue_level(result, step.issue.id, framework)
            block.issues.append(IssueBlock(step.issue.id, name, level, []))
        kept = stored.get(step.question.id)
        value = decode_answer(kept) if kept is not None else None
        label = f"ข้อ {step.issue_number}/{step.issue_count}"
        if step.question_count > 1:
            label += f" · คำถาม {step.question_number}/{step.question_count}"
        question = step.question
        block.issues[-1].questions.append(
            QuestionRow(
                question.id, label, question.text, question.help,
                tuple(answer_words(question, value, kept is not None)),
                field_of(question, value, criteria_type),
                None if value is not None else (SKIPPED if kept is not None else UNANSWERED),
            )
        )  # fmt: skip
        block.total += 1
        block.answered += value is not None
    return list(pillars.values())


@dataclass(frozen=True)
class HistoryRow:
    id: str
    assessment_id: int
    date: str
    level: str
    percent: str
    finished: bool
    complete: bool


@dataclass(frozen=True)
class HistorySection:
    title: str
    rows: tuple[HistoryRow, ...]


def _history_row(assessment: Assessment) -> HistoryRow:
    stored = StoredResult.read(assessment.result)
    finished = assessment.status == Status.COMPLETED and stored is not None
    overall = stored.overall if stored is not None else None
    moment = assessment.finished_at or assessment.updated_at or assessment.started_at
    return HistoryRow(
        f"history-{assessment.id}",
        assessment.id,
        thai_date_time(moment),
        level_text(overall.level, overall.value) if overall else "กำลังทำ",
        f"{overall.percent:.1f}%" if overall and overall.percent is not None else "-",
        finished,
        bool(stored and stored.complete),
    )


def history_sections(db: Session, catalog: Catalog, respondent_id: int) -> list[HistorySection]:
    """The assessments of the teams the official is in: under way first, then every
    finished assessment by scope (the whole framework,
    then each pillar), newest first."""
    rows = db.scalars(
        select(Assessment)
        .where(
            Assessment.id.in_(member_assessments(respondent_id)),
            Assessment.status.in_([Status.COMPLETED, Status.IN_PROGRESS]),
        )
        .order_by(
            func.coalesce(Assessment.finished_at, Assessment.started_at).desc(),
            Assessment.id.desc(),
        )
    )
    groups: dict[str, list[HistoryRow]] = {}
    for assessment in rows:
        if assessment.status == Status.IN_PROGRESS:
            title = "กำลังทำอยู่"
        else:
            framework = catalog.framework(assessment.framework_year)
            scope = scope_text(framework, assessment.scope)
            title = f"กรอบปี {framework.year} · {scope}"
        groups.setdefault(title, []).append(_history_row(assessment))
    ordered = sorted(groups, key=lambda t: (t != "กำลังทำอยู่", "เฉพาะ" in t, t))
    return [HistorySection(title, tuple(groups[title])) for title in ordered]
