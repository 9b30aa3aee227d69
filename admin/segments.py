"""The list behind a dashboard chart segment: ``?segment=overall:5`` (the counted results at
overall level 5), ``pillar:P1:3``, ``issue:P1.DaP.1`` (the counted results that scored the
issue), ``reached:P3`` and ``paused:<issue id>`` / ``paused:none`` (the funnel). The ids come
from the same functions as the dashboard's figures, so the list has as many rows as the
segment says."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from admin.answer_labels import framework_for
from admin.assessment_query import AssessmentFilter
from admin.counted import Counted, counted
from admin.funnel import NOT_STARTED, progress
from knowledge.catalog import Catalog
from scoring.model import Framework

PAUSED_NONE = "none"


def _level(raw: str) -> int | None:
    return int(raw) if raw in {"1", "2", "3", "4", "5"} else None


def _counted_ids(
    found: Counted, framework: Framework, kind: str, parts: list[str]
) -> tuple[set[int], str] | None:
    if kind == "overall":
        level = _level(parts[0]) if parts else None
        rows = list(found.latest.overall.values())
        if level is not None:
            rows = [r for r in rows if found.overall_level(r) == level]
        at = f" ระดับ {level}" if level else ""
        label = f"ผลภาพรวม{at} ที่นับในแดชบอร์ด (ผลล่าสุดที่ประเมินทั้งกรอบของแต่ละหน่วยงาน)"
        return {r.id for r in rows}, label
    pillar_names = {p.id: f"ตัวชี้วัดที่ {p.number} {p.name_th}" for p in framework.pillars}
    if kind == "pillar" and parts and parts[0] in pillar_names:
        pillar_id, level = parts[0], _level(parts[1]) if len(parts) > 1 else None
        rows = list(found.latest.per_pillar.get(pillar_id, {}).values())
        if level is not None:
            rows = [r for r in rows if found.pillar_level(r, pillar_id) == level]
        at = f" ระดับ {level}" if level else ""
        return {r.id for r in rows}, f"ผลของ{pillar_names[pillar_id]}{at} ที่นับในแดชบอร์ด"
    if kind == "issue" and parts:
        place = {i.id: (p.id, i.name_th) for p, _, i in framework.issues()}
        if parts[0] not in place:
            return None
        pillar_id, name = place[parts[0]]
        rows = found.latest.per_pillar.get(pillar_id, {}).values()
        ids = set()
        for row in rows:
            result = found.results.get(row.id)
            issue = result.issues.get(parts[0]) if result else None
            if issue is not None and issue.value is not None:
                ids.add(row.id)
        return ids, f"ผลที่นับในค่าเฉลี่ยของประเด็น{name}"
    return None


def _progress_ids(
    session: Session, flt: AssessmentFilter, framework: Framework, kind: str, parts: list[str]
) -> tuple[set[int], str] | None:
    found = progress(session, flt, framework)
    if kind == "reached" and parts:
        names = {p.id: f"ตัวชี้วัดที่ {p.number}" for p in framework.pillars}
        if parts[0] not in names:
            return None
        label = f"แบบประเมินทั้งกรอบที่ตอบถึง{names[parts[0]]}แล้ว"
        return found.reached_ids(parts[0]), label
    if kind == "paused" and parts:
        issue_names = {i.id: i.name_th for _, _, i in framework.issues()}
        if parts[0] == PAUSED_NONE:
            return found.paused_ids(NOT_STARTED), "แบบประเมินที่พักไว้ก่อนตอบข้อแรก"
        if parts[0] in issue_names:
            label = f"แบบประเมินที่พักไว้หลังตอบประเด็น{issue_names[parts[0]]}"
            return found.paused_ids(parts[0]), label
    return None


def resolve_segment(session: Session, catalog: Catalog, flt: AssessmentFilter) -> AssessmentFilter:
    """The filter narrowed to its segment's ids (unchanged without a segment; an unknown
    segment is dropped with a Thai note)."""
    if not flt.segment:
        return flt
    kind, *parts = flt.segment.split(":")
    year = flt.year or catalog.current.year
    framework = framework_for(catalog, year)
    found = None
    if framework is not None and kind in {"overall", "pillar", "issue"}:
        pillar_ids = [p.id for p in framework.pillars]
        found = _counted_ids(counted(session, flt, year, pillar_ids), framework, kind, parts)
    elif framework is not None and kind in {"reached", "paused"}:
        found = _progress_ids(session, flt, framework, kind, parts)
    if found is None:
        note = "ไม่รู้จักกลุ่มข้อมูลจากแดชบอร์ดนี้ จึงแสดงตามตัวกรองอื่น"
        return replace(flt, segment="", errors=(*flt.errors, note))
    ids, label = found
    return flt.with_ids(ids, f"{label} · ปีกรอบการประเมิน {year}")

