"""Audit details read as Thai words, not stored dicts."""

from __future__ import annotations

from admin.audit_words import describe
from tests.admin_support import page

pytest_plugins = ("tests.admin_fixtures",)


def test_export_filters_read_as_thai():
    filters = {"agency_type": "provincial", "date_from": "2025-01-31"}
    line = describe({"filters": filters, "rows": 12})
    assert line == "ตัวกรอง: ประเภทหน่วยงาน หน่วยงานระดับจังหวัด, เริ่มประเมินตั้งแต่ 31 ม.ค. 2568 · 12 แถว"
    assert describe({"filters": {}, "rows": 0}).startswith("ตัวกรอง: ไม่มี")


def test_other_details_read_as_thai_and_unknown_keys_still_show():
    assert describe({"from_version": 3}) == "กู้คืนจากฉบับที่ 3"
    assert describe({"role": "viewer"}) == "บทบาท ผู้ดูรายงาน (viewer)"
    many = describe({"texts": 7, "keys": [f"k{n}" for n in range(7)]})
    assert many.startswith("7 ข้อความ · รหัสข้อความ k0, k1") and "และอีก 2 ข้อความ" in many
    assert describe({"something_new": "x"}) == "something_new: x"
    assert describe({}) == ""


def test_the_audit_page_shows_thai_words(client_as):
    client_as("viewer").post("/admin/assessments/export.xlsx", data={"agency_type": "provincial"})
    body = page(client_as("admin").get("/admin/audit"))
    assert "ประเภทหน่วยงาน หน่วยงานระดับจังหวัด" in body and "{'" not in body
