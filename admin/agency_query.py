"""What the agencies pages read: the register filtered by ministry, province, type and
name, each agency's latest assessment of every framework year with its team, and how
far an assessment has got (issues settled per pillar, the bot's "ตอบแล้ว n/39")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from admin.answer_labels import framework_for
from admin.display import AGENCY_TYPE_LABELS
from knowledge.catalog import Catalog
from knowledge.register import shipped_register
from scoring.model import Framework
from storage.agencies import last_activity, latest_of_agencies
from storage.assessments import Status, StoredAnswer, is_settled
from storage.models import Agency, Answer, Assessment, AssessmentMember, Respondent
from storage.teams import Role

PAGE_SIZE = 50
ANSWERER_GONE = "ผู้ตอบที่ลบข้อมูลแล้ว"


def place_name(agency: Agency) -> str | None:
    """The Thai name of the agency's ministry or province (None when unset)."""
    place = shipped_register().place(agency.province_id or agency.ministry_id)
    return None if place is None else place.name_th


@dataclass(frozen=True)
class AgencyFilter:
    q: str = ""
    agency_type: str = ""
    ministry_id: str = ""
    province_id: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AgencyFilter:
        register = shipped_register()
        ministry = args.get("ministry", "")
        province = args.get("province", "")
        agency_type = args.get("agency_type", "")
        return cls(
            q=" ".join(args.get("q", "").split())[:200],
            agency_type=agency_type if agency_type in AGENCY_TYPE_LABELS else "",
            ministry_id=ministry if ministry in {m.id for m in register.ministries} else "",
            province_id=province if province in {p.id for p in register.provinces} else "",
        )

    def to_args(self) -> dict[str, str]:
        args = {
            "q": self.q,
            "agency_type": self.agency_type,
            "ministry": self.ministry_id,
            "province": self.province_id,
        }
        return {key: value for key, value in args.items() if value}

    def apply(self, query: Select) -> Select:
        if self.q:
            query = query.where(func.lower(Agency.name).contains(self.q.lower(), autoescape=True))
        if self.agency_type:
            query = query.where(Agency.agency_type == self.agency_type)
        if self.ministry_id:
            query = query.where(Agency.ministry_id == self.ministry_id)
        if self.province_id:
            query = query.where(Agency.province_id == self.province_id)
        return query


# --- progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PillarProgress:
    pillar_id: str
    name: str
    done: int  # issues whose every question is answered or skipped
    total: int


def pillar_progress(
    framework: Framework, scope: Sequence[str] | None, answers: Mapping[str, StoredAnswer]
) -> list[PillarProgress]:
    """Per pillar in scope, the issues settled (the unit of the bot's "ตอบแล้ว n/39")."""
    found = []
    for pillar in framework.pillars:
        if scope and pillar.id not in scope:
            continue
        issues = [issue for sub in pillar.sub_pillars for issue in sub.issues]
        done = sum(all(is_settled(answers.get(q.id)) for q in issue.questions) for issue in issues)
        name = f"ตัวชี้วัดที่ {pillar.number} {pillar.name_th}"
        found.append(PillarProgress(pillar.id, name, done, len(issues)))
    return found


def answers_by_assessment(
    session: Session, ids: Iterable[int]
) -> dict[int, dict[str, StoredAnswer]]:
    found: dict[int, dict[str, StoredAnswer]] = {}
    query = select(Answer.assessment_id, Answer.question_id, Answer.value)
    for assessment_id, question_id, value in session.execute(
        query.where(Answer.assessment_id.in_(list(ids)))
    ):
        found.setdefault(assessment_id, {})[question_id] = value
    return found


# --- teams -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str
    pillars: tuple[str, ...]
    answers_given: int


Given = Mapping[tuple[int, int | None], int]


def answers_given(session: Session, ids: Sequence[int]) -> dict[tuple[int, int | None], int]:
    """(assessment id, respondent id or None once deleted) → answers standing as theirs,
    not counting last time's answers still waiting to be confirmed."""
    given: Counter[tuple[int, int | None]] = Counter()
    query = select(Answer.assessment_id, Answer.answered_by, Answer.value)
    for assessment_id, who, value in session.execute(query.where(Answer.assessment_id.in_(ids))):
        if is_settled(value):
            given[(assessment_id, who)] += 1
    return dict(given)


def teams_of(
    session: Session, ids: Sequence[int], given: Given | None = None
) -> dict[int, list[TeamMember]]:
    """Assessment id → its team, coordinator first; with ``given`` (``answers_given``)
    the answers each gave, and a row for those of people who deleted their data."""
    given = given or {}
    rows = session.execute(
        select(AssessmentMember, Respondent.display_name)
        .join(Respondent, Respondent.id == AssessmentMember.respondent_id)
        .where(AssessmentMember.assessment_id.in_(ids))
        .order_by(AssessmentMember.role != Role.COORDINATOR, AssessmentMember.joined_at)
    )
    teams: dict[int, list[TeamMember]] = {}
    for member, name in rows:
        teams.setdefault(member.assessment_id, []).append(
            TeamMember(
                name=name or "(ยังไม่ได้ตั้งชื่อที่แสดง)",
                role=member.role,
                pillars=tuple(member.pillars or ()),
                answers_given=given.get((member.assessment_id, member.respondent_id), 0),
            )
        )
    for assessment_id in ids:
        gone = given.get((assessment_id, None), 0)
        if gone:
            teams.setdefault(assessment_id, []).append(TeamMember(ANSWERER_GONE, "", (), gone))
    return teams


# --- the list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearLatest:
    """An agency's latest assessment of one framework year."""

    assessment: Assessment
    members: int
    coordinator: str | None
    answered: int
    total: int


@dataclass
class AgencyRow:
    agency: Agency
    place: str | None
    years: list[YearLatest] = field(default_factory=list)
    last_activity: datetime | None = None


def agency_rows(session: Session, agencies: Sequence[Agency], catalog: Catalog) -> list[AgencyRow]:
    rows = {a.id: AgencyRow(a, place_name(a)) for a in agencies}
    latest = latest_of_agencies(session, list(rows))
    ids = [a.id for a in latest.values()]
    teams = teams_of(session, ids)
    open_ids = [a.id for a in latest.values() if a.status != Status.COMPLETED]
    answers = answers_by_assessment(session, open_ids)
    for (agency_id, year), assessment in sorted(latest.items(), key=lambda kv: -kv[0][1]):
        team = [m for m in teams.get(assessment.id, []) if m.role]
        coordinator = next((m.name for m in team if m.role == Role.COORDINATOR), None)
        framework = framework_for(catalog, year)
        progress = (
            pillar_progress(framework, assessment.scope, answers.get(assessment.id, {}))
            if framework is not None
            else []
        )
        row = rows[agency_id]
        row.years.append(
            YearLatest(
                assessment,
                len(team),
                coordinator,
                sum(p.done for p in progress),
                sum(p.total for p in progress),
            )
        )
    for agency_id, at in last_activity(session, list(rows)).items():
        rows[agency_id].last_activity = at
    return [rows[a.id] for a in agencies]


def agencies_page(session: Session, flt: AgencyFilter, page: int) -> tuple[list[Agency], int]:
    """One page of the filtered register by name, and how many there are in all."""
    query = flt.apply(select(Agency))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    found = session.scalars(
        query.order_by(Agency.name, Agency.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return list(found), total
