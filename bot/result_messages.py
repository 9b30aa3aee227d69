"""The result card, the personal next steps and the per-pillar recommendations carousel."""

from __future__ import annotations

import json
import math
from typing import Any

from bot import texts
from bot.messages import (
    BRAND,
    LEVEL_COLOURS,
    MUTED,
    Message,
    box,
    bubble,
    button,
    flex,
    line_text,
    message_button,
    plain,
    postback_data,
    say,
    text,
)
from scoring.assessment import AssessmentResult
from scoring.cohort import PeerFigures
from scoring.model import Framework
from scoring.rules import NEXT_STEPS_SHOWN

MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
MAX_BUBBLES = 12


def one_decimal(value: float) -> str:
    """Truncated, not rounded: 3.96 shows as 3.9 next to level 3, never as 4.0."""
    return f"{math.floor(value * 10 + 1e-9) / 10:.1f}"


def level_text(level: int | None, value: float | None) -> str:
    if level is None or value is None:
        return "ยังไม่มีระดับ"
    return f"ระดับ {level} ({one_decimal(value)})"


def _bar(value: float | None, level: int | None) -> dict[str, Any]:
    share = 0 if value is None else max(4, round((value - 1) / 4 * 100))
    fill = box(
        "vertical",
        [{"type": "filler"}],
        width=f"{share}%",
        height="8px",
        backgroundColor=LEVEL_COLOURS.get(level or 1, MUTED),
        cornerRadius="4px",
    )
    return box(
        "vertical", [fill], height="8px", backgroundColor="#E4E7EC", cornerRadius="4px", margin="sm"
    )


def _change(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    delta = now - before
    if abs(delta) < 0.05:
        return " · คงเดิม"
    return f" · {'▲' if delta > 0 else '▼'}{abs(delta):.1f}"


def result_card(
    framework: Framework,
    result: AssessmentResult,
    agency_name: str | None,
    assessment_id: int,
    previous: dict[str, Any] | None = None,
    peers: PeerFigures | None = None,
) -> Message:
    """``previous``: the earlier result's to_dict(), to show the change per pillar."""
    overall = result.overall
    stage = result.stage
    colour = LEVEL_COLOURS.get(overall.level or 1, BRAND)
    body: list[dict[str, Any]] = [
        line_text(
            f"ระดับ {overall.level}" if overall.level else "ยังไม่มีระดับ",
            size="3xl",
            weight="bold",
            color=colour,
        ),
    ]
    if stage is not None:
        body.append(line_text(f"{stage.name_th} ({stage.name_en})", size="md", weight="bold"))
    if overall.value is not None:
        body.append(
            line_text(
                f"{level_text(overall.level, overall.value)} · ค่าเฉลี่ย {overall.value:.2f}",
                size="sm",
                color=MUTED,
            )
        )
    percent = "-" if overall.percent is None else f"{overall.percent:.1f}%"
    body.append(line_text(f"คะแนนประเมินตนเอง {percent}", size="md", weight="bold", margin="md"))
    body.append(line_text(texts.SELF_ASSESSMENT_NOTE, size="xxs", color=MUTED))
    if result.skipped:
        body.append(
            line_text(
                f"ข้ามหรือไม่แน่ใจ {len(result.skipped)} ข้อ (ไม่นำมาคิดระดับ)", size="xs", color="#B54708"
            )
        )
    body.append({"type": "separator", "margin": "lg"})
    before = (previous or {}).get("pillars", {})
    for pillar in framework.pillars:
        if pillar.id not in result.pillars:
            continue
        figure = result.pillars[pillar.id]
        change = _change(figure.value, (before.get(pillar.id) or {}).get("value"))
        body.append(
            box(
                "vertical",
                [
                    box(
                        "horizontal",
                        [
                            line_text(f"{pillar.number}. {pillar.name_th}", size="xs", flex=5),
                            line_text(
                                level_text(figure.level, figure.value) + change,
                                size="xs",
                                flex=4,
                                align="end",
                                color=MUTED,
                            ),
                        ],
                    ),
                    _bar(figure.value, figure.level),
                ],
                margin="md",
            )
        )
    if peers is not None:
        body.append(
            line_text(
                f"เทียบกับ {peers.cohort_size} หน่วยงานประเภทเดียวกันที่ใช้บริการนี้: อันดับ "
                f"{peers.rank_text} · ค่าเฉลี่ย {peers.average:.1f}% · กลุ่ม {peers.group}",
                size="xs",
                color=MUTED,
                margin="lg",
            )
        )
    if result.not_covered:
        body.append(
            line_text(
                f"ไม่รวม {len(result.not_covered)} ตัวชี้วัดย่อยที่อยู่นอก Maturity model (ไม่มีเกณฑ์ระดับ)",
                size="xxs",
                color=MUTED,
                margin="md",
            )
        )
    header = [
        line_text("ผลการประเมินตนเอง", size="lg", weight="bold", color="#FFFFFF"),
        line_text(agency_name or "หน่วยงานของท่าน", size="sm", color="#FFFFFF"),
    ]
    if len(result.scope) < len(framework.pillars):
        pillars = ", ".join(str(framework.pillar(p).number) for p in result.scope)
        header.append(line_text(f"เฉพาะตัวชี้วัดที่ {pillars}", size="xs", color="#FFFFFF"))
    footer = [
        button(
            texts.ALL_RECOMMENDATIONS,
            postback_data(t="rec", a=assessment_id),
            shown=texts.ALL_RECOMMENDATIONS,
        ),
        message_button(texts.START, texts.START),
    ]
    summary = (
        f"ผลการประเมิน: {level_text(overall.level, overall.value)}"
        + (f" {stage.name_en}" if stage else "")
        + (f" คะแนนประเมินตนเอง {overall.percent:.1f}%" if overall.percent is not None else "")
    )
    return flex(summary, bubble(body, header=header, footer=footer, size="giga"))


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
