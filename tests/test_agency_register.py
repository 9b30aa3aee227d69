"""Correcting the agency register in storage (storage.agencies): editing an agency and
merging a duplicate into it, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.agencies import AgencyRefused, agency_for, change_agency, merge_agencies
from storage.models import Agency, Assessment, AssessmentMember, Respondent


def _assessment(session, agency: Agency, user: str, status: str = "completed", **extra) -> int:
    person = Respondent(
        line_user_id=user, agency_id=agency.id, agency_name=agency.name,
        agency_type=agency.agency_type,
    )  # fmt: skip
    assessment = Assessment(
        respondent=person, agency_id=agency.id, agency_name=agency.name,
        agency_type=agency.agency_type, framework_year=2565, status=status, **extra,
    )  # fmt: skip
    session.add(assessment)
    session.flush()
    session.add(AssessmentMember(
        assessment_id=assessment.id, respondent_id=person.id, role="coordinator"
    ))  # fmt: skip
    return assessment.id


def test_merging_moves_assessments_and_people_and_deletes_the_duplicate(database):
    with database.session() as session:
        keep = agency_for(session, "กรมการปกครอง", "service", "moi")
        gone = agency_for(session, "กรมการปกครอง ", "policy")
        assert keep is not None and gone is not None
        moved = [_assessment(session, gone, "U1"), _assessment(session, gone, "U2")]
        own = _assessment(session, keep, "U3", status="in_progress")
        merged = merge_agencies(session, keep, gone)
        gone_id, keep_id = gone.id, keep.id
    assert (merged.assessments, merged.respondents) == (2, 2)
    with database.session() as session:
        assert session.get(Agency, gone_id) is None
        rows = session.scalars(select(Assessment).where(Assessment.id.in_([*moved, own]))).all()
        assert {a.agency_id for a in rows} == {keep_id}
        # The assessments hold the name and type of the agency they now belong to.
        assert {(a.agency_name, a.agency_type) for a in rows} == {("กรมการปกครอง", "service")}
        people = session.scalars(select(Respondent).where(Respondent.agency_id == keep_id)).all()
        assert len(people) == 3 and {p.agency_type for p in people} == {"service"}
        assert session.get_one(Agency, keep_id).ministry_id == "moi"


def test_two_open_teams_of_one_year_refuse_the_merge(database):
    with database.session() as session:
        keep = agency_for(session, "สำนักงานสถิติจังหวัดลำปาง", "provincial", "TH-52")
        gone = agency_for(session, "สนง.สถิติ ลำปาง", "provincial", "TH-52")
        assert keep is not None and gone is not None
        _assessment(session, keep, "U1", status="in_progress")
        _assessment(session, gone, "U2", status="in_progress")
        # An open one-pillar assessment is not a team colleagues join: it does not clash.
        _assessment(session, gone, "U3", status="in_progress", scope=["P1"])
        with pytest.raises(AgencyRefused, match="ทีมที่กำลังประเมินปี 2565"):
            merge_agencies(session, keep, gone)
        with pytest.raises(AgencyRefused):
            merge_agencies(session, keep, keep)


def test_editing_checks_the_register_and_the_name_per_type(database):
    with database.session() as session:
        agency = agency_for(session, "กรมตัวอย่าง", "service")
        other = agency_for(session, "กรมอื่น", "service")
        assert agency is not None and other is not None
        _assessment(session, agency, "U1")
        with pytest.raises(AgencyRefused, match="มีหน่วยงานชื่อ “กรมอื่น” ประเภทนี้อยู่แล้ว"):
            change_agency(session, agency, "กรมอื่น", "service", None)
        with pytest.raises(AgencyRefused, match="กรุณาเลือกจังหวัด"):
            change_agency(session, agency, "กรมตัวอย่าง", "provincial", "moi")
        with pytest.raises(AgencyRefused, match="กรุณาเลือกกระทรวง"):
            change_agency(session, agency, "กรมตัวอย่าง", "service", "TH-52")
        change_agency(session, agency, "  กรมอื่น  ", "policy", "mdes")
        assert (agency.name, agency.agency_type, agency.ministry_id) == ("กรมอื่น", "policy", "mdes")
        snapshot = session.scalars(select(Assessment.agency_name)).all()
        assert snapshot == ["กรมอื่น"]
