"""Delivery job: send one outbox row on its channel's driver, exactly once."""
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.messaging import delivery
from portal.messaging.outbox import relay
from portal.models import OutboxMessage


def deliver(message_id: int) -> str:
    """Send row `message_id` unless taken; returns 'sent', 'failed', 'unknown' or 'skipped'.

    Runs in its own session so it also works inline, right after the caller's commit. The
    row is claimed (committed as `sending`) before the driver is called; a fallback email
    the outcome calls for is relayed once the outcome is committed.
    """
    with Session(db.engine, expire_on_commit=False) as session:
        if not delivery.claim(session, message_id):
            return "skipped"
        message = session.get(OutboxMessage, message_id, populate_existing=True)
        outcome = delivery.attempt(message)
        session.refresh(message, with_for_update=True)  # a callback may have come meanwhile
        fallbacks = delivery.record_outcome(session, message, outcome)
        session.commit()
        fallback_ids = [row.id for row in fallbacks]
    relay(fallback_ids)
    return outcome.name
