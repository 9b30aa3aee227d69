"""What an issue asks for at each level, in Thai, for one criteria type ("ต้องทำอะไรถึงได้ระดับ 4").

Read from the issue's level rule, so the thresholds are the framework's own: P1.DP.1 asks a
service-providing agency for 7 of 12 guidelines at level 4 and a policy agency for 5 of 9.
Levels 1–3 share one band: below the level-4 criterion the level counts how much of it is met
(DECISIONS.md, "Issue levels").
"""

from __future__ import annotations

from knowledge.qa.entries import level_lines
from scoring.levels import issue_index
from scoring.model import (
    ChecklistQuestion,
    Condition,
    CriteriaType,
    Issue,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
)
from scoring.questions.number import NumberKind

TYPE_NAMES: dict[CriteriaType, str] = {
    "service": "หน่วยงานที่ให้บริการเป็นหลัก",
    "policy": "หน่วยงานด้านนโยบาย กำกับดูแล หรือประสานงาน",
}
BELOW_FIRST = (
    "ระดับ 1–3 คือยังไม่ถึงเกณฑ์ระดับ 4: ยังไม่ได้ทำเลยได้ระดับ 1 "
    "ทำได้น้อยกว่าครึ่งของเกณฑ์ระดับ 4 ได้ระดับ 2 และครึ่งหนึ่งขึ้นไปได้ระดับ 3"
)


def per_type(issue: Issue) -> bool:
    """Whether the issue's thresholds differ by criteria type (P1.DP.1: 12 vs 9 guidelines)."""
    return any(
        isinstance(condition.checked_at_least, dict)
        for criterion in issue.rule.criteria
        for condition in criterion.all
    )


def level_criteria(issue: Issue, level: int, criteria_type: CriteriaType | None) -> list[str]:
    """Lines saying what the level asks for."""
    rule = issue.rule
    if rule.scale == "stage":
        top = f"ประเด็นนี้วัดเป็นขั้น 1–{rule.top} (ขั้นที่ {rule.top} คือสูงสุดของประเด็นนี้)"
        return [top, *level_lines(issue), *_stage_criteria(issue)]
    if rule.from_choice:
        top = f"ประเด็นนี้สูงสุดที่ระดับ {rule.top}"
        return ([top] if level >= rule.top else []) + list(level_lines(issue))
    if level > rule.top:
        top_criteria = level_criteria(issue, rule.top, criteria_type)
        return [f"ประเด็นนี้สูงสุดที่ระดับ {rule.top} เกณฑ์ของระดับ {rule.top} คือ", *top_criteria]
    if level <= 3:
        summary = (issue.level_summary or {}).get("1-3")
        return [BELOW_FIRST] + ([summary] if summary and not per_type(issue) else [])
    criterion = next((c for c in rule.criteria if c.level == level), None)
    if criterion is None:
        return []
    lines = []
    summary = (issue.level_summary or {}).get(str(level))  # type: ignore[call-overload]
    if summary and not (per_type(issue) and criteria_type):
        lines.append(summary)
    questions = issue_index(issue).questions
    for condition in criterion.all:
        question = questions[condition.question]
        # The summary already says what a number or yes/no answer must be; list checklist items.
        if isinstance(question, ChecklistQuestion) or not summary:
            lines.append(_condition(condition, question, criteria_type))
    if any(c.level < level for c in rule.criteria):
        lines.append("และต้องผ่านเกณฑ์ของระดับที่ต่ำกว่าด้วย")
    if level == rule.top and rule.top < 5:
        lines.append(f"ระดับ {level} เป็นระดับสูงสุดของประเด็นนี้")
    return lines


def all_levels(issue: Issue, criteria_type: CriteriaType | None) -> list[str]:
    """Every level's criteria, one paragraph per level."""
    if issue.rule.from_choice or issue.rule.scale == "stage":
        return level_criteria(issue, issue.rule.top, criteria_type)  # every level or stage
    paragraphs = [BELOW_FIRST]
    for level in range(4, issue.rule.top + 1):
        lines = level_criteria(issue, level, criteria_type)
        paragraphs.append(f"ระดับ {level}: " + " ".join(lines))
    return paragraphs


def _stage_criteria(issue: Issue) -> list[str]:
    questions = issue_index(issue).questions
    lines = []
    for criterion in issue.rule.criteria:
        conditions = [_condition(c, questions[c.question], None) for c in criterion.all]
        lines.append(f"ขั้นที่ {criterion.level}: " + " ".join(conditions))
    return lines


def _condition(condition: Condition, question: Question, criteria_type: CriteriaType | None) -> str:
    if isinstance(question, ChecklistQuestion):
        return _checklist(condition, question, criteria_type)
    if isinstance(question, SingleChoiceQuestion):
        wanted = [o.text for o in question.options if o.id in (condition.choice_in or ())]
        return f"{question.text} — ต้องเป็น: {' หรือ '.join(wanted)}"
    if isinstance(question, NumberQuestion):
        if condition.increase_at_least_percent is not None:
            return (
                f"{question.text} — เพิ่มขึ้นอย่างน้อยร้อยละ "
                f"{condition.increase_at_least_percent:g} จากปีก่อน"
            )
        if condition.at_least is not None:
            return f"{question.text} — อย่างน้อย {_amount(question, condition.at_least)}"
        if condition.at_most is not None:
            return f"{question.text} — ไม่เกิน {_amount(question, float(condition.at_most))}"
    return f"{question.text} — ต้องตอบว่า “ใช่”"


def _checklist(
    condition: Condition, question: ChecklistQuestion, criteria_type: CriteriaType | None
) -> str:
    items = question.items_for(criteria_type) if criteria_type else question.items
    labels = {item.id: item.label or item.text for item in question.items}
    at_least = condition.checked_at_least
    if isinstance(at_least, dict):
        if criteria_type is None:
            counts = " / ".join(
                f"{TYPE_NAMES[kind]} {n} จาก {len(question.items_for(kind))}"
                for kind, n in at_least.items()
            )
            return f"ทำได้อย่างน้อย: {counts} ข้อ"
        at_least = at_least[criteria_type]
    if at_least is not None:
        names = ", ".join(labels[item.id] for item in items)
        if at_least >= len(items):
            return f"ทำครบทั้ง {len(items)} ข้อ: {names}"
        return f"ทำได้อย่างน้อย {at_least} จาก {len(items)} ข้อ ได้แก่ {names}"
    if condition.checked_any is not None:
        return "ทำอย่างน้อย 1 ข้อ: " + " หรือ ".join(labels[i] for i in condition.checked_any)
    wanted = (
        [i.id for i in items] if condition.checked_all == "all" else condition.checked_all or ()
    )
    return f"ทำครบ {len(wanted)} ข้อ: " + ", ".join(labels[i] for i in wanted)


def _amount(question: NumberQuestion, value: float) -> str:
    return NumberKind().amount(question, value)
