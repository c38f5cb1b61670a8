"""The audit log of who viewed or changed personal data (UU 27/2022): one helper for all."""
from typing import Optional

from flask import has_request_context, request
from flask_login import current_user

from portal.extensions import db
from portal.models import AuditEntry, Officer


def _acting_officer() -> Optional[Officer]:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user
    return None


def record(action: str, object_type: str = "", object_id="", detail: Optional[dict] = None,
           officer: Optional[Officer] = None, actor: str = "") -> AuditEntry:
    """Add one audit row to the current transaction; the caller's commit keeps it."""
    officer = officer or _acting_officer()
    entry = AuditEntry(
        officer_id=officer.id if officer is not None else None,
        actor=actor or (f"{officer.name} ({officer.nip})" if officer is not None else ""),
        action=action, object_type=object_type, object_id=str(object_id or ""),
        detail=detail, ip=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(entry)
    return entry
