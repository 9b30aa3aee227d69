"""Accessibility: axe-core (from the npm registry, pinned in tests/browser/package-lock.json,
installed by `make test`) runs on every admin page in Chromium, on a laptop and a phone;
no serious or critical violation is allowed. Without axe-core the check is skipped, except
under CI=true where that is a failure."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.admin_browser import ARTIFACTS, LAPTOP, PHONE, sign_in
from tests.admin_live import ROOT

pytest_plugins = ("tests.admin_browser",)

AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
PAGES = {
    "dashboard": "/admin/",
    "dashboard-empty-year": "/admin/?agency_type=policy&date_from=1990-01-01&date_to=1990-01-02",
    "assessments": "/admin/assessments/",
    "assessments-sorted": "/admin/assessments/?sort=level&dir=asc&per_page=50",
    "assessments-segment": "/admin/assessments/?year=2565&segment=pillar:P1:1",
    "detail": "{detail}",
    "delete": "{detail}/delete",
    "texts": "/admin/texts/",
    "text-issue": "/admin/texts/P1.DaP.1",
    "text-history": "/admin/texts/P1.DaP.1/1-3/all/history",
    "text-compare": "/admin/texts/P1.DaP.1/1-3/all/compare",
    "grid": "/admin/texts/grid?band=4&type=policy",
    "search": "/admin/texts/search?q=ข้อมูล",
    "import": "/admin/texts/import",
    "glossary": "/admin/glossary/",
    "term": "/admin/glossary/dg-readiness",
    "term-history": "/admin/glossary/dg-readiness/history",
    "new-term": "/admin/glossary/new",
    "agencies": "/admin/agencies/",
    "agency": "/admin/agencies/1",
    "agency-edit": "/admin/agencies/1/edit",
    "agency-merge": "/admin/agencies/1/merge?other=2",
    "breakdown": "/admin/breakdown",
    "province": "/admin/provinces/TH-52",
    "users": "/admin/users/",
    "audit": "/admin/audit",
    "delivery": "/admin/delivery",
    "not-found": "/admin/assessments/999999",
}


def _axe_source() -> str:
    if not AXE.exists():
        problem = f"{AXE} is missing (run `make browser-js`, which runs npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    return AXE.read_text()


def _violations(page, source: str) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(content=source)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert len(result["passes"]) > 10, page.url  # axe really checked the page
    return [
        {
            "page": page.url,
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_every_admin_page_passes_axe(browser, survey_site, database_url, size):
    source = _axe_source()
    viewport = LAPTOP if size == "laptop" else PHONE
    # The pages' CSP allows only their own scripts; axe is injected by the test alone.
    context = browser.new_context(
        viewport=viewport, locale="th-TH", is_mobile=size == "phone", bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{survey_site}/admin/login")
    found = _violations(page, source)
    sign_in(page, survey_site, "boss")
    page.goto(f"{survey_site}/admin/assessments/")
    detail = page.locator("[data-testid=assessments] td.name a").first.get_attribute("href")
    for path in PAGES.values():
        page.goto(survey_site + path.format(detail=detail))
        for box in page.locator("details").all():  # folded content is checked too
            box.evaluate("el => el.open = true")
        found += _violations(page, source)
    context.close()
    if database_url.startswith("sqlite"):
        ARTIFACTS.mkdir(exist_ok=True)
        report = Path(ARTIFACTS / f"axe-{size}.json")
        report.write_text(json.dumps(found, ensure_ascii=False, indent=1))
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, json.dumps(blocking, ensure_ascii=False, indent=1)
