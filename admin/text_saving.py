"""Saving one recommendation text as a new version, with the checks every editor of texts
uses (the issue page, the band grid, the import): limits, a stale base version (someone
saved in between), and a save that changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from admin import audit
from admin.display import thai_datetime
from admin.text_rules import RECOMMENDATION_MAX, text_problems, tidy_text
from storage.models import RecommendationText
from storage.texts import RECOMMENDATION, add_version, key_of, latest_version

RACE_NOTICE = "มีผู้อื่นบันทึกข้อความนี้พร้อมกัน กรุณาตรวจสอบฉบับล่าสุดในประวัติแล้วบันทึกอีกครั้ง"
BROKEN_FORM = "แบบฟอร์มไม่สมบูรณ์ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"


@dataclass
class TextSlot:
    """One editable text on a page, with what the form should show."""

    row: RecommendationText
    version: int
    text: str
    errors: list[str] = field(default_factory=list)
    notice: str | None = None

    @property
    def anchor(self) -> str:
        return f"text-{self.row.band}-{self.row.text_key}"

    @property
    def grid_anchor(self) -> str:
        return f"text-{self.row.issue_id}".replace(".", "-")


@dataclass
class SaveOutcome:
    status: int  # 0 saved or unchanged; 400 invalid; 409 conflict
    slot: TextSlot
    number: int = 0  # the new version (0: nothing saved)


def conflict_notice(author: str, at: datetime) -> str:
    return (
        f"ข้อความนี้ถูกแก้ไขโดย {author} เมื่อ {thai_datetime(at)} "
        "ระหว่างที่คุณกำลังแก้ไข ข้อความของคุณยังอยู่ในช่องด้านล่าง "
        "กรุณาตรวจสอบกับฉบับล่าสุดในประวัติ แล้วกดบันทึกอีกครั้ง"
    )


def write_text(
    session: Session, row: RecommendationText, text: str, action: str, author: str
) -> int:
    """The new text and its version (audited as an edit, restore or import)."""
    row.text, row.edited_by = text, author
    return add_version(session, RECOMMENDATION, key_of(row), {"text": text}, action, author).version


def save_text(
    session: Session,
    row: RecommendationText,
    raw: str | None,
    base_version: int | None,
    author: str,
) -> SaveOutcome:
    """Check and save an editor's text; the caller's session commits (an IntegrityError
    there means a concurrent save: see ``RACE_NOTICE``)."""
    text = tidy_text(raw)
    problems = text_problems(text, RECOMMENDATION_MAX)
    if base_version is None:
        problems.append(BROKEN_FORM)
    latest = latest_version(session, RECOMMENDATION, key_of(row))
    slot = TextSlot(row, latest.version if latest else 0, text or raw or "")
    if problems:
        slot.errors = problems
        return SaveOutcome(400, slot)
    if latest is not None and latest.version != base_version:
        slot.notice = conflict_notice(latest.author, latest.created_at)
        return SaveOutcome(409, slot)
    if text == row.text:
        return SaveOutcome(0, slot)
    number = write_text(session, row, text, "edit", author)
    audit.record(session, "text_edit", target=key_of(row), detail={"version": number})
    slot.version = number
    return SaveOutcome(0, slot, number)

