"""The citizen's own data as one document (UU 27/2022 right of access)."""
from datetime import datetime
from typing import Optional

from portal import audit
from portal.extensions import db
from portal.family import visible_niks
from portal.models import Application, CitizenAccount

ACCOUNT_FIELDS = ("nik", "kk", "name", "email", "phone", "address", "status", "created_at",
                  "email_confirmed_at")
APPLICATION_FIELDS = ("reg_no", "applicant_nik", "applicant_kk", "applicant_name",
                      "applicant_email", "applicant_phone", "applicant_address", "status",
                      "status_label", "form_data", "created_at", "confirmed_at", "finished_at")


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _stamp(moment: Optional[datetime]) -> Optional[str]:
    return moment.isoformat() if moment else None


def _application(application: Application) -> dict:
    data = {field: _plain(getattr(application, field)) for field in APPLICATION_FIELDS}
    data["service"] = application.service.name
    data["documents"] = [{"label": doc.label, "file": doc.original_name,
                          "uploaded_at": _stamp(doc.uploaded_at)}
                         for doc in application.documents]
    data["history"] = [{"at": _stamp(row.created_at), "action": row.action,
                        "status": row.status_label, "remark": row.remark}
                       for row in application.history]
    return data


def export(account: CitizenAccount) -> dict:
    """Everything stored about the account and its applications (own and verified family)."""
    applications = db.session.execute(
        db.select(Application).where(Application.applicant_nik.in_(visible_niks(account)))
        .order_by(Application.id)).scalars().all()
    data = {
        "account": {field: _plain(getattr(account, field)) for field in ACCOUNT_FIELDS},
        "home_unit": account.home_unit.title,
        "identity_documents": {key: doc.original_name
                               for key, doc in account.identity_documents().items()},
        "family_members": [{"nik": m.nik, "name": m.name, "kk": m.kk,
                            "relationship": m.relationship_label, "status": m.status}
                           for m in account.family],
        "applications": [_application(application) for application in applications],
    }
    audit.record("personal_data_export", "citizen_account", account.id,
                 actor=f"warga {account.nik}")
    db.session.commit()
    return data
