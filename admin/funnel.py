"""How far officials get: started, each pillar reached, finished, and where the unfinished
ones stopped (the issue of their last answer). Whole-framework assessments make the funnel;
one-pillar assessments are counted beside it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.assessment_query import AssessmentFilter
from scoring.model import Framework
from storage.assessments import Status
from storage.models import Answer, Assessment

CHUNK = 500
PAUSES_SHOWN = 10
NOT_STARTED = ""  # the "issue" of an unfinished assessment without any answer


@dataclass
class Progress:
    """Per assessment: status, whether it covers the whole framework, pillars with an
    answer, and the issue of its latest answer."""

    status: dict[int, str] = field(default_factory=dict)
    whole: set[int] = field(default_factory=set)
    reached: dict[int, set[str]] = field(default_factory=dict)
    last_issue: dict[int, str] = field(default_factory=dict)

    def reached_ids(self, pillar_id: str) -> set[int]:
        return {a for a in self.whole if pillar_id in self.reached.get(a, set())}

    def paused_ids(self, issue_id: str) -> set[int]:
        return {
            a
            for a, status in self.status.items()
            if status == Status.IN_PROGRESS and self.last_issue.get(a, NOT_STARTED) == issue_id
        }


@dataclass(frozen=True)
class Funnel:
    started: int
    reached: list[tuple[str, int]]
    finished: int
    paused: list[tuple[str, int]]
    pillar_started: int
    pillar_finished: int


def progress(session: Session, flt: AssessmentFilter, framework: Framework) -> Progress:
    """What ``Progress`` needs, for the assessments of the framework's year under the
    filter's agency type and dates."""
    where = AssessmentFilter(
        agency_type=flt.agency_type,
        year=framework.year,
        date_from=flt.date_from,
        date_to=flt.date_to,
    )
    found = Progress()
    query = where.apply(select(Assessment.id, Assessment.status, Assessment.scope))
    for assessment_id, status, scope in session.execute(query):
        found.status[assessment_id] = status
        if not scope:
            found.whole.add(assessment_id)
    place = {q.id: (p.id, i.id) for p, _, i in framework.issues() for q in i.questions}
    latest: dict[int, datetime] = {}
    ids = sorted(found.status)
    for start in range(0, len(ids), CHUNK):
        answers = select(Answer.assessment_id, Answer.question_id, Answer.updated_at).where(
            Answer.assessment_id.in_(ids[start : start + CHUNK])
        )
        for assessment_id, question_id, at in session.execute(answers):
            if question_id not in place:
                continue
            pillar_id, issue_id = place[question_id]
            found.reached.setdefault(assessment_id, set()).add(pillar_id)
            if assessment_id not in latest or at >= latest[assessment_id]:
                latest[assessment_id] = at
                found.last_issue[assessment_id] = issue_id
    return found


def funnel(found: Progress, framework: Framework) -> Funnel:
    whole = found.whole
    finished = sum(1 for a in whole if found.status[a] == Status.COMPLETED)
    reached = [(p.id, len(found.reached_ids(p.id))) for p in framework.pillars]
    paused = Counter(
        found.last_issue.get(a, NOT_STARTED)
        for a, status in found.status.items()
        if status == Status.IN_PROGRESS
    )
    others = set(found.status) - whole
    return Funnel(
        started=len(whole),
        reached=reached,
        finished=finished,
        paused=paused.most_common(PAUSES_SHOWN),
        pillar_started=len(others),
        pillar_finished=sum(1 for a in others if found.status[a] == Status.COMPLETED),
    )
