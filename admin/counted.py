"""The results the dashboard counts: each agency's latest completed result in a framework
year (``storage.assessments.latest_per_agency``), narrowed by agency type and the days the
assessments started. The dashboard and the lists its charts link to use this one choice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.assessment_query import AssessmentFilter
from storage.assessments import CompletedRow, LatestResults, completed_rows, latest_per_agency
from storage.models import Assessment
from storage.results import StoredResult

CHUNK = 500


@dataclass(frozen=True)
class Counted:
    rows: list[CompletedRow]
    latest: LatestResults
    results: dict[int, StoredResult]

    def overall_level(self, row: CompletedRow) -> int | None:
        result = self.results.get(row.id)
        return result.overall.level if result else None

    def pillar_level(self, row: CompletedRow, pillar_id: str) -> int | None:
        result = self.results.get(row.id)
        figure = result.pillars.get(pillar_id) if result else None
        return figure.level if figure else None


def stored_results(session: Session, ids: set[int]) -> dict[int, StoredResult]:
    ordered = sorted(ids)
    results: dict[int, StoredResult] = {}
    for start in range(0, len(ordered), CHUNK):
        query = select(Assessment.id, Assessment.result).where(
            Assessment.id.in_(ordered[start : start + CHUNK])
        )
        for assessment_id, stored in session.execute(query):
            if (result := StoredResult.read(stored)) is not None:
                results[assessment_id] = result
    return results


def counted(
    session: Session, flt: AssessmentFilter, year: int, pillar_ids: list[str]
) -> Counted:
    """The counted results of ``year`` under the filter's agency type and dates."""
    rows = completed_rows(session, year, flt.agency_type)
    if flt.date_from or flt.date_to:
        window = AssessmentFilter(date_from=flt.date_from, date_to=flt.date_to)
        allowed = set(session.scalars(window.apply(select(Assessment.id))))
        rows = [row for row in rows if row.id in allowed]
    latest = latest_per_agency(rows, pillar_ids)
    wanted = {r.id for r in latest.overall.values()}
    wanted |= {r.id for chosen in latest.per_pillar.values() for r in chosen.values()}
    return Counted(rows, latest, stored_results(session, wanted))
