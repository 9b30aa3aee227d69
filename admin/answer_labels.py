"""Answers as people read them: question texts, and option/item labels instead of ids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from admin.display import duration_text, number_text
from knowledge.catalog import Catalog, UnknownYear
from scoring.answers import UNSURE
from scoring.model import Framework, Question
from scoring.questions import answer_labels as kind_labels
from scoring.questions import kind_of
from storage.assessments import decode_answer


def framework_for(catalog: Catalog, year: int) -> Framework | None:
    """The framework of an assessment's own year (None when that year is not loaded)."""
    try:
        return catalog.framework(year)
    except UnknownYear:
        return None


def answer_labels(question: Question | None, value: Any) -> list[str]:
    """One label, or one per checked item; the raw value when the question is unknown."""
    if question is None:
        return [", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)]
    if question.type == "number" and value != UNSURE:
        return [_number(question, value)]
    try:
        return kind_labels(question, tuple(value) if isinstance(value, list) else value)
    except (TypeError, KeyError):
        return [str(value)]


def _number(question: Question, value: Any) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    unit = getattr(question, "unit", "")
    if unit == "duration":
        return f"{duration_text(value)} (ชั่วโมง:นาที:วินาที)"
    if unit == "percent":
        return f"{number_text(value)}%"
    return number_text(value)


def export_value(question: Question | None, value: Any) -> str | float:
    """A spreadsheet cell: numbers stay numbers; the rest is the readable label(s)."""
    if (
        question is not None
        and question.type == "number"
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        return float(value)
    return "; ".join(answer_labels(question, value))


@dataclass
class AnsweredQuestion:
    question_id: str
    text: str
    labels: list[str]
    is_checklist: bool
    # For checklists: how many items the question offers, and how many were ticked.
    offered: int | None = None
    chosen: int | None = None


@dataclass
class IssueAnswers:
    issue_id: str
    issue_name: str
    questions: list[AnsweredQuestion] = field(default_factory=list)
    # The pillar it belongs to ("" for questions outside the year's framework).
    pillar_id: str = ""
    pillar_name: str = ""


def _answered(question: Question, value: Any) -> AnsweredQuestion:
    labels = answer_labels(question, value)
    if not kind_of(question).multiple or value == UNSURE:
        return AnsweredQuestion(question.id, question.text, labels, False)
    offered = len(question.items)  # type: ignore[union-attr]
    return AnsweredQuestion(question.id, question.text, labels, True, offered, len(value))


def answers_by_issue(
    framework: Framework | None, stored: Iterable[tuple[str, dict[str, Any]]]
) -> list[IssueAnswers]:
    """Answers grouped by issue in framework order; unknown questions last, as stored."""
    values = {qid: decode_answer(value) for qid, value in stored}
    values = {qid: value for qid, value in values.items() if value is not None}
    groups: list[IssueAnswers] = []
    known: set[str] = set()
    if framework is not None:
        for pillar, _, issue in framework.issues():
            pillar_name = f"ตัวชี้วัดที่ {pillar.number} {pillar.name_th}"
            group = IssueAnswers(issue.id, issue.name_th, [], pillar.id, pillar_name)
            for question in issue.questions:
                if question.id in values:
                    known.add(question.id)
                    group.questions.append(_answered(question, values[question.id]))
            if group.questions:
                groups.append(group)
    unknown = [qid for qid in values if qid not in known]
    if unknown:
        group = IssueAnswers("", "คำถามที่ไม่อยู่ในกรอบการประเมินปีนี้")
        for qid in unknown:
            group.questions.append(
                AnsweredQuestion(qid, qid, answer_labels(None, values[qid]), False)
            )
        groups.append(group)
    return groups


def by_pillar(groups: list[IssueAnswers]) -> list[tuple[str, list[IssueAnswers]]]:
    """Issue groups under their pillar's name, in framework order."""
    pillars: dict[str, list[IssueAnswers]] = {}
    for group in groups:
        pillars.setdefault(group.pillar_name, []).append(group)
    return list(pillars.items())
