"""Messages that ask one question: quick replies for choices, a Flex checklist, number prompts.

Answer buttons are postbacks carrying the assessment id and the question id, so a tap
on an old message is recognised and never applied twice.
"""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.flow import Step, progress_line, range_hint
from bot.messages import (
    BRAND,
    MUTED,
    Message,
    QuickItem,
    box,
    bubble,
    button,
    flex,
    line_text,
    postback_data,
    say,
    tap,
    text,
)
from knowledge.labels import YES_NO_LABELS, bilingual_name
from scoring.answers import AnswerValue
from scoring.model import (
    ChecklistQuestion,
    CriteriaType,
    NumberQuestion,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from scoring.next_steps import format_number

CONTROLS = (texts.BACK, texts.SKIP, texts.PAUSE, texts.CANCEL)


def answer_data(assessment_id: int, question_id: str, value: str) -> str:
    return postback_data(t="ans", a=assessment_id, q=question_id, v=value)


def controls() -> list[QuickItem]:
    return [say(command) for command in CONTROLS]


def heading(step: Step) -> str:
    return bilingual_name(step.issue.name_th, step.issue.name_en)


def describe_answer(step: Step, value: AnswerValue) -> str:
    """An earlier answer in words, shown when the user goes back to a question."""
    question = step.question
    if value == "unsure":
        return "ไม่แน่ใจ"
    if isinstance(question, YesNoQuestion):
        return YES_NO_LABELS.get(str(value), str(value))
    if isinstance(question, SingleChoiceQuestion):
        return next((o.text for o in question.options if o.id == value), str(value))
    if isinstance(question, ChecklistQuestion):
        chosen = [item.label or item.text for item in question.items if item.id in value]
        return ", ".join(chosen) if chosen else "ไม่มีข้อใด"
    assert isinstance(question, NumberQuestion) and isinstance(value, int | float)
    return format_number(question, float(value))


def _intro(step: Step, previous: AnswerValue | None) -> str:
    lines = [progress_line(step), f"【{heading(step)}】", step.question.text]
    if step.question.help:
        lines += ["", step.question.help]
    if previous is not None:
        lines += ["", f"คำตอบเดิม: {describe_answer(step, previous)}"]
    return "\n".join(lines)


def question_messages(
    step: Step,
    assessment_id: int,
    previous: AnswerValue | None = None,
    draft: tuple[str, ...] = (),
    criteria_type: CriteriaType = "service",
) -> list[Message]:
    question = step.question
    unsure = (
        [tap("ไม่แน่ใจ", answer_data(assessment_id, question.id, "unsure"))]
        if question.allow_unsure
        else []
    )
    if isinstance(question, ChecklistQuestion):
        return [
            checklist_message(
                step, assessment_id, draft, previous, unsure + controls(), criteria_type
            )
        ]
    if isinstance(question, YesNoQuestion):
        values = ["yes", "no"] + (["partial"] if question.allow_partial else [])
        items = [tap(YES_NO_LABELS[v], answer_data(assessment_id, question.id, v)) for v in values]
        return [text(_intro(step, previous), items + unsure + controls())]
    if isinstance(question, SingleChoiceQuestion):
        body = (
            _intro(step, previous)
            + "\n\n"
            + "\n".join(
                f"{number}) {option.text}" for number, option in enumerate(question.options, 1)
            )
        )
        # Labels without the number: LINE cuts labels at 20 characters.
        items = [
            tap(
                option.label or option.text,
                answer_data(assessment_id, question.id, option.id),
                shown=option.label or option.text,
            )
            for option in question.options
        ]
        return [text(body, items + unsure + controls())]
    assert isinstance(question, NumberQuestion)
    presets = [
        tap(
            preset.label,
            postback_data(t="num", a=assessment_id, q=question.id, v=f"{preset.value:g}"),
            shown=preset.label,
        )
        for preset in question.presets
    ]
    body = _intro(step, previous) + f"\n\n({range_hint(question)})"
    return [text(body, presets + unsure + controls())]


def _item_row(
    assessment_id: int, question_id: str, item_id: str, caption: str, chosen: bool
) -> dict[str, Any]:
    data = postback_data(t="set", a=assessment_id, q=question_id, i=item_id, on=0 if chosen else 1)
    return box(
        "horizontal",
        [
            line_text("☑" if chosen else "☐", flex=0, size="lg", color=BRAND if chosen else MUTED),
            line_text(
                caption, size="sm", flex=1, margin="md", weight="bold" if chosen else "regular"
            ),
        ],
        paddingAll="md",
        cornerRadius="md",
        backgroundColor="#E8F1FB" if chosen else "#F5F7FA",
        action={"type": "postback", "label": "เลือก", "data": data},
    )


def checklist_message(
    step: Step,
    assessment_id: int,
    draft: tuple[str, ...],
    previous: AnswerValue | None,
    items: list[QuickItem],
    criteria_type: CriteriaType = "service",
) -> Message:
    question = step.question
    assert isinstance(question, ChecklistQuestion)
    # Only the items that count for this agency type (Digital Policy: 12 or 9 guidelines).
    shown = question.items_for(criteria_type)
    rows = [
        _item_row(assessment_id, question.id, item.id, item.text, item.id in draft)
        for item in shown
    ]
    body: list[dict[str, Any]] = [line_text(question.text, weight="bold", size="md")]
    if question.help:
        body.append(line_text(question.help, size="xs", color=MUTED))
    body.append(line_text(texts.CHECKLIST_HINT, size="xs", color=MUTED))
    if previous is not None:
        body.append(
            line_text(f"คำตอบเดิม: {describe_answer(step, previous)}", size="xs", color=MUTED)
        )
    body.append(box("vertical", rows, spacing="sm", margin="md"))
    chosen = sum(1 for item in shown if item.id in draft)
    confirm = f"ยืนยัน (เลือก {chosen} ข้อ)" if chosen else "ยืนยัน: ยังไม่มีข้อใด"
    footer = [
        button(confirm, postback_data(t="done", a=assessment_id, q=question.id), shown=confirm)
    ]
    header = [
        line_text(progress_line(step), size="xs", color="#FFFFFF"),
        line_text(heading(step), size="md", weight="bold", color="#FFFFFF"),
    ]
    content = bubble(body, header=header, footer=footer, size="giga")
    alt_text = f"{progress_line(step)}\n{question.text}"
    return flex(alt_text, content, items)
