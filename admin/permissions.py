"""Who may do what. Roles: admin manages accounts; editor edits texts; viewer reads reports.

Assessment data names agencies and people (PDPA), so only the roles that need it see it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

ALL_ROLES = frozenset({"admin", "editor", "viewer"})

PERMISSIONS: dict[str, frozenset[str]] = {
    "view_dashboard": ALL_ROLES,
    "view_texts": ALL_ROLES,
    "edit_texts": frozenset({"admin", "editor"}),
    "view_assessments": frozenset({"admin", "viewer"}),
    "export_assessments": frozenset({"admin", "viewer"}),
    "delete_assessments": frozenset({"admin"}),
    "manage_agencies": frozenset({"admin"}),
    "manage_accounts": frozenset({"admin"}),
    "view_audit": frozenset({"admin"}),
    "view_delivery": frozenset({"admin"}),
}

ROLE_LABELS = {
    "admin": "ผู้ดูแลระบบ (admin)",
    "editor": "ผู้แก้ไขเนื้อหา (editor)",
    "viewer": "ผู้ดูรายงาน (viewer)",
}


def role_can(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


F = TypeVar("F", bound=Callable[..., Any])


def require(permission: str) -> Callable[[F], F]:
    """Signed in (else to the login page) and the role has the permission (else 403)."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
