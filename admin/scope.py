"""What an assessment covers: the whole framework, or some pillars ("ตัวชี้วัดที่ 4").
A one-pillar result's level is that pillar's level, never an overall level."""

from __future__ import annotations

from collections.abc import Sequence

from admin.answer_labels import framework_for
from knowledge.catalog import Catalog
from scoring.model import Framework

WHOLE = "ทั้งกรอบการประเมิน"


def _number(framework: Framework | None, pillar_id: str) -> str:
    if framework is None:
        return pillar_id
    try:
        return str(framework.pillar(pillar_id).number)
    except KeyError:
        return pillar_id


def scope_label(framework: Framework | None, scope: Sequence[str] | None) -> str:
    """"ทั้งกรอบการประเมิน", or "ตัวชี้วัดที่ 4" / "ตัวชี้วัดที่ 3, 4"."""
    if not scope:
        return WHOLE
    return "ตัวชี้วัดที่ " + ", ".join(_number(framework, p) for p in scope)


def level_heading(framework: Framework | None, scope: Sequence[str] | None) -> str:
    """The headline over a result's level: overall, or the pillar(s) it covers."""
    if not scope:
        return "ระดับความพร้อมภาพรวม"
    if len(scope) == 1:
        return "ระดับ" + scope_label(framework, scope)
    return "ระดับเฉลี่ยของ" + scope_label(framework, scope)


class ScopeLabels:
    """Scope labels for many rows, each in its own framework year."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._frameworks: dict[int, Framework | None] = {}

    def framework(self, year: int) -> Framework | None:
        if year not in self._frameworks:
            self._frameworks[year] = framework_for(self._catalog, year)
        return self._frameworks[year]

    def label(self, year: int, scope: Sequence[str] | None) -> str:
        return scope_label(self.framework(year), scope)
