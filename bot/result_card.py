"""The result card: the overall level, the self-assessment score and one bar per pillar."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import texts
from bot.chat.postbacks import AnswerMissing, ShowRecommendations, encode
from bot.messages import (
    BRAND,
    LEVEL_COLOURS,
    MUTED,
    Message,
    box,
    bubble,
    button,
    flex,
    label,
    line_text,
    message_button,
)
from knowledge.labels import GROUP_NAMES_TH, NOT_COVERED_NOTE, OWN_SCALE_NOTE, has_own_scale
from scoring.assessment import AssessmentResult
from scoring.cohort import PeerFigures
from scoring.model import Framework, Pillar
from scoring.rules import shown_value
from storage.results import StoredResult

Component = dict[str, Any]
WHITE = "#FFFFFF"


def level_text(level: int | None, value: float | None) -> str:
    if level is None or value is None:
        return "ยังไม่มีระดับ"
    return f"ระดับ {level} ({shown_value(value)})"


def _bar(value: float | None, level: int | None) -> Component:
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
    """The change of a level value, between the figures as shown (3.1 → 3.4: ▲0.3)."""
    if now is None or before is None:
        return ""
    delta = round(float(shown_value(now)) - float(shown_value(before)), 1)
    if delta == 0:
        return " · คงเดิม"
    return f" · {'▲' if delta > 0 else '▼'}{abs(delta):.1f}"


def _overall(result: AssessmentResult) -> list[Component]:
    overall, stage = result.overall, result.stage
    colour = LEVEL_COLOURS.get(overall.level or 1, BRAND)
    headline = f"ระดับ {overall.level}" if overall.level else "ยังไม่มีระดับ"
    lines = [line_text(headline, size="3xl", weight="bold", color=colour)]
    if stage is not None:
        lines.append(line_text(f"{stage.name_th} ({stage.name_en})", size="md", weight="bold"))
    if overall.value is not None:
        average = level_text(overall.level, overall.value)  # the value once, as everywhere
        lines.append(line_text(average, size="sm", color=MUTED))
    percent = "-" if overall.percent is None else f"{overall.percent:.1f}%"
    lines.append(line_text(f"คะแนนประเมินตนเอง {percent}", size="md", weight="bold", margin="md"))
    lines.append(line_text(texts.SELF_ASSESSMENT_NOTE, size="xxs", color=MUTED))
    if result.skipped:
        lines.append(line_text(incomplete_text(result), size="xs", color="#B54708", margin="md"))
    return lines


def incomplete_text(result: AssessmentResult) -> str:
    """ "ยังตอบไม่ครบ 3 ประเด็น …" with the range the overall value could take."""
    text = f"ยังตอบไม่ครบ {len(result.skipped)} ประเด็น (ไม่ได้ตอบหรือไม่แน่ใจ) จึงยังไม่นำมาคิดระดับ"
    if result.value_range is None:
        return text
    low, high = result.value_range
    return f"{text} เมื่อตอบครบ ค่าภาพรวมจะอยู่ระหว่าง {shown_value(low)} ถึง {shown_value(high)}"


def _pillar_row(pillar: Pillar, result: AssessmentResult, before: StoredResult | None) -> Component:
    figure = result.pillars[pillar.id]
    earlier = before.pillars.get(pillar.id) if before is not None else None
    change = _change(figure.value, earlier.value if earlier is not None else None)
    name = line_text(f"{pillar.number}. {pillar.name_th}", size="xs", flex=5)
    level = line_text(
        level_text(figure.level, figure.value) + change, size="xs", flex=4, align="end", color=MUTED
    )
    return box(
        "vertical",
        [box("horizontal", [name, level]), _bar(figure.value, figure.level)],
        margin="md",
    )


def peers_text(peers: PeerFigures) -> str:
    group = GROUP_NAMES_TH.get(peers.group, peers.group)
    return (
        f"อันดับที่ {peers.rank} จาก {peers.cohort_size} หน่วยงานประเภทเดียวกันที่ใช้บริการนี้ "
        f"· คะแนนเฉลี่ยของกลุ่มร้อยละ {peers.average:.1f} · อยู่ในกลุ่มคะแนน{group}"
    )


def change_text(result: AssessmentResult, before: StoredResult) -> str:
    """The overall change since the previous result ("ระดับ 2 → 3 · คะแนนประเมินตนเอง
    ร้อยละ 45.0 → 52.3 (เพิ่มขึ้น 7.3 คะแนน)")."""
    now, then = result.overall, before.overall
    parts = [f"ระดับ {then.level or '-'} → {now.level or '-'}"]
    if now.percent is not None and then.percent is not None:
        delta = round(now.percent, 1) - round(then.percent, 1)
        moved = (
            "เท่าเดิม"
            if abs(delta) < 0.05
            else f"{'เพิ่มขึ้น' if delta > 0 else 'ลดลง'} {abs(delta):.1f} คะแนน"
        )
        parts.append(
            f"คะแนนประเมินตนเอง ร้อยละ {then.percent:.1f} → {now.percent:.1f} ({moved})"
        )
    return texts.CHANGE_SINCE.format(year=before.framework_year, change=" · ".join(parts))


def _notes(
    framework: Framework,
    result: AssessmentResult,
    peers: PeerFigures | None,
    previous: StoredResult | None = None,
) -> list[Component]:
    notes = []
    whole = len(result.scope) == len(framework.pillars)
    if previous is not None and whole:
        notes.append(line_text(change_text(result, previous), size="xs", margin="lg"))
    if peers is not None:
        notes.append(line_text(peers_text(peers), size="xs", color=MUTED, margin="lg"))
    elif whole and not result.complete:
        notes.append(line_text(texts.NO_RANK_WHEN_INCOMPLETE, size="xs", color=MUTED, margin="lg"))
    rules = [framework.issue(issue_id).rule for issue_id in result.issues]
    if any(has_own_scale(rule) for rule in rules):
        notes.append(line_text(OWN_SCALE_NOTE, size="xxs", color=MUTED, margin="md"))
    if result.not_covered:
        outside = NOT_COVERED_NOTE.format(count=len(result.not_covered))
        notes.append(line_text(outside, size="xxs", color=MUTED, margin="md"))
    return notes


def _header(framework: Framework, result: AssessmentResult, agency_name: str | None) -> list:
    header = [
        line_text("ผลการประเมินตนเอง", size="lg", weight="bold", color=WHITE),
        line_text(agency_name or "หน่วยงานของท่าน", size="sm", color=WHITE),
    ]
    if len(result.scope) < len(framework.pillars):
        pillars = ", ".join(str(framework.pillar(p).number) for p in result.scope)
        header.append(line_text(f"เฉพาะตัวชี้วัดที่ {pillars}", size="xs", color=WHITE))
    return header


def uri_button(caption: str, uri: str, style: str = "primary") -> Component:
    """A button that opens a web address (the web view of an assessment)."""
    result: Component = {
        "type": "button",
        "style": style,
        "height": "sm",
        "action": {"type": "uri", "label": label(caption), "uri": uri},
    }
    if style == "primary":
        result["color"] = BRAND
    return result


def link_message(wording: str, links: Sequence[tuple[str, str]]) -> Message:
    """A short text with buttons that open web addresses ((caption, address) pairs)."""
    footer = [uri_button(caption, uri) for caption, uri in links]
    return flex(wording, bubble([line_text(wording, size="sm")], footer=footer))


def result_card(
    framework: Framework,
    result: AssessmentResult,
    agency_name: str | None,
    assessment_id: int,
    previous: StoredResult | None = None,
    peers: PeerFigures | None = None,
    links: Sequence[tuple[str, str]] = (),
) -> Message:
    """``previous``: the earlier result, to show the change per pillar; ``links``: buttons
    to the web view ((caption, address) pairs)."""
    rows = [_pillar_row(p, result, previous) for p in framework.pillars if p.id in result.pillars]
    body = [*_overall(result), {"type": "separator", "margin": "lg"}, *rows]
    body += _notes(framework, result, peers, previous)
    answer_missing = encode(AnswerMissing(assessment_id))
    footer = [button(texts.ANSWER_MISSING, answer_missing)] if result.skipped else []
    footer += [
        button(
            texts.ALL_RECOMMENDATIONS,
            encode(ShowRecommendations(assessment_id)),
            shown=texts.ALL_RECOMMENDATIONS,
        ),
        *(uri_button(caption, uri, "secondary") for caption, uri in links),
        message_button(texts.START, texts.START),
    ]
    overall, stage = result.overall, result.stage
    summary = (
        f"ผลการประเมิน: {level_text(overall.level, overall.value)}"
        + (f" {stage.name_th} ({stage.name_en})" if stage else "")
        + (f" คะแนนประเมินตนเองร้อยละ {overall.percent:.1f}" if overall.percent is not None else "")
        # The chat list shows only this: a partial result must not read as a whole one.
        + (f" (ยังตอบไม่ครบ {len(result.skipped)} ประเด็น)" if result.skipped else "")
    )
    header = _header(framework, result, agency_name)
    return flex(summary, bubble(body, header=header, footer=footer, size="giga"))
