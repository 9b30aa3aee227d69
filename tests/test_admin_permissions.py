"""Every admin route by role: who may use it, who gets 403, and that nothing changes by GET."""

from __future__ import annotations

import pytest

from storage.models import Assessment
from tests.admin_support import add_assessment, db_of, log_in

pytest_plugins = ("tests.admin_fixtures",)

EVERYONE = {"admin", "editor", "viewer"}
EDITORS = {"admin", "editor"}
READERS = {"admin", "viewer"}
ADMINS = {"admin"}

TEXT = "/admin/texts/P1.DaP.1/1-3/all"
TERM = "/admin/glossary/dg-readiness"
TEXT_FORM = {"text": "ข้อความทดสอบสิทธิ์", "base_version": "1"}
TERM_FORM = {"definition": "คำอธิบายทดสอบสิทธิ์", "aliases": "", "base_version": "1"}
TWO_FACTOR = "/admin/account/two-factor"

# endpoint → (method, url, form, roles allowed). {aid} and {uid} are filled in per test.
ROUTES: dict[str, tuple[str, str, dict[str, str], set[str]]] = {
    "admin.index": ("GET", "/admin/", {}, EVERYONE),
    "admin.texts_index": ("GET", "/admin/texts/", {}, EVERYONE),
    "admin.text_issue": ("GET", "/admin/texts/P1.DaP.1", {}, EVERYONE),
    "admin.text_history": ("GET", f"{TEXT}/history", {}, EVERYONE),
    "admin.text_save": ("POST", TEXT, TEXT_FORM, EDITORS),
    "admin.text_restore": ("POST", f"{TEXT}/restore", {"version": "1"}, EDITORS),
    "admin.text_reset": ("POST", f"{TEXT}/reset", {}, EDITORS),
    "admin.glossary_index": ("GET", "/admin/glossary/", {}, EVERYONE),
    "admin.glossary_term": ("GET", TERM, {}, EVERYONE),
    "admin.glossary_history": ("GET", f"{TERM}/history", {}, EVERYONE),
    "admin.glossary_save": ("POST", TERM, TERM_FORM, EDITORS),
    "admin.glossary_restore": ("POST", f"{TERM}/restore", {"version": "1"}, EDITORS),
    "admin.glossary_reset": ("POST", f"{TERM}/reset", {}, EDITORS),
    "admin.glossary_new": ("GET", "/admin/glossary/new", {}, EDITORS),
    "admin.glossary_delete": ("POST", f"{TERM}/delete", {"confirm": "ลบ"}, EDITORS),
    "admin.glossary_compare": ("GET", f"{TERM}/compare", {}, EVERYONE),
    "admin.text_compare": ("GET", f"{TEXT}/compare", {}, EVERYONE),
    "admin.texts_grid": ("GET", "/admin/texts/grid?band=4", {}, EVERYONE),
    "admin.texts_grid_save": ("POST", "/admin/texts/grid/P1.DaP.1/4/all", TEXT_FORM, EDITORS),
    "admin.texts_search": ("GET", "/admin/texts/search?q=API", {}, EVERYONE),
    "admin.texts_export": ("POST", "/admin/texts/export.xlsx", {}, EVERYONE),
    "admin.texts_import": ("GET", "/admin/texts/import", {}, EDITORS),
    "admin.texts_import_apply": ("POST", "/admin/texts/import/apply", {}, EDITORS),
    "admin.assessments_list": ("GET", "/admin/assessments/", {}, READERS),
    "admin.assessment_detail": ("GET", "/admin/assessments/{aid}", {}, READERS),
    "admin.assessment_delete": ("GET", "/admin/assessments/{aid}/delete", {}, ADMINS),
    "admin.agencies_list": ("GET", "/admin/agencies/", {}, READERS),
    "admin.agency_detail": ("GET", "/admin/agencies/{agency}", {}, READERS),
    "admin.agency_edit": ("GET", "/admin/agencies/{agency}/edit", {}, ADMINS),
    "admin.agency_merge": ("GET", "/admin/agencies/{agency}/merge", {}, ADMINS),
    "admin.breakdown": ("GET", "/admin/breakdown", {}, READERS),
    "admin.province_rollup": ("GET", "/admin/provinces/TH-52", {}, READERS),
    "admin.export_csv": ("POST", "/admin/assessments/export.csv", {}, READERS),
    "admin.export_xlsx": ("POST", "/admin/assessments/export.xlsx", {}, READERS),
    "admin.users": ("GET", "/admin/users/", {}, ADMINS),
    "admin.delivery": ("GET", "/admin/delivery", {}, ADMINS),
    "admin.user_create": ("POST", "/admin/users/", {"username": "x"}, ADMINS),
    "admin.user_role": ("POST", "/admin/users/{uid}/role", {"role": "viewer"}, ADMINS),
    "admin.user_active": ("POST", "/admin/users/{uid}/active", {"active": "1"}, ADMINS),
    "admin.user_password": ("POST", "/admin/users/{uid}/password", {}, ADMINS),
    "admin.audit_log": ("GET", "/admin/audit", {}, ADMINS),
    "admin.two_factor_settings": ("GET", TWO_FACTOR, {}, EVERYONE),
    "admin.two_factor_start": ("POST", f"{TWO_FACTOR}/start", {}, EVERYONE),
    "admin.two_factor_enable": ("POST", f"{TWO_FACTOR}/enable", {"code": "1"}, EVERYONE),
    "admin.two_factor_disable": ("POST", f"{TWO_FACTOR}/disable", {"code": "1"}, EVERYONE),
    "admin.logout": ("POST", "/admin/logout", {}, EVERYONE),
}
# The code step of two-factor sign-in comes before the session, like the login page.
PUBLIC = {"admin.login", "admin.login_code", "admin.static"}


