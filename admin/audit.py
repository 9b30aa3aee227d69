"""The audit log: who did what and when. Written by every admin action; read by admins."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, render_template, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.audit_words import describe
from admin.blueprint import blueprint, db_session
from admin.display import Pagination, page_number
from admin.permissions import require
from storage.models import AuditEntry

ACTION_LABELS = {
    "login": "เข้าสู่ระบบ",
    "login_failed": "เข้าสู่ระบบไม่สำเร็จ",
    "login_blocked": "ถูกระงับการเข้าสู่ระบบชั่วคราว",
    "logout": "ออกจากระบบ",
    "text_edit": "แก้ไขข้อความคำแนะนำ",
    "text_restore": "กู้คืนข้อความคำแนะนำ",
    "text_reset": "คืนค่าข้อความคำแนะนำตั้งต้น",
    "glossary_edit": "แก้ไขอภิธานศัพท์",
    "glossary_restore": "กู้คืนอภิธานศัพท์",
    "glossary_reset": "คืนค่าอภิธานศัพท์ตั้งต้น",
    "glossary_add": "เพิ่มคำในอภิธานศัพท์",
    "glossary_delete": "ลบคำจากอภิธานศัพท์",
    "texts_export": "ส่งออกข้อความคำแนะนำ",
    "texts_import": "นำเข้าข้อความคำแนะนำ",
    "assessment_delete": "ลบแบบประเมิน",
    "respondent_delete": "ลบข้อมูลผู้ตอบทั้งหมด",
    "agency_edit": "แก้ไขข้อมูลหน่วยงาน",
    "agency_merge": "รวมหน่วยงานที่ซ้ำกัน",
    "export_csv": "ส่งออก CSV",
    "export_xlsx": "ส่งออก Excel",
    "account_create": "สร้างบัญชี",
    "account_role": "เปลี่ยนบทบาท",
    "account_deactivate": "ปิดการใช้งานบัญชี",
    "account_activate": "เปิดการใช้งานบัญชี",
    "account_password": "ตั้งรหัสผ่านใหม่",
    "login_code_failed": "รหัสยืนยันตัวตนสองขั้นตอนไม่ถูกต้อง",
    "two_factor_enable": "เปิดการยืนยันตัวตนสองขั้นตอน",
    "two_factor_disable": "ปิดการยืนยันตัวตนสองขั้นตอน",
}

PAGE_SIZE = 50


def record(
    session: Session,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> None:
    if action not in ACTION_LABELS:
        raise KeyError(action)
    if actor is None:
        actor = current_user.username if current_user.is_authenticated else "(ไม่ระบุ)"
    session.add(
        AuditEntry(
            actor=actor[:80],
            action=action,
            target=None if target is None else target[:200],
            detail=detail or {},
            # No request behind a command line (dgr create-admin).
            address=((request.remote_addr or "")[:64] or None) if has_request_context() else None,
        )
    )


@blueprint.get("/audit")
@require("view_audit")
def audit_log():  # type: ignore[no-untyped-def]
    action = request.args.get("action", "")
    actor = request.args.get("actor", "").strip()
    query = select(AuditEntry)
    if action in ACTION_LABELS:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    with db_session() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        pagination = Pagination(page_number(request.args), PAGE_SIZE, total)
        entries = session.scalars(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset(pagination.offset)
            .limit(PAGE_SIZE)
        ).all()
    return render_template(
        "admin/audit.html",
        entries=entries,
        pagination=pagination,
        labels=ACTION_LABELS,
        describe=describe,
        action=action,
        actor=actor,
        filter_args={k: v for k, v in {"action": action, "actor": actor}.items() if v},
    )
