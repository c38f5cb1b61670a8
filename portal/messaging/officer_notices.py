"""Officers never miss new work: an email when an item reaches their step, or a daily digest."""
from datetime import date
from typing import Optional

import click
from flask import current_app

from portal.extensions import db
from portal.models import Application, History, Officer, OutboxMessage, utcnow
from portal.messaging.citizen_notices import queue_message
from portal.workflow.engine import QUEUE_STATUSES, Decision, position_title

# Where an officer decides on an application (the Data Baru details page of admin_views).
WORK_PATH = "/admin/data-baru/details/?id={application_id}"
WORK_LIST_PATH = "/admin/data-baru/"
NOTIFY_MODES = ("instant", "digest")
# Actions that leave the item where it was: nobody new has work to do.
SAME_STEP_ACTIONS = frozenset({"revise"})


def work_link(application_id: int) -> str:
    """The absolute deep link to an application's decision page."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + WORK_PATH.format(application_id=application_id)


def _officers_at(unit_id: int, position: str, mode: str) -> list[Officer]:
    query = db.select(Officer).where(
        Officer.unit_id == unit_id, Officer.position == position, Officer.active.is_(True),
        Officer.notify_mode == mode, Officer.email != "").order_by(Officer.id)
    return list(db.session.execute(query).scalars())


def officer_work_listener(application: Application, decision: Decision,
                          history: History) -> None:
    """Email the officers (instant mode) of the step the application has just reached."""
    pending = decision.case.pending
    if pending is None or decision.action in SAME_STEP_ACTIONS:
        return
    unit_id, position = pending
    stage = decision.case.stage
    for officer in _officers_at(unit_id, position, "instant"):
        payload = {
            "officer_name": officer.name, "reg_no": application.reg_no,
            "service": application.service.name, "status_label": decision.status_label,
            "waiting_for": stage.title_of(position_title(position, stage.unit_kind)),
            "link": work_link(application.id),
        }
        queue_message("email", officer.email, "officer_new_work", payload,
                      key=f"history-{history.id}-officer-{officer.id}",
                      application_id=application.id)


def _waiting_items(officer: Officer) -> list[dict]:
    query = (db.select(Application)
             .where(Application.pending_unit_id == officer.unit_id,
                    Application.pending_step == officer.position,
                    Application.status.in_(QUEUE_STATUSES))
             .order_by(Application.created_at).limit(50))
    now = utcnow()
    return [{"reg_no": item.reg_no, "service": item.service.name,
             "days_waiting": (now - item.updated_at).days, "link": work_link(item.id)}
            for item in db.session.execute(query).scalars()]


def _digest_officers() -> list[Officer]:
    query = db.select(Officer).where(
        Officer.unit_id.is_not(None), Officer.notify_mode == "digest",
        Officer.active.is_(True), Officer.email != "").order_by(Officer.id)
    return list(db.session.execute(query).scalars())


def queue_digests(day: Optional[date] = None) -> int:
    """Write one digest per digest-mode officer with waiting work; once per officer and day."""
    day = day or utcnow().date()
    written = 0
    list_link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + WORK_LIST_PATH
    for officer in _digest_officers():
        key = f"officer-digest-{officer.id}-{day.isoformat()}"
        already = db.session.execute(
            db.select(OutboxMessage.id).filter_by(idempotency_key=key)).first()
        items = [] if already else _waiting_items(officer)
        if items:
            payload = {"officer_name": officer.name, "day": day.isoformat(),
                       "count": len(items), "items": items, "list_link": list_link}
            queue_message("email", officer.email, "officer_digest", payload, key=key)
            written += 1
    db.session.commit()
    return written


@click.command("officer-digest")
def officer_digest_command() -> None:
    """Queue today's digest emails for officers who chose a daily digest (run daily by cron)."""
    click.echo(f"Digest ditulis: {queue_digests()}")
