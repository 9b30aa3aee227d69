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
from scoring.assessment import AssessmentResult
from scoring.model import Framework
from scoring.rules import NEXT_STEPS_SHOWN

MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
MAX_BUBBLES = 12


def next_steps_messages(framework: Framework, result: AssessmentResult) -> list[Message]:
    steps = result.next_steps[:NEXT_STEPS_SHOWN]
    menu = [say(texts.ALL_RECOMMENDATIONS), say(texts.START), say(texts.ASK), say(texts.HELP)]
    if result.overall.value is None:
        return [text(texts.NOTHING_SCORED, [say(texts.START), say(texts.HELP)])]
    if not steps:
        return [
            text(
                "ทุกประเด็นที่ตอบอยู่ในระดับสูงสุดแล้ว ขอแสดงความยินดีครับ "
                'ดูคำแนะนำเพื่อรักษามาตรฐานได้ที่ "ดูคำแนะนำทั้งหมด"',
                menu,
            )
        ]
    lines = ["สิ่งที่ควรทำต่อ เรียงจากสิ่งที่ช่วยยกระดับได้มากที่สุด"]
    for number, step in enumerate(steps, 1):
        issue = framework.issue(step.issue_id)
        target = (
            "ระดับสูงสุดของประเด็นนี้" if step.to_level >= issue.rule.top else (f"ระดับ {step.to_level}")
        )
        lines.append(
            f"\n{number}) {issue.name_th} (ตัวชี้วัดที่ {framework.pillar(step.pillar_id).number}) "
            f"จากระดับ {step.from_level} สู่{target}"
        )
        lines.extend(f"   • {action}" for action in step.actions)
    return plain("\n".join(lines), menu)


def _size(content: dict[str, Any]) -> int:
    # As sent on the wire: the SDK's transport writes compact JSON with \u escapes, so a
    # Thai character costs 6 bytes.
    return len(json.dumps(content, separators=(",", ":")))


def _pillar_bubbles(
    framework: Framework, result: AssessmentResult, pillar_id: str, texts_by_issue: dict[str, str]
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
                f"ระดับ {level.raw_level}"
                + (" (สูงสุดของประเด็นนี้)" if level.raw_level >= issue.rule.top else "")
                if level.raw_level is not None
                else "ไม่ได้ตอบ / ไม่แน่ใจ"
            )
            advice = texts_by_issue.get(issue.id, "ตอบข้อนี้เพื่อรับคำแนะนำ")
            sections.append(
                box(
                    "vertical",
                    [
                        line_text(issue.name_th, size="sm", weight="bold"),
                        line_text(status, size="xs", color=BRAND),
                        line_text(advice, size="xs", color="#344054"),
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
    texts_by_issue = {r.issue_id: r.text for r in result.recommendations}
    bubbles = [
        b
        for pillar_id in result.scope
        for b in _pillar_bubbles(framework, result, pillar_id, texts_by_issue)
    ]
    carousels: list[list[dict[str, Any]]] = [[]]
    for item in bubbles:
        current = carousels[-1]
        too_big = _size({"type": "carousel", "contents": [*current, item]}) > MAX_CAROUSEL_BYTES
        if current and (len(current) >= MAX_BUBBLES or too_big):
            carousels.append([item])
        else:
            current.append(item)
    menu = [say(texts.START), say(texts.RESULT), say(texts.ASK), say(texts.HELP)]
    messages: list[Message] = []
    for index, group in enumerate(carousels, 1):
        alt_text = f"คำแนะนำรายตัวชี้วัด ({index}/{len(carousels)})"
        items = menu if index == len(carousels) else []
        messages.append(flex(alt_text, {"type": "carousel", "contents": group}, items))
    return messages
