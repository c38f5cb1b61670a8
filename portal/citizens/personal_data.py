"""The citizen's own data as one document (UU 27/2022 right of access)."""
from datetime import datetime
from typing import Optional

from portal.officers import audit
from portal.extensions import db
from portal.citizens.family import visible_niks
from portal.models import Application, CitizenAccount, PickupBooking

ACCOUNT_FIELDS = ("nik", "kk", "name", "email", "phone", "address", "status", "created_at",
                  "email_confirmed_at", "pending_email")
APPLICATION_FIELDS = ("reg_no", "applicant_nik", "applicant_kk", "applicant_name",
                      "applicant_email", "applicant_phone", "applicant_address", "status",
                      "status_label", "form_data", "created_at", "confirmed_at", "finished_at")


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _stamp(moment: Optional[datetime]) -> Optional[str]:
    return moment.isoformat() if moment else None


def _form_fields(application: Application) -> list[dict]:
    """The form's answers under the labels the citizen saw."""
    values = application.form_data or {}
    return [{"label": field["label"], "value": values.get(field["name"], "")}
            for field in (application.definition_snapshot or {}).get("fields", [])]


def _application(application: Application) -> dict:
    data = {field: _plain(getattr(application, field)) for field in APPLICATION_FIELDS}
    data["service"] = application.service.name
    data["form_fields"] = _form_fields(application)
    data["documents"] = [{"label": doc.label, "file": doc.original_name,
                          "uploaded_at": _stamp(doc.uploaded_at)}
                         for doc in application.documents]
    data["history"] = [{"at": _stamp(row.created_at), "action": row.action,
                        "status": row.status_label, "remark": row.remark}
                       for row in application.history]
    return data


def _bookings(applications: list[Application]) -> dict[int, list[dict]]:
    rows = db.session.execute(db.select(PickupBooking).where(PickupBooking.application_id.in_(
        [a.id for a in applications])).order_by(PickupBooking.id)).scalars()
    found: dict[int, list[dict]] = {}
    for row in rows:
        found.setdefault(row.application_id, []).append({
            "code": row.code, "office": row.unit.title, "day": row.day.isoformat(),
            "slot": row.slot, "booked_at": _stamp(row.created_at),
            "cancelled_at": _stamp(row.cancelled_at), "handed_over_at": _stamp(row.handed_over_at)})
    return found


def collect(account: CitizenAccount) -> dict:
    """Everything stored about the account and its applications (own and verified family)."""
    applications = db.session.execute(
        db.select(Application).where(Application.applicant_nik.in_(visible_niks(account)))
        .order_by(Application.id)).scalars().all()
    bookings = _bookings(applications)
    return {
        "account": {field: _plain(getattr(account, field)) for field in ACCOUNT_FIELDS},
        "home_unit": account.home_unit.title,
        "identity_documents": {key: doc.original_name
                               for key, doc in account.identity_documents().items()},
        "family_members": [{"nik": m.nik, "name": m.name, "kk": m.kk,
                            "relationship": m.relationship_label, "status": m.status}
                           for m in account.family],
        "applications": [{**_application(application),
                          "pickup_bookings": bookings.get(application.id, [])}
                         for application in applications],
    }


def record_export(account: CitizenAccount, file_format: str) -> None:
    """Write the download of the citizen's data to the audit log."""
    audit.record("personal_data_export", "citizen_account", account.id,
                 {"format": file_format}, actor=f"warga {account.nik}")
    db.session.commit()


def export(account: CitizenAccount) -> dict:
    """The citizen's data for the JSON download; audited."""
    data = collect(account)
    record_export(account, "json")
    return data
