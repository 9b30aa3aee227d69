"""The agencies pages of the admin web: the register with each agency's latest assessment
per year and its team, one agency's detail, and correcting the register (edit, merge)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Agency, Answer, Assessment, AssessmentMember, AuditEntry, Respondent
from tests.admin_support import add_assessment, db_of, page, place_agency_of
from tests.answer_sets import best_answers, worst_answers
from tests.frameworks import FRAMEWORK

pytest_plugins = ("tests.admin_fixtures",)

ISSUES = len(FRAMEWORK.issues())


def _join(app, assessment_id: int, name: str, pillars: list[str], answers: dict) -> None:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        person = Respondent(line_user_id=f"U-{name}", display_name=name)
        session.add(person)
        session.flush()
        session.add(AssessmentMember(
            assessment_id=assessment_id, respondent_id=person.id, role="member", pillars=pillars
        ))  # fmt: skip
        for question_id, value in answers.items():
            session.add(Answer(
                assessment_id=assessment_id, question_id=question_id, value={"v": value},
                answered_by=person.id,
            ))  # fmt: skip


@pytest.fixture
def register(admin_app) -> dict[str, int]:
    best, worst = best_answers(FRAMEWORK), worst_answers(FRAMEWORK)
    p1 = {q: a for q, a in best.items() if q.startswith("P1.")}
    ids = {
        "moi": add_assessment(admin_app, best, agency_name="กรมการปกครอง", line_user_id="Ua"),
        "lampang": add_assessment(
            admin_app,
            {},
            agency_type="provincial",
            agency_name="สำนักงานสถิติจังหวัดลำปาง",
            status="in_progress",
        ),
        "mdes": add_assessment(admin_app, worst, agency_name="สำนักงานสถิติแห่งชาติ"),
    }
    place_agency_of(admin_app, ids["moi"], "moi")
    place_agency_of(admin_app, ids["lampang"], "TH-52")
    place_agency_of(admin_app, ids["mdes"], "mdes")
    _join(admin_app, ids["lampang"], "สมชาย ฝ่ายไอที", ["P1"], p1)
    return ids


def _agency_of(app, assessment_id: int) -> int:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        return session.get_one(Assessment, assessment_id).agency_id


def test_the_list_shows_each_agencys_latest_assessment_with_its_team(client_as, register):
    body = page(client_as("viewer").get("/admin/agencies/"))
    for name in ("กรมการปกครอง", "สำนักงานสถิติจังหวัดลำปาง", "สำนักงานสถิติแห่งชาติ"):
        assert name in body
    assert "กระทรวงมหาดไทย" in body and "ลำปาง" in body
    assert "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม" in body
    p1_issues = len([1 for p, _, _ in FRAMEWORK.issues() if p.id == "P1"])
    assert f"ตอบแล้ว {p1_issues}/{ISSUES}" in body and "สมาชิก 2 คน" in body
    assert "ระดับ 5" in body and f'href="/admin/assessments/{register["moi"]}"' in body


def test_the_list_filters_by_ministry_province_type_and_name(admin_app, client_as, register):
    client = client_as("viewer")

    def listed(query: str) -> set[str]:
        body = page(client.get(f"/admin/agencies/?{query}"))
        return {n for n in ("กรมการปกครอง", "จังหวัดลำปาง", "สถิติแห่งชาติ") if n in body}

    assert listed("ministry=moi") == {"กรมการปกครอง"}
    assert listed("province=TH-52") == {"จังหวัดลำปาง"}
    assert listed("agency_type=provincial") == {"จังหวัดลำปาง"}
    assert listed("q=สถิติ") == {"จังหวัดลำปาง", "สถิติแห่งชาติ"}
    assert listed("q=%25") == set()
    assert 'data-testid="total">3<' in page(client.get("/admin/agencies/?ministry=nowhere"))


def test_the_detail_shows_members_roles_pillars_answers_and_progress(
    admin_app, client_as, register
):
    agency_id = _agency_of(admin_app, register["lampang"])
    body = page(client_as("viewer").get(f"/admin/agencies/{agency_id}"))
    assert "สมชาย ฝ่ายไอที" in body and "ผู้ประสานงาน" in body and "สมาชิก" in body
    p1 = [i for p, _, i in FRAMEWORK.issues() if p.id == "P1"]
    answers = sum(len(i.questions) for i in p1)
    assert f'<td data-label="จำนวนคำตอบ">{answers}</td>' in body
    assert f'progress-{register["lampang"]}-P1">{len(p1)}/{len(p1)}<' in body
    assert "จังหวัด" in body and "ลำปาง" in body
    assert client_as("viewer").get("/admin/agencies/99999").status_code == 404
    assessment = page(client_as("viewer").get(f"/admin/assessments/{register['lampang']}"))
    assert f'href="/admin/agencies/{agency_id}" data-testid="agency-link"' in assessment


def test_only_admins_edit_and_merge(admin_app, client_as, register):
    agency_id = _agency_of(admin_app, register["moi"])
    for role in ("viewer", "editor"):
        client = client_as(role)
        assert client.get(f"/admin/agencies/{agency_id}/edit").status_code == 403
        assert client.post(f"/admin/agencies/{agency_id}/merge", data={}).status_code == 403
    assert client_as("editor").get("/admin/agencies/").status_code == 403
    assert "แก้ไขข้อมูลหน่วยงาน" not in page(client_as("viewer").get(f"/admin/agencies/{agency_id}"))


def test_editing_an_agency_is_checked_and_audited(admin_app, client_as, register):
    agency_id = _agency_of(admin_app, register["moi"])
    client = client_as("admin")
    url = f"/admin/agencies/{agency_id}/edit"
    assert "กรมการปกครอง" in page(client.get(url))
    taken = client.post(url, data={"name": "สำนักงานสถิติแห่งชาติ", "agency_type": "service"})
    assert taken.status_code == 400 and "ประเภทนี้อยู่แล้ว" in page(taken)
    wrong = client.post(
        url, data={"name": "กรมการปกครอง", "agency_type": "service", "place": "TH-52"}
    )
    assert wrong.status_code == 400 and "กรุณาเลือกกระทรวงจากรายการ" in page(wrong)
    done = client.post(
        url, data={"name": "กรมการปกครอง (ปค.)", "agency_type": "service", "place": "moi"}
    )
    assert done.status_code == 302
    with db_of(admin_app).session() as session:
        assert session.get_one(Agency, agency_id).name == "กรมการปกครอง (ปค.)"
        assert session.get_one(Assessment, register["moi"]).agency_name == "กรมการปกครอง (ปค.)"
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "agency_edit")).one()
    assert entry.actor == "boss" and "กรมการปกครอง → กรมการปกครอง (ปค.)" in entry.detail["changes"]


def test_merging_a_duplicate_moves_its_assessments_after_typed_confirmation(
    admin_app, client_as, register
):
    duplicate = add_assessment(admin_app, {}, agency_name="กรมการปกครอง", agency_type="policy")
    keep, gone = _agency_of(admin_app, register["moi"]), _agency_of(admin_app, duplicate)
    client = client_as("admin")
    url = f"/admin/agencies/{keep}/merge"
    offered = page(client.get(url))
    assert f"other={gone}" in offered  # the same name of another type is offered
    summary = page(client.get(f"{url}?other={gone}"))
    assert 'data-testid="merge-summary"' in summary and "แบบประเมิน 1 รายการ" in summary
    refused = client.post(url, data={"other": gone, "confirm": "ok"})
    assert refused.status_code == 400 and "ให้ตรงเพื่อยืนยันการรวม" in page(refused)
    response = client.post(url, data={"other": gone, "confirm": "รวม"})
    assert response.status_code == 302
    assert "ย้ายแบบประเมิน 1 รายการ" in page(client.get(response.headers["Location"]))
    with db_of(admin_app).session() as session:
        assert session.get(Agency, gone) is None
        moved = session.get_one(Assessment, duplicate)
        assert (moved.agency_id, moved.agency_type) == (keep, "service")
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "agency_merge")).one()
    assert entry.detail["assessments_moved"] == 1 and entry.detail["into_agency"] == "กรมการปกครอง"
    assert f"/admin/assessments/{duplicate}" in page(client.get(f"/admin/agencies/{keep}"))


def test_a_merge_that_would_make_two_open_teams_is_refused_in_thai(admin_app, client_as, register):
    other = add_assessment(
        admin_app, {}, agency_type="provincial", agency_name="สนง.สถิติ ลำปาง", status="in_progress"
    )
    keep, gone = _agency_of(admin_app, register["lampang"]), _agency_of(admin_app, other)
    response = client_as("admin").post(
        f"/admin/agencies/{keep}/merge", data={"other": gone, "confirm": "รวม"}
    )
    assert response.status_code == 400
    assert "หน่วยงานหนึ่งมีทีมประเมินที่ยังไม่เสร็จได้เพียงทีมเดียวต่อปี" in page(response)
    not_a_number = client_as("admin").post(
        f"/admin/agencies/{keep}/merge", data={"other": "2.5", "confirm": "รวม"}
    )
    assert not_a_number.status_code == 400 and "กรุณากรอกเป็นตัวเลขจำนวนเต็ม" in page(not_a_number)
    with db_of(admin_app).session() as session:
        assert session.get(Agency, gone) is not None
        assert session.get_one(Assessment, other).agency_id == gone


def test_answers_of_people_who_deleted_their_data_stay_and_carried_ones_do_not_count(
    admin_app, client_as, register
):
    with db_of(admin_app).session() as session:
        carried = Answer(
            assessment_id=register["lampang"], question_id="P2.X.carried",
            value={"v": True, "carried": True},
        )  # fmt: skip
        session.add(carried)
    client = client_as("admin")
    forget = {"scope": "respondent", "confirm": "ลบ"}
    client.post(f"/admin/assessments/{register['moi']}/delete", data=forget)
    moi = page(client.get(f"/admin/agencies/{_agency_of(admin_app, register['moi'])}"))
    answers = sum(len(i.questions) for _, _, i in FRAMEWORK.issues())
    assert "ผู้ตอบที่ลบข้อมูลแล้ว" in moi and f'"จำนวนคำตอบ">{answers}</td>' in moi
    assert "ไม่มีสมาชิกในทีมแล้ว" not in moi
    lampang = page(client.get(f"/admin/agencies/{_agency_of(admin_app, register['lampang'])}"))
    assert "ผู้ตอบที่ลบข้อมูลแล้ว" not in lampang  # last time's answer is nobody's yet
