"""Why a result is what it is, for "ทำไมได้ระดับต่ำ": the level is the mean of its parts'
levels, cut down to a whole level, and the lowest parts pull it down."""

from __future__ import annotations

from scoring.assessment import AssessmentResult
from scoring.model import Framework
from scoring.rules import shown_value

WHY_WHOLE = (
    "ระดับภาพรวมคิดจากค่าเฉลี่ยระดับของทุกตัวชี้วัด ซึ่งของหน่วยงานท่านเท่ากับ {value} "
    "จึงอยู่ที่ระดับ {level} (ต้องถึงเกณฑ์ครบทั้งระดับจึงนับเป็นระดับนั้น)"
)
WHY_PILLAR = (
    "ระดับของตัวชี้วัดนี้คิดจากค่าเฉลี่ยระดับของตัวชี้วัดย่อย ซึ่งของหน่วยงานท่านเท่ากับ {value} "
    "จึงอยู่ที่ระดับ {level} (ต้องถึงเกณฑ์ครบทั้งระดับจึงนับเป็นระดับนั้น)"
)
WHY_PERCENT = (
    "คะแนนประเมินตนเองร้อยละ {percent} คิดจากร้อยละของแต่ละตัวชี้วัดถ่วงตามน้ำหนักของตัวชี้วัด "
    "ตัวชี้วัดที่ระดับต่ำจึงทำให้คะแนนต่ำไปด้วย"
)
WHY_LOWEST = "ส่วนที่ดึงค่าเฉลี่ยลงมากที่สุดคือ {parts}"
WHY_PARTIAL = "ผลนี้ยังตอบไม่ครบ {count} ประเด็น ค่าเฉลี่ยจึงคิดจากประเด็นที่ตอบแล้วเท่านั้น"
WHY_NEXT = "ผลรายตัวชี้วัดและสิ่งที่ควรทำก่อนอยู่ในข้อความถัดไปครับ"
WHY_NOTHING_SCORED = "ผลครั้งล่าสุดยังไม่มีประเด็นที่คิดระดับได้ จึงยังอธิบายที่มาของระดับไม่ได้ครับ"


def why_text(framework: Framework, result: AssessmentResult) -> str:
    """The explanation for a result: a whole-framework one by its pillars, a one-pillar one
    by that pillar's sub-pillars."""
    whole = len(result.scope) > 1
    if whole:
        parts = {p.id: p.name_th for p in framework.pillars if p.id in result.scope}
        figures, figure = result.pillars, result.overall
    else:
        pillar = framework.pillar(result.scope[0])
        parts = {s.id: s.name_th for s in pillar.sub_pillars}
        figures, figure = result.sub_pillars, result.pillars[pillar.id]
    scored = [(f.value, parts[key]) for key, f in figures.items() if key in parts and f.value]
    if figure.value is None or figure.level is None or not scored:
        return WHY_NOTHING_SCORED
    lowest = sorted(scored)[:2]
    lines = [
        (WHY_WHOLE if whole else WHY_PILLAR).format(
            value=shown_value(figure.value), level=figure.level
        ),
        WHY_LOWEST.format(
            parts=" และ ".join(f"{name} ({shown_value(value)})" for value, name in lowest)
        ),
    ]
    if whole and result.overall.percent is not None:
        lines.insert(1, WHY_PERCENT.format(percent=f"{result.overall.percent:.1f}"))
    if result.skipped:
        lines.append(WHY_PARTIAL.format(count=len(result.skipped)))
    lines.append(WHY_NEXT)
    return "\n".join(lines)
