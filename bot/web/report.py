"""The report of one assessment, as the pages and the print show it: agency, date,
framework year and scope; the level and the self-assessment score; a chart per pillar;
every issue with its level in its own scale, what it still lacks and the admins'
recommendation; the personal next steps; skipped items; the 2566 seven-pillar view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from markupsafe import Markup

from bot.result_card import incomplete_text, level_text
from bot.result_messages import gain_text
from bot.texts import NEXT_STEPS_HEADING
from bot.web.charts import Bar, bar_chart
from knowledge.catalog import Catalog
from knowledge.labels import (
    NOT_COVERED_NOTE,
    OWN_SCALE_NOTE,
    bilingual_name,
    has_own_scale,
    issue_level_label,
)
from knowledge.views import regroup
from scoring.assessment import AssessmentResult
from scoring.model import Framework, LevelRule, Pillar
from storage.models import Assessment

BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")
THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
NO_LEVEL = "ยังไม่มีระดับ"
SKIP_REASONS = {"unsure": "ตอบว่าไม่แน่ใจ", "unanswered": "ข้ามหรือยังไม่ได้ตอบ"}


def thai_date(moment: datetime) -> str:
    """ "7 ธันวาคม 2569" in Bangkok time, Buddhist era as Thai official documents use."""
    local = moment.astimezone(BANGKOK)
    return f"{local.day} {THAI_MONTHS[local.month - 1]} {local.year + 543}"


def thai_date_time(moment: datetime) -> str:
    """ "7 ธันวาคม 2569 เวลา 14:05 น." in Bangkok time."""
    local = moment.astimezone(BANGKOK)
    return f"{thai_date(moment)} เวลา {local:%H:%M} น."


def scope_text(framework: Framework, scope: list | tuple | None) -> str:
    if not scope:
        return f"ทุกตัวชี้วัด ({len(framework.pillars)} ตัวชี้วัด)"
    names = [f"ตัวชี้วัดที่ {framework.pillar(p).number} {framework.pillar(p).name_th}" for p in scope]
    return "เฉพาะ" + ", ".join(names)


@dataclass(frozen=True)
class IssueRow:
    id: str
    name: str
    level: str
    scored: bool
    unmet: tuple[str, ...]
    advice: str | None


@dataclass(frozen=True)
class PillarSection:
    id: str
    number: int
    name: str
    level: str
    chart: Markup
    issues: tuple[IssueRow, ...]


@dataclass(frozen=True)
class StepRow:
    issue: str
    pillar_number: int
    change: str
    gain: str  # "+2.5 คะแนนต่อเรื่อง (ทำเพิ่ม 3 เรื่อง รวม +7.5 คะแนน)"
    actions: tuple[str, ...]


@dataclass(frozen=True)
class SkippedRow:
    pillar_number: int
    issue: str
    reason: str


@dataclass(frozen=True)
class ViewRow:
    name: str
    level: str
    stage: str


@dataclass(frozen=True)
class ViewSection:
    name: str
    year: int
    rows: tuple[ViewRow, ...]
    chart: Markup
    note: str


@dataclass(frozen=True)
class Report:
    assessment_id: int
    agency: str
    agency_type: str
    date: str
    finished: bool
    year: int
    scope: str
    level: int | None
    headline: str
    stage: str | None
    value: str
    percent: str
    incomplete: str | None
    overview: Markup
    pillars: tuple[PillarSection, ...]
    next_steps: tuple[StepRow, ...]
    skipped: tuple[SkippedRow, ...]
    views: tuple[ViewSection, ...]
    notes: tuple[str, ...]
    next_steps_heading: str = NEXT_STEPS_HEADING.removeprefix("สิ่งที่ควรทำต่อ ")


def _issue_rows(framework: Framework, pillar: Pillar, result: AssessmentResult) -> list[IssueRow]:
    advice = {r.issue_id: r for r in result.recommendations}
    rows = []
    for sub in pillar.sub_pillars:
        for issue in sub.issues:
            level = result.issues[issue.id]
            applied = advice.get(issue.id)
            scored = level.raw_level is not None
            rows.append(
                IssueRow(
                    issue.id,
                    bilingual_name(issue.name_th, issue.name_en),
                    issue_level_label(issue.rule, level.raw_level)  # type: ignore[arg-type]
                    if scored
                    else f"{NO_LEVEL} ({SKIP_REASONS.get(level.status, level.status)})",
                    scored,
                    applied.unmet if applied else (),
                    applied.text if applied else None,
                )
            )
    return rows


def _bar_caption(rule: LevelRule, raw_level: int | None) -> str:
    """A short level beside a bar, in the issue's own scale: "ขั้น 2/3", "ระดับ 4/4"."""
    if raw_level is None:
        return NO_LEVEL
    if rule.scale == "stage":
        return f"ขั้น {raw_level}/{rule.top}"
    return f"ระดับ {raw_level}/{rule.top}" if rule.top < 5 else f"ระดับ {raw_level}"