def _url(template: str, app) -> str:  # type: ignore[no-untyped-def]
    aid = add_assessment(app, {}, status="in_progress") if "{aid}" in template else 0
    agency = 0
    if "{agency}" in template:
        assessment = add_assessment(app, {}, agency_name="กรมสิทธิ์", status="in_progress")
        with db_of(app).session() as session:
            agency = session.get_one(Assessment, assessment).agency_id
    return template.format(aid=aid, uid=1, agency=agency)


def test_every_admin_route_is_in_the_permission_table(admin_app):
    endpoints = {
        r.endpoint for r in admin_app.url_map.iter_rules() if r.endpoint.startswith("admin.")
    }
    assert endpoints == set(ROUTES) | PUBLIC


def test_state_changing_routes_refuse_get(admin_app, client_as):
    rules = {r.endpoint: r.methods for r in admin_app.url_map.iter_rules()}
    for endpoint, (method, _, _, _) in ROUTES.items():
        if method == "POST":
            assert "GET" not in rules[endpoint], endpoint
    # Only these show a form by GET (and act on its POST).
    both = {e for e, methods in rules.items() if {"GET", "POST"} <= methods}
    assert both == {
        "admin.login",
        "admin.login_code",
        "admin.assessment_delete",
        "admin.agency_edit",
        "admin.agency_merge",
        "admin.glossary_new",
        "admin.texts_import",
    }
    client = client_as("admin")
    for url in [TEXT, f"{TEXT}/reset", f"{TERM}/restore", "/admin/users/1/role", "/admin/logout"]:
        assert client.get(url).status_code == 405, url


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_each_role_reaches_exactly_its_routes(admin_app, client_as, role):
    client = client_as(role)
    assert list(ROUTES)[-1] == "admin.logout"  # one signed-in client for the whole table
    for endpoint, (method, template, form, allowed) in ROUTES.items():
        url = _url(template, admin_app)
        response = client.open(url, method=method, data=form)
        if role in allowed:
            assert response.status_code not in (401, 403), (endpoint, response.status_code)
            location = response.headers.get("Location", "")
            assert "/admin/login" not in location or endpoint == "admin.logout", endpoint
        else:
            assert response.status_code == 403, (endpoint, response.status_code)
            assert "ไม่มีสิทธิ์" in response.get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_the_login_page(admin_app):
    client = admin_app.test_client()
    for endpoint, (method, template, form, _) in ROUTES.items():
        response = client.open(_url(template, admin_app), method=method, data=form)
        assert response.status_code == 302, endpoint
        assert "/admin/login" in response.headers["Location"], endpoint
    assert client.get("/admin/login").status_code == 200
    assert client.get("/admin/static/admin.css").status_code == 200
    assert log_in(client, "boss").status_code == 302
