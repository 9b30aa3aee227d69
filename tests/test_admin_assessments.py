"""Assessments in the admin web: list filters, detail with labels, PDPA deletion."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from storage.models import Agency, Answer, Assessment, AuditEntry, Respondent
from tests.admin_support import add_assessment, db_of, page
from tests.answer_sets import best_answers, worst_answers
from tests.frameworks import FRAMEWORK

pytest_plugins = ("tests.admin_fixtures",)


@pytest.fixture
def stored(admin_app) -> dict[str, int]:
    """Five assessments: two agencies done, one unfinished, one partial."""
    framework = FRAMEWORK
    best, worst = best_answers(framework), worst_answers(framework)
    ids = {
        "older": add_assessment(
            admin_app,
            worst,
            agency_name="กรมการปกครอง",
            started_at=datetime(2025, 1, 9, 18, 0, tzinfo=UTC),  # 10 Jan, 01:00 in Bangkok
        ),
        "policy": add_assessment(
            admin_app, worst, agency_type="policy", agency_name="สำนักงานนโยบาย", line_user_id="Upol"
        ),
        "latest": add_assessment(admin_app, best, agency_name="กรมการปกครอง"),
        "unfinished": add_assessment(
            admin_app,
            {},
            agency_type="provincial",
            agency_name="จังหวัดเชียงใหม่",
            status="in_progress",
        ),
        "partial": add_assessment(
            admin_app,
            {q: a for q, a in best.items() if q.startswith("P3.")},
            agency_type="policy",
            agency_name="สำนักงานนโยบาย",
            line_user_id="Upol",
            scope=["P3"],
        ),
    }
    return ids


def _listed(client, query: str = "") -> set[int]:  # type: ignore[no-untyped-def]
    body = page(client.get(f"/admin/assessments/?{query}"))
    return {
        int(part.split('"')[0])
        for part in body.split('href="/admin/assessments/')[1:]
        if part.split('"')[0].isdigit()
    }


def test_filters_and_search(client_as, stored):
    client = client_as("viewer")
    assert _listed(client) == set(stored.values())
    assert _listed(client, "agency_type=policy") == {stored["policy"], stored["partial"]}
    assert _listed(client, "q=ปกครอง") == {stored["older"], stored["latest"]}
    assert _listed(client, "q=%25") == set()
    # The level filter counts whole-framework results: the Pillar 3 one at 5 is not an overall 5.
    assert _listed(client, "level=5") == {stored["latest"]}
    assert _listed(client, "scope=pillar") == {stored["partial"]}
    assert _listed(client, "scope=whole&status=completed") == {
        stored["older"],
        stored["policy"],
        stored["latest"],
    }
    assert _listed(client, "status=unfinished") == {stored["unfinished"]}
    assert _listed(client, "status=completed&level=1") == {stored["older"], stored["policy"]}
    assert _listed(client, "year=2565") == set(stored.values())
    assert _listed(client, "year=2566") == set()
    # Dates are Bangkok days: 18:00 UTC on 9 January is 10 January in Thailand.
    assert _listed(client, "date_from=2025-01-10&date_to=2025-01-10") == {stored["older"]}
    assert _listed(client, "date_to=2025-01-09") == set()


def test_a_malformed_filter_is_ignored_with_a_thai_note(client_as, stored):
    response = client_as("viewer").get("/admin/assessments/?date_from=2025-13-01&level=9")
    assert response.status_code == 200
    assert "วันที่เริ่มไม่ถูกต้อง" in page(response)
    assert len(_listed(client_as("viewer"), "date_from=2025-13-01&level=9")) == len(stored)


def test_the_list_is_paginated(admin_app, client_as):
    for number in range(23):
        add_assessment(admin_app, {}, agency_name=f"หน่วยงาน {number}", status="in_progress")
    client = client_as("viewer")
    first = page(client.get("/admin/assessments/?status=unfinished"))
    assert "หน้า 1 จาก 2" in first and 'data-testid="total">23<' in first
    assert "page=2&amp;status=unfinished" in first or "status=unfinished&amp;page=2" in first
    assert len(_listed(client, "status=unfinished&page=2")) == 3


def test_detail_shows_the_result_and_every_answer_with_labels(client_as, stored):
    body = page(client_as("viewer").get(f"/admin/assessments/{stored['policy']}"))
    framework = FRAMEWORK
    assert "ระดับขั้นริเริ่ม" in body and "คะแนนประเมินตนเอง" in body
    assert "ก้าวต่อไปที่แนะนำ" in body and "แชทบอทแสดง 5 ข้อแรก" in body and "ดูทั้งหมด" in body
    for _, _, issue in framework.issues():
        for question in issue.questions:
            assert str(escape(question.text)) in body, question.id
    checklist = framework.issue("P3.PP.1").questions[0]
    assert f"เลือก 0 จาก {len(checklist.items)} ข้อ" in body
    best = page(client_as("viewer").get(f"/admin/assessments/{stored['latest']}"))
    assert checklist.items[0].text in best
    stars = framework.issue("P1.DaP.2").questions[0]
    chosen = best_answers(framework)[stars.id]
    assert next(o.text for o in stars.options if o.id == chosen) in best
    # An issue in stages shows its step in its own scale, as the chat does.
    stages = framework.issue("P4.CC.1").rule
    assert f"ขั้นที่ {stages.top} จาก {stages.top} (สูงสุดของประเด็นนี้)" in best
    assert client_as("viewer").get("/admin/assessments/99999").status_code == 404


def test_an_agency_name_with_html_is_escaped(admin_app, client_as):
    aid = add_assessment(
        admin_app, {}, agency_name="<script>alert(1)</script>", status="in_progress"
    )
    client = client_as("admin")
    for url in [
        "/admin/assessments/",
        f"/admin/assessments/{aid}",
        f"/admin/assessments/{aid}/delete",
    ]:
        body = page(client.get(url))
        assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body


def _count(app, model) -> int:  # type: ignore[no-untyped-def]
    with db_of(app).session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_delete_needs_confirmation_and_is_audited(admin_app, client_as, stored):
    client = client_as("admin")
    url = f"/admin/assessments/{stored['latest']}/delete"
    assert "พิมพ์คำว่า “ลบ”" in page(client.get(url))
    refused = client.post(url, data={"scope": "assessment", "confirm": "ok"})
    assert refused.status_code == 400 and "ให้ตรงเพื่อยืนยัน" in page(refused)
    answers_before = _count(admin_app, Answer)
    response = client.post(url, data={"scope": "assessment", "confirm": "ลบ"})
    assert response.status_code == 302
    with db_of(admin_app).session() as session:
        assert session.get(Assessment, stored["latest"]) is None
        left = session.scalar(
            select(func.count(Answer.id)).where(Answer.assessment_id == stored["latest"])
        )
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "assessment_delete")
        ).one()
    assert left == 0 and _count(admin_app, Answer) < answers_before
    assert entry.actor == "boss" and entry.detail["agency_name"] == "กรมการปกครอง"
    assert client.get(f"/admin/assessments/{stored['latest']}").status_code == 404


def test_deleting_a_respondent_keeps_the_agencys_finished_results(admin_app, client_as, stored):
    unfinished = add_assessment(
        admin_app, {}, agency_type="policy", agency_name="สำนักงานนโยบาย", line_user_id="Upol",
        status="in_progress",
    )  # fmt: skip
    nameless = add_assessment(admin_app, {}, agency_name=None, line_user_id="Upol")
    client = client_as("admin")
    url = f"/admin/assessments/{stored['policy']}/delete"
    asked = page(client.get(url))
    assert 'data-testid="deleted">2<' in asked and 'data-testid="kept">2<' in asked
    response = client.post(url, data={"scope": "respondent", "confirm": "ลบ"})
    assert response.status_code == 302
    told = page(client.get(response.headers["Location"]))
    assert "พร้อมแบบประเมิน 2 รายการ" in told and "ยังเก็บไว้กับหน่วยงาน" in told
    with db_of(admin_app).session() as session:
        assert session.scalar(select(Respondent).where(Respondent.line_user_id == "Upol")) is None
        # The person and what only they had go; the agency's finished results stay.
        assert session.get(Assessment, unfinished) is None
        assert session.get(Assessment, nameless) is None
        kept = session.get_one(Assessment, stored["policy"])
        assert kept.respondent_id is None and kept.agency_name == "สำนักงานนโยบาย"
        assert session.get(Assessment, stored["partial"]) is not None
        assert session.get(Assessment, stored["latest"]) is not None
        answerers = session.scalars(
            select(Answer.answered_by).where(Answer.assessment_id == stored["policy"])
        ).all()
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "respondent_delete")
        ).one()
    assert answerers and set(answerers) == {None}
    assert entry.detail["assessments_deleted"] == 2 and entry.detail["assessments_kept"] == 2


def test_deleting_a_respondent_removes_the_agency_name_only_they_used(admin_app, client_as):
    typo = add_assessment(
        admin_app, {}, agency_name="กรมที่พิมพ์ผิด", line_user_id="Utypo", status="in_progress"
    )
    kept = add_assessment(admin_app, {}, agency_name="กรมที่ยังอยู่", line_user_id="Ukeep")
    response = client_as("admin").post(
        f"/admin/assessments/{typo}/delete", data={"scope": "respondent", "confirm": "ลบ"}
    )
    assert response.status_code == 302
    client_as("admin").post(
        f"/admin/assessments/{kept}/delete", data={"scope": "respondent", "confirm": "ลบ"}
    )
    # As when the user deletes their own data: a name only their deleted assessment used
    # goes; the agency of a finished result stays with it.
    with db_of(admin_app).session() as session:
        names = session.scalars(select(Agency.name)).all()
        assert session.get(Assessment, typo) is None
        assert session.get(Assessment, kept) is not None
    assert "กรมที่พิมพ์ผิด" not in names and "กรมที่ยังอยู่" in names


def test_an_assessment_whose_starter_is_gone_can_only_be_deleted_itself(admin_app, client_as):
    aid = add_assessment(admin_app, {}, agency_name="กรมที่ยังอยู่", line_user_id="Ugone")
    client = client_as("admin")
    client.post(f"/admin/assessments/{aid}/delete", data={"scope": "respondent", "confirm": "ลบ"})
    url = f"/admin/assessments/{aid}/delete"
    asked = page(client.get(url))
    assert 'value="respondent"' not in asked and "ลบข้อมูลของตนไปแล้ว" in asked
    refused = client.post(url, data={"scope": "respondent", "confirm": "ลบ"})
    assert refused.status_code == 400
    assert client.post(url, data={"scope": "assessment", "confirm": "ลบ"}).status_code == 302
    with db_of(admin_app).session() as session:
        assert session.get(Assessment, aid) is None


def test_only_admins_delete(client_as, stored):
    url = f"/admin/assessments/{stored['latest']}/delete"
    for role in ("viewer", "editor"):
        assert (
            client_as(role).post(url, data={"scope": "assessment", "confirm": "ลบ"}).status_code
            == 403
        )


def test_exports_are_post_only_and_not_for_editors(client_as):
    assert client_as("viewer").get("/admin/assessments/export.csv").status_code == 405
    assert client_as("editor").post("/admin/assessments/export.csv").status_code == 403
    assert client_as("editor").get("/admin/assessments/").status_code == 403
