"""The outbox relay: once a transaction commits, its new messages are queued for delivery.

Rows are written in the same transaction as the change they report (see
`portal.messaging.citizen_notices`). After the commit the relay enqueues one delivery job per new row;
if Redis is down the rows simply stay pending and the sweeper enqueues them later. The
delivery job claims each row, so a row enqueued twice is still sent once.
"""
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Iterator

from flask import current_app
from sqlalchemy import event, update

from portal.extensions import db
from portal.models import OutboxMessage, utcnow
from portal.officers import audit
from portal.queue import enqueue_each

DELIVERY_JOB = "jobs.mail.deliver"
DELIVERY_QUEUE = "mail"
JOB_ID_PREFIX = "outbox-"  # one delivery job id per row: the watchdog looks it up
NEW_ROWS = "layanan.outbox.new"
# What a person may send again from the job monitor: given up, outcome unknown, or stuck.
RETRYABLE = ("failed", "unknown", "sending", "pending")
# A row whose worker died while handing it over may or may not be with the provider. An email
# goes again with the same Message-ID (mail systems keep one copy); other channels are never
# sent blindly twice: the row becomes `unknown` (WhatsApp then falls back to email).
ABANDONED_SENDING = {"email": "pending"}
WORKER_STOPPED = "Pekerja berhenti saat mengirim pesan ini."
_paused: ContextVar[bool] = ContextVar("outbox_relay_paused", default=False)


def _remember_new_rows(session, flush_context) -> None:
    ids = [item.id for item in session.new if isinstance(item, OutboxMessage)]
    if ids:
        session.info.setdefault(NEW_ROWS, set()).update(ids)


def _relay_committed_rows(session) -> None:
    ids = session.info.pop(NEW_ROWS, None)
    if ids and not _paused.get():
        relay(sorted(ids))


def _forget_new_rows(session) -> None:
    session.info.pop(NEW_ROWS, None)


def init_outbox(app) -> None:
    """Hook the relay into the session (once per process; the session class is shared)."""
    hooks = (("after_flush", _remember_new_rows), ("after_commit", _relay_committed_rows),
             ("after_rollback", _forget_new_rows))
    for name, hook in hooks:
        if not event.contains(db.session, name, hook):
            event.listen(db.session, name, hook)


@contextmanager
def relay_paused() -> Iterator[None]:
    """Leave new rows pending for the sweeper (bulk loads such as demo data)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def delivery_job_id(message_id: int) -> str:
    """The RQ job id of a row's delivery (the same every time it is queued)."""
    return f"{JOB_ID_PREFIX}{message_id}"


def relay(ids: list[int]) -> int:
    """Enqueue delivery of these rows; stop at the first Redis failure. Returns how many."""
    return enqueue_each(DELIVERY_JOB, ids, DELIVERY_QUEUE, "outbox", job_id=delivery_job_id)


def pending_ids(min_age: timedelta, limit: int) -> list[int]:
    """Rows still waiting for delivery (older than `min_age`, so fresh ones stay with the relay)."""
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    query = (db.select(OutboxMessage.id)
             .where(OutboxMessage.status == "pending",
                    OutboxMessage.attempts < max_attempts,
                    OutboxMessage.created_at <= utcnow() - min_age)
             .order_by(OutboxMessage.id).limit(limit))
    return list(db.session.execute(query).scalars())


def sweep(min_age: timedelta = timedelta(minutes=1), limit: int = 500) -> tuple[int, int]:
    """Enqueue every pending row again; return (found, enqueued)."""
    ids = pending_ids(min_age, limit)
    db.session.commit()  # end the read before delivery (inline mode) takes its own session
    return len(ids), relay(ids)


def retry(message_id: int) -> bool:
    """Send a row again on a person's decision (the job monitor), audited; False if not retryable.

    It is a new send, so its delivery status starts again (the event log keeps the old one).
    For a row whose outcome is unknown the provider may already have it: the person
    chooses to risk a second copy rather than leave the citizen without the notice.
    """
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id,
                                    OutboxMessage.status.in_(RETRYABLE))
        .values(status="pending", delivery_status="queued", delivery_updated_at=utcnow()))
    if result.rowcount != 1:
        db.session.rollback()
        return False
    audit.record("outbox_retry", "outbox", message_id)
    db.session.commit()
    relay([message_id])
    return True


def _ids(*conditions, limit: int = 500) -> list[int]:
    ids = list(db.session.execute(db.select(OutboxMessage.id).where(*conditions)
                                  .order_by(OutboxMessage.id).limit(limit)).scalars())
    db.session.commit()
    return ids


def _take_back(message_id: int) -> bool:
    """A row a dead worker left `sending`: pending again (True) or `unknown` (False)."""
    message = db.session.execute(
        db.select(OutboxMessage).filter_by(id=message_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()
    if message.status != "sending":
        db.session.commit()
        return False
    message.status = ABANDONED_SENDING.get(message.channel, "unknown")
    message.last_error = WORKER_STOPPED
    db.session.commit()
    return message.status == "pending"


def recover(grace: timedelta, job_is_alive) -> int:
    """Relay rows whose delivery job is gone: never tried (at once, e.g. written while Redis
    was down), or left `sending` longer than `grace` by a worker that died. Returns how many."""
    never_tried = _ids(OutboxMessage.status == "pending", OutboxMessage.attempts == 0)
    sending = _ids(OutboxMessage.status == "sending",
                   OutboxMessage.last_attempt_at <= utcnow() - grace)
    lost = [row for row in never_tried if not job_is_alive(delivery_job_id(row))]
    taken_back = [row for row in sending
                  if not job_is_alive(delivery_job_id(row)) and _take_back(row)]
    return relay(lost + taken_back)
