"""Messages to LINE that did not go out (the outbox): given up after the retry horizon,
refused by LINE, or of unknown outcome. Admins see them here; nothing is re-sent from
the page (a user who missed an answer gets the current question with "ประเมินต่อ")."""

from __future__ import annotations

from flask import render_template

from admin.blueprint import blueprint, db_session
from admin.permissions import require
from storage.outbox import OutboxStatus, counts, undelivered

STATUS_LABELS = {
    OutboxStatus.PENDING: "รอส่ง",
    OutboxStatus.SENT: "ส่งแล้ว",
    OutboxStatus.UNKNOWN: "ไม่ทราบผล (ไม่ส่งซ้ำเพื่อไม่ให้ผู้ใช้ได้ข้อความซ้ำ)",
    OutboxStatus.FAILED: "LINE ปฏิเสธ",
    OutboxStatus.GAVE_UP: "เลิกส่งหลังพยายามครบกำหนด",
}


def masked(line_user_id: str | None) -> str:
    """Enough of a LINE user id to tell rows apart, not to identify the person."""
    return f"{line_user_id[:5]}…{line_user_id[-4:]}" if line_user_id else "(กลุ่มหรือห้องแชต)"


@blueprint.get("/delivery")
@require("view_delivery")
def delivery():  # type: ignore[no-untyped-def]
    with db_session() as session:
        connection = session.connection()
        by_status = counts(connection)
        rows = undelivered(connection)
    return render_template(
        "admin/delivery.html",
        by_status=by_status,
        rows=rows,
        labels=STATUS_LABELS,
        masked=masked,
    )
