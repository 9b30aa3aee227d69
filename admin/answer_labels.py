"""Answers as people read them: question texts, and option/item labels instead of ids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from admin.display import duration_text, number_text
from knowledge.labels import YES_NO_LABELS
from knowledge.loader import shipped_framework
from scoring.answers import UNSURE
from scoring.model import (
    ChecklistQuestion,
    Framework,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    YesNoQuestion,
)


def framework_for(year: int) -> Framework | None:
    framework = shipped_framework()
    return framework if framework.year == year else None


def question_table(framework: Framework) -> dict[str, tuple[str, str, Question]]:
    """Question id → (pillar id, issue id, question), in framework order."""
    return {
        q.id: (pillar.id, issue.id, q)
        for pillar, _, issue in framework.issues()
        for q in issue.questions
    }


def answer_labels(question: Question | None, value: Any) -> list[str]:
    """One label, or one per checked item; the raw value when the question is unknown."""
    if value == UNSURE:
        return ["ไม่แน่ใจ"]
    if question is None:
        return [", ".join(map(str, value)) if isinstance(value, list) else str(value)]
    if isinstance(question, YesNoQuestion):
        return [YES_NO_LABELS.get(str(value), str(value))]
    if isinstance(question, SingleChoiceQuestion):
        options = {o.id: o.text for o in question.options}
        return [options.get(str(value), str(value))]
    if isinstance(question, ChecklistQuestion):
        items = {i.id: i.text for i in question.items}
        chosen = value if isinstance(value, list) else [value]
        return [items.get(str(v), str(v)) for v in chosen] or ["ไม่ได้เลือกข้อใด"]
    assert isinstance(question, NumberQuestion)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return [str(value)]
    if question.unit == "duration":
        return [f"{duration_text(value)} (ชั่วโมง:นาที:วินาที)"]
    if question.unit == "percent":
        return [f"{number_text(value)}%"]
    return [number_text(value)]


def export_value(question: Question | None, value: Any) -> str | float:
    """A spreadsheet cell: numbers stay numbers; the rest is the readable label(s)."""
    if (
        isinstance(question, NumberQuestion)
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
    # For checklists: how many items the question offers.
    offered: int | None = None


@dataclass
class IssueAnswers:
    issue_id: str
    issue_name: str
    questions: list[AnsweredQuestion] = field(default_factory=list)


def answers_by_issue(
    framework: Framework | None, answers: Iterable[tuple[str, Any]]
) -> list[IssueAnswers]:
    """Answers grouped by issue in framework order; unknown questions last, as stored."""
    values = dict(answers)
    groups: list[IssueAnswers] = []
    known: set[str] = set()
    if framework is not None:
        for _, _, issue in framework.issues():
            group = IssueAnswers(issue.id, issue.name_th)
            for question in issue.questions:
                if question.id not in values:
                    continue
                known.add(question.id)
                is_checklist = isinstance(question, ChecklistQuestion)
                group.questions.append(
                    AnsweredQuestion(
                        question.id,
                        question.text,
                        answer_labels(question, values[question.id]),
                        is_checklist and values[question.id] != UNSURE,
                        len(question.items) if isinstance(question, ChecklistQuestion) else None,
                    )
                )
            if group.questions:
                groups.append(group)
    unknown = [qid for qid in values if qid not in known]
    if unknown:
        group = IssueAnswers("", "คำถามที่ไม่อยู่ในกรอบการประเมินปัจจุบัน")
        for qid in unknown:
            group.questions.append(
                AnsweredQuestion(qid, qid, answer_labels(None, values[qid]), False)
            )
        groups.append(group)
    return groups
