"""The web view in a real browser (Playwright driving Debian's Chromium with a Thai font)
against gunicorn with its access log on, at 390 px and 1366 px, screenshots kept under
test-artifacts/web-*.png. An official finishes an assessment in the chat, opens the link
from the result card, re-opens it, ticks every item of a checklist and sees the level
change, finishes again, prints the report to PDF (its text layer holds the Thai agency
name and the level), shares it with a supervisor who is not signed in, revokes the share;
tampered and revoked links get a Thai page without data; no token reaches the logs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storage.db import Database
from storage.knowledge_sync import sync_knowledge
from storage.migrate import upgrade
from tests.admin_live import ROOT, free_port
from tests.bot_support import REPORT_ANSWERS, HttpChat, line_env
from tests.frameworks import CATALOG
from tests.line_fake import FakeLineApi, serve_line_api
from tests.web_support import fragment, link_in

pytest_plugins = ("tests.admin_browser",)  # the browser fixture

ARTIFACTS = ROOT / "test-artifacts"
# With sara am, tone marks and vowels above and below: all must survive in the PDF's text.
AGENCY = "สำนักงานส่งเสริมการพัฒนาบริการดิจิทัลภาครัฐ"
GUIDELINES = "P1.DP.1.guidelines"  # ticking all 12 lifts the report answers from 3 to 4
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
MEASURED = ARTIFACTS / "web-measurements.json"


@dataclass
class Site:
    url: str
    line_api: FakeLineApi
    logs: list[Path]


def _wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    import time

    from tests.admin_live import START_CAP_SECONDS, _healthy

    deadline = time.monotonic() + START_CAP_SECONDS
    while not _healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server did not start:\n{log.read_text()}")
        time.sleep(0.1)  # polling for the port to answer; there is no event to wait on


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """gunicorn as the Procfile runs it (access log on) with the fake LINE API."""
    folder = tmp_path_factory.mktemp("web-site")
    database_url = f"sqlite:///{folder / 'web.sqlite3'}"
    upgrade(database_url)
    database = Database(database_url)
    with database.session() as session:
        sync_knowledge(session, CATALOG)
    database.dispose()
    access, errors = folder / "access.log", folder / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serve_line_api() as line_api:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "web-browser-test-secret",
            "PUBLIC_BASE_URL": url,
            **line_env(line_api),
        }
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", "1", "--worker-class", "gthread", "--threads", "4"]
        command += ["--access-logfile", str(access), "dgr:create_app()"]
        with errors.open("w") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
            try:
                _wait_until_ready(url, process, errors)
                yield Site(url, line_api, [access, errors])
            finally:
                process.terminate()
                process.wait(timeout=10)


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def _pdf_text(pdf: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


PRINTED_TEXT = """() => {
  const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll(".no-print, .share, .actions, svg").forEach((e) => e.remove());
  return main.textContent;
}"""


def _words_kept(page, pdf_text: str) -> float:  # type: ignore[no-untyped-def]
    """The share of the printed page's words found in the PDF's text layer (NFKD, as a
    PDF writes ำ as ํ + า; line breaks in the PDF may split a word, so words are looked up
    in the text with its white space removed)."""
    words = unicodedata.normalize("NFKD", page.evaluate(PRINTED_TEXT)).split()
    flat = "".join(unicodedata.normalize("NFKD", pdf_text).split())
    return sum(word in flat for word in words) / max(1, len(words))


def _record(name: str, values: dict) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    measured = json.loads(MEASURED.read_text()) if MEASURED.exists() else {}
    measured[name] = values
    MEASURED.write_text(json.dumps(measured, ensure_ascii=False, indent=2))


def _official_finishes_in_the_chat(site: Site) -> tuple[HttpChat, str]:
    official = HttpChat([site.url], site.line_api)
    official.start(name=AGENCY)
    final = official.complete(REPORT_ANSWERS)
    return official, link_in(final, "ดูรายงาน/แก้ไขคำตอบ")


def _tick_every_guideline(page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.locator("#pillar-P1 > summary").click()
    form = page.locator(f'form[id="q-{GUIDELINES}"]')
    boxes = form.locator('input[name="value"]')
    assert boxes.count() == 12
    for index in range(boxes.count()):
        boxes.nth(index).check()
    form.get_by_role("button", name="บันทึกคำตอบข้อนี้").click()
    expect(page.locator(".flash")).to_contain_text("ผลภาพรวม ระดับ 3 (3.9) → ระดับ 4 (4.0)")
    expect(page.get_by_test_id("live-level")).to_have_text("ระดับ 4 (4.0)")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_official_reviews_changes_prints_and_shares_the_report(browser, site, viewport):
    from playwright.sync_api import expect

    official, link = _official_finishes_in_the_chat(site)
    tokens = [fragment(link)["t"]]
    phone = viewport == "phone"
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="th-TH", is_mobile=phone)
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_test_id("agency")).to_have_text(AGENCY)
    expect(page.get_by_test_id("level")).to_have_text("ระดับ 3")
    assert "#" not in page.url and "/web/a/" in page.url  # the token left the address bar
    _no_sideways_scroll(page)
    _shot(page, f"{viewport}-01-report")

    page.get_by_role("link", name="คำตอบ", exact=True).click()
    page.get_by_role("button", name="แก้ไขคำตอบ").click()
    expect(page.locator(".flash")).to_contain_text("ผลครั้งก่อนยังเก็บไว้ในประวัติ")
    _tick_every_guideline(page)
    _no_sideways_scroll(page)
    _shot(page, f"{viewport}-02-answers-changed")
    page.get_by_role("button", name="ส่งผลการประเมิน").click()
    expect(page.get_by_test_id("level")).to_have_text("ระดับ 4")
    _shot(page, f"{viewport}-03-report-after-revision")

    page.get_by_role("link", name="ประวัติ", exact=True).click()
    expect(page.get_by_test_id("history-row")).to_have_count(2)
    _shot(page, f"{viewport}-04-history")
    page.get_by_role("link", name="ดูรายงาน").first.click()
    # Print only once the report has replaced the history page: page.pdf() does not wait
    # for the navigation the click started (the history page also says ระดับ 4).
    expect(page.get_by_test_id("level")).to_have_text("ระดับ 4")
    page.wait_for_load_state("load")

    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / f"web-{viewport}-report.pdf").write_bytes(pdf)
    text, pages = _pdf_text(pdf)
    # A PDF's text layer writes ำ as ํ + า (its compatibility decomposition).
    assert unicodedata.normalize("NFKD", AGENCY) in unicodedata.normalize("NFKD", text)
    assert "ระดับ 4" in text and "คะแนนประเมินตนเอง" in text
    kept = _words_kept(page, text)
    assert kept > 0.97, f"only {kept:.1%} of the report's words are in the PDF's text layer"
    _record(
        viewport,
        {"pdf_pages": pages, "pdf_bytes": len(pdf), "pdf_words_kept": round(kept, 4),
         "html_bytes": len(page.content().encode())},
    )  # fmt: skip

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    _shot(page, f"{viewport}-09-print-preview")
    page.emulate_media(media="screen")
    page.set_viewport_size(VIEWPORTS[viewport])

    page.get_by_role("button", name="สร้างลิงก์แชร์").click()
    share = page.get_by_role("textbox", name="ลิงก์แชร์รายงาน").input_value()
    tokens.append(fragment(share)["t"])
    supervisor = browser.new_context(viewport=VIEWPORTS[viewport], locale="th-TH")
    shared = supervisor.new_page()
    shared.goto(share)
    expect(shared.get_by_test_id("agency")).to_have_text(AGENCY)
    expect(shared.get_by_test_id("shared-note")).to_be_visible()
    assert shared.get_by_role("link", name="คำตอบ").count() == 0
    _shot(shared, f"{viewport}-05-shared-signed-out")

    page.get_by_role("button", name="ยกเลิกลิงก์นี้").click()
    expect(page.locator(".flash")).to_contain_text("ยกเลิกลิงก์แชร์แล้ว")
    shared.reload()
    expect(shared.get_by_test_id("error")).to_contain_text("ลิงก์รายงานนี้ใช้ไม่ได้แล้ว")
    assert AGENCY not in shared.content()
    _shot(shared, f"{viewport}-06-share-revoked")

    stranger = browser.new_context(viewport=VIEWPORTS[viewport], locale="th-TH").new_page()
    stranger.goto(link.replace(tokens[0], tokens[0][:-3] + "abc"))
    expect(stranger.get_by_test_id("error")).to_contain_text("ลิงก์ไม่ถูกต้อง")
    assert AGENCY not in stranger.content()
    _shot(stranger, f"{viewport}-07-tampered-link")
    official.say("ยกเลิกลิงก์")
    stranger.goto(link)
    expect(stranger.get_by_test_id("error")).to_contain_text("ลิงก์นี้ถูกยกเลิกแล้ว")
    assert AGENCY not in stranger.content()
    page.reload()
    expect(page.get_by_test_id("error")).to_contain_text("ลิงก์นี้ถูกยกเลิกแล้ว")
    _shot(stranger, f"{viewport}-08-revoked-link")
    context.close()
    supervisor.close()

    logged = "".join(path.read_text() for path in site.logs)
    assert "/web/a/" in logged and "/web/open" in logged  # the pages were logged …
    for token in tokens:
        assert token not in logged  # … and no token ever was
