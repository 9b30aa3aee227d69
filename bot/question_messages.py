"""Messages that ask one question: quick replies for choices, a Flex checklist, number
prompts. Each question kind says which buttons it offers (``scoring.questions``).

Answer buttons are postbacks carrying the assessment id and the question id, so a tap
on an old message is recognised and never applied twice.
"""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.chat.postbacks import AnswerTap, ConfirmItems, ItemTap, ShowQuestion, encode
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
    say,
    tap,
    text,
)
from knowledge.labels import bilingual_name
from scoring.answers import UNSURE, AnswerValue
from scoring.model import CriteriaType
from scoring.questionnaire import Step
from scoring.questions import UNSURE_LABEL, Choice, describe_answer, kind_of

CONTROLS = (texts.BACK, texts.SKIP, texts.PAUSE, texts.CANCEL)
MAX_QUICK_REPLIES = 13  # LINE's limit


def controls() -> list[QuickItem]:
    return [say(command) for command in CONTROLS]


def heading(step: Step) -> str:
    return bilingual_name(step.issue.name_th, step.issue.name_en)


def progress_line(step: Step) -> str:
    part = f" ({step.question_number}/{step.question_count})" if step.question_count > 1 else ""
    return (
        f"ข้อ {step.issue_number}/{step.issue_count}{part} · "
        f"ตัวชี้วัดที่ {step.pillar.number} {step.pillar.name_th}"
    )


def previous_line(step: Step, previous: AnswerValue, carried: bool) -> str:
    """ "คำตอบเดิม: …", or "จากครั้งก่อน: …" for last time's answer not yet confirmed."""
    mark = texts.CARRIED_MARK if carried else "คำตอบเดิม"
    return f"{mark}: {describe_answer(step.question, previous)}"


def _intro(step: Step, previous: AnswerValue | None, carried: bool) -> str:
    lines = [progress_line(step), heading(step), "", step.question.text]
    if step.question.help:
        lines += ["", step.question.help]
    if previous is not None:
        lines += ["", previous_line(step, previous, carried)]
    return "\n".join(lines)


def _answer_button(assessment_id: int, step: Step, choice: Choice) -> QuickItem:
    data = encode(AnswerTap(assessment_id, step.question.id, choice.value))
    return tap(choice.label, data, shown=choice.label)


def question_messages(
    step: Step,
    assessment_id: int,
    previous: AnswerValue | None = None,
    draft: tuple[str, ...] = (),
    criteria_type: CriteriaType = "service",
    carried: bool = False,
) -> list[Message]:
    """``carried``: ``previous`` is last time's answer, shown "จากครั้งก่อน" with a button
    that confirms it as it is (a checklist's confirm button does, its items ticked)."""
    question = step.question
    kind = kind_of(question)
    choices = kind.choices(question, criteria_type)
    unsure = (
        [_answer_button(assessment_id, step, Choice(UNSURE, UNSURE_LABEL, UNSURE_LABEL))]
        if question.allow_unsure
        else []
    )
    if kind.multiple:
        items = unsure + controls()
        return [checklist_message(step, assessment_id, choices, draft, previous, items, carried)]
    body = _intro(step, previous, carried)
    if any(choice.text != choice.label for choice in choices):
        # Labels are short (LINE cuts them at 20 characters): the full texts go above.
        body += "\n\n" + "\n".join(f"{n}) {c.text}" for n, c in enumerate(choices, 1))
    if (hint := kind.hint(question)) is not None:
        body += f"\n\n{hint}" if "(" in hint else f"\n\n({hint})"  # never nested brackets
    buttons = [_answer_button(assessment_id, step, choice) for choice in choices]
    if carried and previous is not None and not isinstance(previous, tuple):
        same = AnswerTap(assessment_id, question.id, str(previous))
        buttons.insert(0, tap(texts.CONFIRM_CARRIED, encode(same), shown=texts.CONFIRM_CARRIED))
    return [text(body, (buttons + unsure + controls())[:MAX_QUICK_REPLIES])]


def confirm_label(chosen: int) -> str:
    return f"ยืนยัน {chosen} ข้อ" if chosen else "ยืนยัน: ไม่มีข้อใด"


def selection_message(
    step: Step,
    assessment_id: int,
    choices: tuple[Choice, ...],
    draft: tuple[str, ...],
    changed: Choice | None,
) -> Message:
    """After an item is ticked or unticked (or items are typed): where the selection
    stands, short — the checklist itself is not sent again."""
    numbers = [str(n) for n, choice in enumerate(choices, 1) if choice.value in draft]
    lines = []
    if changed is not None:
        lines.append(f"{'✓ เลือก' if changed.value in draft else '✗ เอาออก'}: {changed.label}")
    chosen = f"เลือกแล้ว {len(numbers)} ข้อ"
    lines.append(f"{chosen} (ข้อ {', '.join(numbers)})" if numbers else "ยังไม่ได้เลือกข้อใด")
    lines.append(texts.SELECTION_HINT)
    question = step.question.id
    items = [
        tap(confirm_label(len(numbers)), encode(ConfirmItems(assessment_id, question))),
        tap(texts.SHOW_LIST, encode(ShowQuestion(assessment_id, question))),
        say(texts.PAUSE),  # the other controls come with the list (kept short: ≤ 1 KB a tap)
    ]
    return text("\n".join(lines), items)


def _item_row(
    assessment_id: int, question_id: str, item_id: str, caption: str, chosen: bool
) -> dict[str, Any]:
    data = encode(ItemTap(assessment_id, question_id, item_id, not chosen))
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
    choices: tuple[Choice, ...],
    draft: tuple[str, ...],
    previous: AnswerValue | None,
    items: list[QuickItem],
    carried: bool = False,
) -> Message:
    question = step.question
    rows = [
        _item_row(assessment_id, question.id, c.value, f"{n}. {c.text}", c.value in draft)
        for n, c in enumerate(choices, 1)
    ]
    body: list[dict[str, Any]] = [line_text(question.text, weight="bold", size="md")]
    if question.help:
        body.append(line_text(question.help, size="xs", color=MUTED))
    body.append(line_text(texts.CHECKLIST_HINT, size="xs", color=MUTED))
    if previous is not None:
        body.append(line_text(previous_line(step, previous, carried), size="xs", color=MUTED))
    body.append(box("vertical", rows, spacing="sm", margin="md"))
    confirm = confirm_label(sum(1 for c in choices if c.value in draft))
    footer = [button(confirm, encode(ConfirmItems(assessment_id, question.id)), shown=confirm)]
    header = [
        line_text(progress_line(step), size="xs", color="#FFFFFF"),
        line_text(heading(step), size="md", weight="bold", color="#FFFFFF"),
    ]
    content = bubble(body, header=header, footer=footer, size="giga")
    alt_text = f"{progress_line(step)}\n{question.text}"
    return flex(alt_text, content, items)
