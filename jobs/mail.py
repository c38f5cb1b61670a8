"""Delivery job: send one outbox message on its channel, exactly once."""
from sqlalchemy import update
from sqlalchemy.orm import Session

from flask import current_app

from portal.extensions import db
from portal.messaging.channels import CHANNELS
from portal.models import OutboxMessage, utcnow

CLAIMABLE = ("pending", "queued")


def _claim(session: Session, message_id: int) -> bool:
    """Lock the row by updating it; False when it is gone, sent or given up.

    The UPDATE takes the row lock (PostgreSQL, MariaDB) or the write lock (SQLite) until
    the commit, so a second delivery of the same row waits here and then finds it sent.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status.in_(CLAIMABLE))
        .values(attempts=OutboxMessage.attempts + 1))
    return result.rowcount == 1


def _record_failure(session: Session, message_id: int, error: Exception) -> None:
    message = session.get(OutboxMessage, message_id)
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = "failed"
    session.commit()


def deliver(message_id: int) -> str:
    """Send outbox row `message_id` unless already sent; returns 'sent', 'skipped' or 'failed'.

    Runs in its own session so it also works inline, right after the caller's commit.
    """
    with Session(db.engine, expire_on_commit=False) as session:
        if not _claim(session, message_id):
            session.rollback()
            return "skipped"
        message = session.get(OutboxMessage, message_id, populate_existing=True)
        try:
            channel = CHANNELS[message.channel]
            channel.send(channel.render(message))
        except Exception as error:  # noqa: BLE001 - recorded on the row, retried by the sweeper
            session.rollback()
            _record_failure(session, message_id, error)
            return "failed"
        message.status = "sent"
        message.sent_at = utcnow()
        message.last_error = ""
        session.commit()
        return "sent"
