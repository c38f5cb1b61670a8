"""Provider callbacks: stored as received, answered at once, applied by a background job.

The webhook (public/webhooks.py) stores the raw body and enqueues `jobs.delivery.apply_callback`
with its id (inline without Redis). If Redis is down the row waits and the outbox sweep
enqueues it later; a row already applied is skipped, so enqueuing twice is harmless.
"""
import json
import logging
from collections import Counter
from datetime import timedelta

from portal.extensions import db
from portal.messaging.channels import driver_named
from portal.messaging.delivery import apply_event
from portal.models import DeliveryCallback, utcnow
from portal.queue import enqueue_each

log = logging.getLogger(__name__)

APPLY_JOB = "jobs.delivery.apply_callback"
APPLY_QUEUE = "mail"
MAX_BODY_BYTES = 256 * 1024  # a status callback is a few kilobytes


def receive(provider: str, raw_body: bytes) -> int:
    """Keep a callback body and have it applied in the background; returns its row id."""
    callback = DeliveryCallback(provider=provider, body=raw_body.decode("utf-8", "replace"))
    db.session.add(callback)
    db.session.commit()
    schedule([callback.id])
    return callback.id


def schedule(ids: list[int]) -> int:
    """Enqueue the jobs of these callbacks; stop at the first Redis failure. Returns how many."""
    return enqueue_each(APPLY_JOB, ids, APPLY_QUEUE, "callbacks")


def apply(callback_id: int) -> str:
    """Apply every status of one stored callback once; returns a summary of what happened."""
    callback = db.session.get(DeliveryCallback, callback_id, with_for_update=True,
                              populate_existing=True)
    if callback is None or callback.processed_at is not None:
        db.session.rollback()
        return "skipped"
    try:
        events = driver_named(callback.provider).parse_callback(callback.body.encode("utf-8"))
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        log.warning("callbacks: %s callback %d unreadable: %s", callback.provider, callback_id,
                    error)
        events, outcome = [], f"unreadable: {error}"
    else:
        counts = Counter(apply_event(db.session, event) for event in events)
        outcome = ", ".join(f"{count} {name}" for name, count in sorted(counts.items())) or "empty"
    callback.processed_at, callback.outcome = utcnow(), outcome[:255]
    db.session.commit()
    return callback.outcome


def sweep(min_age: timedelta = timedelta(minutes=1), limit: int = 500) -> tuple[int, int]:
    """Enqueue callbacks still unapplied (Redis was down); returns (found, enqueued)."""
    ids = list(db.session.execute(
        db.select(DeliveryCallback.id)
        .where(DeliveryCallback.processed_at.is_(None),
               DeliveryCallback.received_at <= utcnow() - min_age)
        .order_by(DeliveryCallback.id).limit(limit)).scalars())
    db.session.commit()
    return len(ids), schedule(ids)


def body_json(raw_body: bytes) -> bool:
    """True when a body is a JSON document (callbacks of unsigned providers must be)."""
    try:
        json.loads(raw_body)
    except ValueError:
        return False
    return True