def _pillar_section(
    framework: Framework, pillar: Pillar, result: AssessmentResult
) -> PillarSection:
    figure = result.pillars[pillar.id]
    bars = []
    for sub in pillar.sub_pillars:
        for issue in sub.issues:
            level = result.issues[issue.id]
            floor = int(level.value) if level.value is not None else None
            caption = _bar_caption(issue.rule, level.raw_level)
            bars.append(Bar(issue.name_th, level.value, floor, caption))
    title = f"ระดับรายประเด็นของตัวชี้วัดที่ {pillar.number} {pillar.name_th}"
    return PillarSection(
        pillar.id,
        pillar.number,
        pillar.name_th,
        level_text(figure.level, figure.value),
        bar_chart(bars, title),
        tuple(_issue_rows(framework, pillar, result)),
    )


def _next_steps(framework: Framework, result: AssessmentResult) -> tuple[StepRow, ...]:
    rows = []
    for step in result.next_steps:
        issue = framework.issue(step.issue_id)
        change = (
            f"{issue_level_label(issue.rule, step.from_level)} → "
            f"{issue_level_label(issue.rule, step.to_level)}"
        )
        rows.append(
            StepRow(
                issue.name_th,
                framework.pillar(step.pillar_id).number,
                change,
                gain_text(step.score_gain, step.units),
                step.actions,
            )
        )
    return tuple(rows)


def _views(catalog: Catalog, year: int, result: AssessmentResult) -> tuple[ViewSection, ...]:
    values = {iid: i.value for iid, i in result.issues.items() if i.value is not None}
    sections = []
    for shown in catalog.knowledge(year).views:
        figures = regroup(shown, values)
        rows = tuple(
            ViewRow(
                f"{f.pillar.number}. {f.pillar.name_th}",
                level_text(f.level, f.value),
                f.stage_name or "-",
            )
            for f in figures
        )
        bars = [Bar(r.name, f.value, f.level, r.level) for r, f in zip(rows, figures, strict=True)]
        chart = bar_chart(bars, shown.name_th)
        note = shown.mapping_note
        sections.append(ViewSection(shown.name_th, shown.framework_year, rows, chart, note))
    return tuple(sections)


def _notes(framework: Framework, result: AssessmentResult) -> tuple[str, ...]:
    notes = []
    if any(has_own_scale(framework.issue(i).rule) for i in result.issues):
        notes.append(OWN_SCALE_NOTE)
    if result.not_covered:
        notes.append(NOT_COVERED_NOTE.format(count=len(result.not_covered)))
    return tuple(notes)


def build_report(catalog: Catalog, assessment: Assessment, result: AssessmentResult) -> Report:
    framework = catalog.framework(assessment.framework_year)
    overall, stage = result.overall, result.stage
    pillars = [p for p in framework.pillars if p.id in result.pillars]
    overview = [
        Bar(f"{p.number}. {p.name_th}", result.pillars[p.id].value, result.pillars[p.id].level,
            level_text(result.pillars[p.id].level, result.pillars[p.id].value))
        for p in pillars
    ]  # fmt: skip
    agency_types = {t.id: t.name_th for t in framework.agency_types}
    moment = assessment.finished_at or assessment.updated_at or assessment.started_at
    return Report(
        assessment_id=assessment.id,
        agency=assessment.agency_name or "หน่วยงานที่ไม่ระบุชื่อ",
        agency_type=agency_types.get(assessment.agency_type, assessment.agency_type),
        date=thai_date(moment),
        finished=assessment.finished_at is not None,
        year=framework.year,
        scope=scope_text(framework, assessment.scope),
        level=overall.level,
        headline=f"ระดับ {overall.level}" if overall.level else NO_LEVEL,
        stage=f"{stage.name_th} ({stage.name_en})" if stage else None,
        value=level_text(overall.level, overall.value),
        percent="-" if overall.percent is None else f"{overall.percent:.1f}%",
        incomplete=incomplete_text(result) if result.skipped else None,
        overview=bar_chart(overview, "ระดับรายตัวชี้วัด"),
        pillars=tuple(_pillar_section(framework, p, result) for p in pillars),
        next_steps=_next_steps(framework, result),
        skipped=tuple(
            SkippedRow(
                framework.pillar(_pillar_of(framework, i)).number,
                framework.issue(i).name_th,
                SKIP_REASONS.get(result.issues[i].status, ""),
            )
            for i in result.skipped
        ),
        views=_views(catalog, framework.year, result),
        notes=_notes(framework, result),
    )


def _pillar_of(framework: Framework, issue_id: str) -> str:
    return next(p.id for p, _, i in framework.issues() if i.id == issue_id)
