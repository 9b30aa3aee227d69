"""The result card, the personal next steps and the per-pillar recommendations carousel."""

from __future__ import annotations

import json
from typing import Any

from bot import texts
from bot.messages import (
    BRAND,
    Message,
    box,
    bubble,
    flex,
    line_text,
    plain,
    say,
    text,
)
from bot.result_card import level_text
from knowledge.labels import issue_level_label
from scoring.assessment import AppliedRecommendation, AssessmentResult
from scoring.model import Framework
from scoring.rules import NEXT_STEPS_SHOWN

MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
MAX_BUBBLES = 12


def gain_text(score_gain: float, units: int) -> str:
    """What one next step is worth, led by the figure the steps are ranked by (the rise
    of the self-assessment score per thing to do), with its unit and the effort."""
    units = max(1, units)
    if units == 1:
        return f"+{score_gain:.1f} คะแนน (ทำเพิ่ม 1 เรื่อง)"
    per = round(score_gain / units, 1)
    # Rounded figures that do not multiply back to the total say they are rounded.
    about = "" if f"{per * units:.1f}" == f"{score_gain:.1f}" else "ประมาณ "
    return f"{about}+{per:.1f} คะแนนต่อเรื่อง (ทำเพิ่ม {units} เรื่อง รวม +{score_gain:.1f} คะแนน)"


def next_steps_messages(framework: Framework, result: AssessmentResult) -> list[Message]:
    """The first personal next steps (the decision adds the menu under them)."""
    steps = result.next_steps[:NEXT_STEPS_SHOWN]
    if result.overall.value is None:
        return [text(texts.NOTHING_SCORED, [say(texts.START), say(texts.HELP)])]
    if not steps:
        return plain(texts.ALL_AT_TOP)
    lines = [texts.NEXT_STEPS_HEADING]
    for number, step in enumerate(steps, 1):
        issue = framework.issue(step.issue_id)
        pillar = framework.pillar(step.pillar_id)
        lines.append(
            f"\n{number}) {issue.name_th} · ตัวชี้วัดที่ {pillar.number}: "
            f"{issue_level_label(issue.rule, step.from_level)} → "
            f"{issue_level_label(issue.rule, step.to_level)}\n"
            f"   {gain_text(step.score_gain, step.units)}"
        )
        lines.extend(f"   • {action}" for action in step.actions)
    return plain("\n".join(lines))


def _size(content: dict[str, Any]) -> int:
    # As sent on the wire: the SDK's transport writes compact JSON with \u escapes, so a
    # Thai character costs 6 bytes.
    return len(json.dumps(content, separators=(",", ":")))


def _advice(recommendation: AppliedRecommendation | None) -> str:
    if recommendation is None:
        return "ตอบข้อนี้เพื่อรับคำแนะนำ"
    if not recommendation.unmet:
        return recommendation.text
    unmet = "\n".join(f"• {action}" for action in recommendation.unmet)
    return f"{recommendation.text}\n\nสิ่งที่ยังขาดสำหรับระดับถัดไป\n{unmet}"


def _pillar_bubbles(
    framework: Framework,
    result: AssessmentResult,
    pillar_id: str,
    advice: dict[str, AppliedRecommendation],
) -> list[dict[str, Any]]:
    pillar = framework.pillar(pillar_id)
    figure = result.pillars[pillar_id]
    title = [
        line_text(f"ตัวชี้วัดที่ {pillar.number}", size="xs", color="#FFFFFF"),
        line_text(pillar.name_th, size="md", weight="bold", color="#FFFFFF"),
        line_text(level_text(figure.level, figure.value), size="xs", color="#FFFFFF"),
    ]
    sections = []
    for sub in pillar.sub_pillars:
        for issue in sub.issues:
            level = result.issues[issue.id]
            status = (
                issue_level_label(issue.rule, level.raw_level)
                if level.raw_level is not None
                else "ยังไม่มีระดับ (ไม่ได้ตอบหรือไม่แน่ใจ)"
            )
            sections.append(
                box(
                    "vertical",
                    [
                        line_text(issue.name_th, size="sm", weight="bold"),
                        line_text(status, size="xs", color=BRAND),
                        line_text(_advice(advice.get(issue.id)), size="xs", color="#344054"),
                    ],
                    spacing="xs",
                    margin="lg",
                )
            )
    # One bubble per pillar unless it grows past LINE's 30 KB: then split its issues.
    bubbles: list[dict[str, Any]] = []
    current: list[dict[str, Any]] = []
    for section in sections:
        candidate = bubble([*current, section], header=title, size="giga")
        if current and _size(candidate) > MAX_BUBBLE_BYTES - 1000:
            bubbles.append(bubble(current, header=title, size="giga"))
            current = [section]
        else:
            current.append(section)
    if current:
        bubbles.append(bubble(current, header=title, size="giga"))
    return bubbles


def recommendation_carousels(framework: Framework, result: AssessmentResult) -> list[Message]:
    """Per-pillar recommendations as carousels, each within 12 bubbles and 50 KB."""
    advice = {r.issue_id: r for r in result.recommendations}
    bubbles = [
        b
        for pillar_id in result.scope
        for b in _pillar_bubbles(framework, result, pillar_id, advice)
    ]
    carousels: list[list[dict[str, Any]]] = [[]]
    for item in bubbles:
        current = carousels[-1]
        too_big = _size({"type": "carousel", "contents": [*current, item]}) > MAX_CAROUSEL_BYTES
        if current and (len(current) >= MAX_BUBBLES or too_big):
            carousels.append([item])
        else:
            current.append(item)
    messages: list[Message] = []
    for index, group in enumerate(carousels, 1):
        alt_text = f"คำแนะนำรายตัวชี้วัด ({index}/{len(carousels)})"
        messages.append(flex(alt_text, {"type": "carousel", "contents": group}))
    return messages
