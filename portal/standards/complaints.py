"""Complaints and suggestions (pengaduan): numbered, answered by the unit's Admin in time.

A citizen files one from the service page or the tracking page, optionally about an
application; it goes to the unit dealing with that application (else the unit the citizen
names) and gets a number nobody can guess, which is also its address for the citizen. The
answer is due within COMPLAINT_RESPONSE_DAYS working days, counted by the applications'
working-day calendar; the days it took are stored with the answer, so reports stay sums.
The citizen hears of both the filing and the answer on the channel they chose.
"""
import secrets
from datetime import date, datetime
from typing import Optional

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.messaging.channels import public_url
from portal.messaging.citizen_notices import Contact, notify
from portal.models import Application, Complaint, Officer, Service, Unit, utcnow
from portal.officers import audit
from portal.workflow.regno import ALPHABET, RANDOM_LENGTH
from portal.workflow.sla import Calendar, local_date

KINDS = {"pengaduan": _l("Pengaduan"), "saran": _l("Saran atau masukan")}
PREFIX = "ADU"
MESSAGES = {
    "answer_required": _l("Jawaban wajib diisi."),
    "already_answered": _l("Pengaduan ini sudah dijawab."),
}


class ComplaintRefused(Exception):
    """An answer that cannot be recorded; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return str(MESSAGES[self.code])


def new_number(when: datetime) -> str:
    """E.g. 'ADU-2612-7K3QX9WD': the kind, year-month and a random part nobody can guess."""
    random_part = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{PREFIX}-{when:%y%m}-{random_part}"


def find(number: str) -> Optional[Complaint]:
    """The complaint with this number, typed in any case; None for unknown ones."""
    text = (number or "").strip().upper()[:30]
    return db.session.execute(db.select(Complaint).filter_by(number=text)).scalar_one_or_none()


def unit_of(application: Application) -> int:
    """The unit a complaint about an application goes to: where it waits, or issued."""
    return application.pending_unit_id or application.final_unit_id or application.home_unit_id


def response_days() -> int:
    """Working days the unit has to answer."""
    return int(current_app.config["COMPLAINT_RESPONSE_DAYS"])


def due_on(filed_at: datetime) -> date:
    """The last working day of the answer's clock."""
    start = local_date(filed_at)
    return Calendar.load(start).add_working_days(start, response_days())


def working_days(complaint: Complaint, now: Optional[datetime] = None) -> int:
    """Working days the complaint waited for its answer (until answered, else until now)."""
    start = local_date(complaint.created_at)
    end = local_date(complaint.answered_at or now or utcnow())
    return Calendar.load(start, end).working_days(start, end)


def is_overdue(complaint: Complaint, now: Optional[datetime] = None) -> bool:
    """Unanswered beyond its clock."""
    return complaint.answered_at is None and working_days(complaint, now) > response_days()


def _contact(complaint: Complaint) -> Contact:
    return Contact(complaint.email or "", complaint.phone or "", complaint.notify_channel)


def _notify(complaint: Complaint, template: str, key: str) -> None:
    payload = {"number": complaint.number, "unit": complaint.unit.title,
               "kind": complaint.kind, "message": complaint.message,
               "answer": complaint.answer or "", "due_on": complaint.due_on.isoformat(),
               "complaint_url": public_url("public.complaint_status", number=complaint.number)}
    notify(_contact(complaint), template, payload, key, complaint.application_id)


def file_complaint(unit: Unit, message: str, name: str, email: str = "", phone: str = "",
                   notify_channel: str = "email", kind: str = "pengaduan",
                   application: Optional[Application] = None,
                   service: Optional[Service] = None) -> Complaint:
    """Store a complaint for `unit` with its due date and tell the citizen its number."""
    now = utcnow()
    complaint = Complaint(
        number=new_number(now), kind=kind if kind in KINDS else "pengaduan", unit=unit,
        application=application, service=application.service if application else service,
        name=name.strip(), email=email.strip().lower(), phone=phone.strip(),
        notify_channel=notify_channel, message=message.strip(), created_at=now,
        due_on=due_on(now))
    db.session.add(complaint)
    db.session.flush()
    _notify(complaint, "citizen_complaint_received", f"complaint-{complaint.id}-received")
    db.session.commit()
    return complaint


def answer(complaint: Complaint, officer: Officer, text: str) -> Complaint:
    """Record the Admin's answer once, with the working days it took; the citizen hears it."""
    text = (text or "").strip()
    if not text:
        raise ComplaintRefused("answer_required")
    if complaint.answered_at is not None:
        raise ComplaintRefused("already_answered")
    complaint.answer, complaint.answered_at = text, utcnow()
    complaint.answered_by_id = officer.id
    complaint.working_days = working_days(complaint)
    complaint.within_level = complaint.working_days <= response_days()
    audit.record("complaint_answer", "complaint", complaint.id,
                 {"number": complaint.number, "working_days": complaint.working_days},
                 officer=officer)
    _notify(complaint, "citizen_complaint_answered", f"complaint-{complaint.id}-answered")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ComplaintRefused("already_answered") from None
    return complaint
