"""The dashboard's charts: each bar or segment links to the assessment list it counts
(``?segment=…``, see admin.segments), with the dashboard's year, agency type and dates."""

from __future__ import annotations

from collections.abc import Mapping

from flask import url_for
from markupsafe import Markup

from admin import charts
from admin.funnel import NOT_STARTED, Funnel
from admin.segments import PAUSED_NONE
from admin.stats import LEVELS, DashboardFigures
from scoring.model import Framework
from scoring.rules import shown_value


class Links:
    """URLs of the assessment list under the dashboard's filters; none ("") for a reader
    whose role may not open the list (the figures show as plain numbers)."""

    def __init__(self, args: Mapping[str, str], enabled: bool = True) -> None:
        self.args = dict(args)
        self.enabled = enabled

    def list(self, **more: str) -> str:
        if not self.enabled:
            return ""
        return url_for("admin.assessments_list", **{**self.args, **more})


def _stage_names(framework: Framework) -> dict[int, str]:
    return {s.level: s.name_th.removeprefix("ระดับขั้น") for s in framework.stages}


def overall_chart(data: DashboardFigures, framework: Framework, links: Links) -> Markup:
    names = _stage_names(framework)
    bars = [
        charts.Bar(
            label=f"ระดับ {level} {names.get(level, '')}".strip(),
            value=data.overall.counts[level],
            text=f"{data.overall.counts[level]:,}",
            href=links.list(segment=f"overall:{level}"),
            tip=f"ระดับ {level}: {data.overall.counts[level]:,} หน่วยงาน — เปิดรายการ",
            level=level,
        )
        for level in LEVELS
    ]
    return charts.columns(bars, "จำนวนหน่วยงานตามระดับความพร้อมภาพรวม")


def pillar_chart(data: DashboardFigures, framework: Framework, links: Links) -> Markup:
    rows = []
    for pillar in framework.pillars:
        counts = data.pillars[pillar.id].counts
        segments = [
            charts.Segment(level, counts[level], links.list(segment=f"pillar:{pillar.id}:{level}"))
            for level in LEVELS
        ]
        rows.append(charts.StackedRow(f"{pillar.number}. {pillar.name_th}", segments))
    return charts.stacked(rows, "สัดส่วนหน่วยงานในแต่ละระดับ รายตัวชี้วัด")


def weakest_chart(data: DashboardFigures, framework: Framework, links: Links) -> Markup:
    names = {i.id: i.name_th for _, _, i in framework.issues()}
    bars = [
        charts.Bar(
            label=names.get(w.issue_id, w.issue_id),
            value=w.mean_value,
            text=shown_value(w.mean_value),
            href=links.list(segment=f"issue:{w.issue_id}"),
            tip=f"{names.get(w.issue_id, w.issue_id)}: ค่าเฉลี่ย {shown_value(w.mean_value)} "
            f"จาก {w.agencies:,} หน่วยงาน — เปิดรายการ",
            level=max(1, min(5, int(w.mean_value))),
        )
        for w in data.weakest
    ]
    return charts.hbars(bars, "ประเด็นที่หน่วยงานทำได้น้อยที่สุด (ค่าเฉลี่ยระดับ 1–5)", 1.0, 5.0)


def funnel_chart(found: Funnel, framework: Framework, links: Links) -> Markup:
    if not found.started:
        return charts.hbars([], "ความคืบหน้าของแบบประเมินทั้งกรอบ")
    numbers = {p.id: p.number for p in framework.pillars}
    steps = [("เริ่มประเมิน", found.started, links.list(scope="whole"))]
    steps += [
        (f"ตอบถึงตัวชี้วัดที่ {numbers[pid]}", count, links.list(segment=f"reached:{pid}"))
        for pid, count in found.reached
    ]
    steps.append(
        ("ประเมินเสร็จ", found.finished, links.list(scope="whole", status="completed"))
    )
    bars = [
        charts.Bar(
            label=label,
            value=count,
            text=f"{count:,} ({count / found.started:.0%})",
            href=href,
            tip=f"{label}: {count:,} จาก {found.started:,} แบบประเมิน — เปิดรายการ",
        )
        for label, count, href in steps
    ]
    return charts.hbars(bars, "ความคืบหน้าของแบบประเมินทั้งกรอบ", 0.0, found.started)


def pause_chart(found: Funnel, framework: Framework, links: Links) -> Markup:
    names = {i.id: i.name_th for _, _, i in framework.issues()}
    bars = []
    for issue_id, count in found.paused:
        label = "ยังไม่ได้ตอบข้อแรก" if issue_id == NOT_STARTED else names.get(issue_id, issue_id)
        key = PAUSED_NONE if issue_id == NOT_STARTED else issue_id
        bars.append(
            charts.Bar(
                label=label,
                value=count,
                text=f"{count:,}",
                href=links.list(segment=f"paused:{key}"),
                tip=f"พักไว้หลัง{label}: {count:,} แบบประเมิน — เปิดรายการ",
            )
        )
    return charts.hbars(bars, "แบบประเมินที่พักไว้ ตามประเด็นที่ตอบล่าสุด")
