"""The assessment export as a table: typed cells, Thai column headers with a code each, and
a lookup of every code (pillars, issues, questions, options and checklist items).

A one-pillar assessment leaves the overall columns empty: its level is in its pillar's
columns and the scope column names the pillar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from admin.answer_labels import export_value
from admin.display import AGENCY_TYPE_LABELS, STATUS_LABELS, in_bangkok
from admin.scope import ScopeLabels
from scoring.model import Framework, Question
from storage.models import Assessment
from storage.results import StoredResult

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_MAX = 90


def safe_cell(value: Any) -> Any:
    """A text a spreadsheet would run as a formula starts with an apostrophe instead."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _short(text: str) -> str:
    return text if len(text) <= HEADER_MAX else text[: HEADER_MAX - 1] + "…"


@dataclass(frozen=True)
class Column:
    header: str  # Thai
    code: str
    kind: str = "text"  # text | number | date


FIXED = (
    Column("เลขที่", "id", "number"),
    Column("หน่วยงาน", "agency_name"),
    Column("ประเภทหน่วยงาน", "agency_type"),
    Column("รหัสหน่วยงาน", "agency_id", "number"),
    Column("กระทรวง", "ministry"),
    Column("จังหวัด", "province"),
    Column("ปีกรอบการประเมิน", "framework_year", "number"),
    Column("ขอบเขต", "scope"),
    Column("สถานะ", "status"),
    Column("จำนวนสมาชิกทีม", "members", "number"),
    Column("เริ่มประเมิน", "started_at", "date"),
    Column("ประเมินเสร็จ", "finished_at", "date"),
    Column("ระดับภาพรวม", "overall.level", "number"),
    Column("ค่าภาพรวม", "overall.value", "number"),
    Column("คะแนนประเมินตนเอง (%)", "overall.percent", "number"),
)


@dataclass(frozen=True)
class AgencyCells:
    """What a row shows of the assessment's agency and team."""

    ministry: str = ""  # Thai names from the register
    province: str = ""
    members: int = 0


@dataclass(frozen=True)
class LookupRow:
    kind: str
    code: str
    name: str
    parent: str
    year: int


@dataclass(frozen=True)
class ExportTable:
    """Columns of the years exported: each row fills them from its own framework year."""

    columns: list[Column]
    pillars: list[str]
    issues: list[str]
    questions: dict[str, Question]
    lookup: list[LookupRow]

    @classmethod
    def of(cls, frameworks: Iterable[Framework]) -> ExportTable:
        pillar_cols: dict[str, tuple[Column, Column]] = {}
        issue_cols: dict[str, Column] = {}
        question_cols: dict[str, Column] = {}
        questions: dict[str, Question] = {}
        lookup: list[LookupRow] = []
        for framework in frameworks:
            for pillar in framework.pillars:
                name = f"ตัวชี้วัดที่ {pillar.number}"
                pillar_cols.setdefault(
                    pillar.id,
                    (
                        Column(f"{name} ระดับ", f"{pillar.id}.level", "number"),
                        Column(f"{name} ค่า", f"{pillar.id}.value", "number"),
                    ),
                )
                label = f"{name} {pillar.name_th}"
                lookup.append(LookupRow("ตัวชี้วัด", pillar.id, label, "", framework.year))
            for pillar, _, issue in framework.issues():
                header = f"{_short(issue.name_th)} (ระดับ)"
                issue_cols.setdefault(issue.id, Column(header, f"{issue.id}.level", "number"))
                lookup.append(
                    LookupRow("ประเด็น", issue.id, issue.name_th, pillar.id, framework.year)
                )
                for question in issue.questions:
                    questions.setdefault(question.id, question)
                    kind = "number" if question.type == "number" else "text"
                    header = _short(f"{issue.name_th}: {question.text}")
                    question_cols.setdefault(question.id, Column(header, question.id, kind))
                    lookup += _question_lookup(question, issue.id, framework.year)
        pillars = list(pillar_cols)
        columns = [
            *FIXED,
            *[pillar_cols[p][0] for p in pillars],
            *[pillar_cols[p][1] for p in pillars],
            *issue_cols.values(),
            *question_cols.values(),
        ]
        return cls(columns, pillars, list(issue_cols), questions, _unique(lookup))

    def row(
        self,
        a: Assessment,
        answers: dict[str, Any],
        own: Framework | None,
        scopes: ScopeLabels,
        agency: AgencyCells,
    ) -> list[Any]:
        result = StoredResult.read(a.result)
        questions = {q.id: q for _, _, i in own.issues() for q in i.questions} if own else {}
        pillar_figures = result.pillars if result else {}
        issue_figures = result.issues if result else {}
        overall = result.overall if result and not a.scope else None
        cells = [
            a.id,
            a.agency_name or "",
            AGENCY_TYPE_LABELS.get(a.agency_type, a.agency_type),
            a.agency_id,
            agency.ministry,
            agency.province,
            a.framework_year,
            scopes.label(a.framework_year, a.scope),
            STATUS_LABELS.get(a.status, a.status),
            agency.members,
            _local(a.started_at),
            _local(a.finished_at),
            overall.level if overall else None,
            overall.value if overall else None,
            overall.percent if overall else None,
            *[f.level if (f := pillar_figures.get(p)) else None for p in self.pillars],
            *[f.value if (f := pillar_figures.get(p)) else None for p in self.pillars],
            *[i.level if (i := issue_figures.get(iid)) else None for iid in self.issues],
            *[
                export_value(questions.get(q), answers[q]) if q in answers else None
                for q in self.questions
            ],
        ]
        return [safe_cell(value) for value in cells]


def _local(moment: datetime | None) -> datetime | None:
    """Bangkok wall time without a zone: spreadsheets have no time zones."""
    return None if moment is None else in_bangkok(moment).replace(tzinfo=None)


def _question_lookup(question: Question, issue_id: str, year: int) -> list[LookupRow]:
    rows = [LookupRow("คำถาม", question.id, question.text, issue_id, year)]
    for kind, choices in (("ตัวเลือก", "options"), ("ข้อย่อย", "items")):
        for choice in getattr(question, choices, ()):
            code = f"{question.id}/{choice.id}"
            rows.append(LookupRow(kind, code, choice.text, question.id, year))
    return rows


def _unique(rows: list[LookupRow]) -> list[LookupRow]:
    seen: dict[tuple[str, str], LookupRow] = {}
    for row in rows:
        seen.setdefault((row.kind, row.code), row)
    return list(seen.values())
