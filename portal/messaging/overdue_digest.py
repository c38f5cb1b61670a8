"""The heads' daily digest of their unit's overdue applications, written to the outbox."""
from collections import defaultdict
from datetime import datetime
from typing import Optional

from portal.extensions import db
from portal.models import OutboxMessage, Unit, utcnow
from portal.messaging.citizen_notices import queue_message
from portal.workflow.sla import Clock, local_date, overdue_clocks
from portal.unit_names import title_in_unit
from portal.workflow.engine import position_title

TEMPLATE = "officer_overdue_digest"


def _item(clock: Clock) -> dict:
    application = clock.application
    unit = application.pending_unit
    return {
        "reg_no": application.reg_no,
        "service": application.service.name,
        "applicant_name": application.applicant_name,
        "step": title_in_unit(position_title(application.pending_step, unit.kind), unit.kind,
                              unit.name),
        "working_days": clock.working_days(),
        "service_level_days": clock.level,
        "due_date": clock.due_date().isoformat(),
    }


def _digest_key(unit: Unit, day) -> str:
    return f"overdue-digest-{unit.id}-{day.isoformat()}"


def write_overdue_digests(now: Optional[datetime] = None) -> list[OutboxMessage]:
    """One outbox message per unit head with overdue items; at most one per unit per day."""
    now = now or utcnow()
    day = local_date(now)
    by_unit = defaultdict(list)
    for clock in overdue_clocks(now=now):
        by_unit[clock.application.pending_unit_id].append(clock)
    messages = []
    for unit_id, clocks in sorted(by_unit.items()):
        unit = db.session.get(Unit, unit_id)
        head = unit.head_officer
        key = _digest_key(unit, day)
        if head is None or not head.active or not head.email or db.session.execute(
                db.select(OutboxMessage.id).filter_by(idempotency_key=key)).first():
            continue
        payload = {"unit": unit.title, "head_name": head.name, "day": day.isoformat(),
                   "items": [_item(clock) for clock in clocks]}
        messages.append(queue_message("email", head.email, TEMPLATE, payload, key))
    db.session.commit()
    return messages
