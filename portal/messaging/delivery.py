"""Delivery of one outbox row and what providers report about it, as one normalised status.

The ladder is queued < unknown < accepted < sent < delivered < read, with failed terminal.
A status is applied forward only: a late `sent` never undoes `delivered`; `failed` never
undoes `delivered`, but `delivered` (or `read`) after `failed` wins, since the message did
arrive. Every report is kept once in the message's append-only event log
(`DeliveryEvent`): providers call back at least once and out of order, so the same
(provider, provider id, status) twice changes nothing the second time.

Sending is two-phase: the row is claimed (`sending`, committed) before the provider is
called, so a crash or a timeout after the call never leads to a blind second send.
"""
import logging
from dataclasses import dataclass
from typing import Optional

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.messaging.channels import Receipt, SendFailure, StatusEvent, driver_for
from portal.messaging.fallback import queue_fallback
from portal.models import DeliveryEvent, OutboxMessage, utcnow
from portal.models.sealed_json import without_secrets

log = logging.getLogger(__name__)

LADDER = ("queued", "unknown", "accepted", "sent", "delivered", "read")
RANK = {status: rank for rank, status in enumerate(LADDER)}
ARRIVED = frozenset({"delivered", "read"})
# Why an email went instead of (or after) WhatsApp, by the send outcome's kind.
FALLBACK_FOR_FAILURE = {"permanent": "rejected", "temporary": "send_failed"}


def advances(current: str, new: str) -> bool:
    """True when `new` moves a message's status forward from `current`."""
    if new == "failed":
        return current not in ARRIVED and current != "failed"
    if current == "failed":
        return new in ARRIVED
    return RANK.get(new, -1) > RANK.get(current, -1)


@dataclass(frozen=True)
class Outcome:
    """What one send attempt came to: a receipt, or a failure of some kind."""

    receipt: Optional[Receipt] = None
    failure: Optional[SendFailure] = None

    @property
    def name(self) -> str:
        """'sent', 'unknown' or 'failed' (temporary or permanent)."""
        if self.receipt is not None:
            return "sent"
        return "unknown" if self.failure.kind == "unknown" else "failed"


def claim(session: Session, message_id: int) -> bool:
    """Mark a pending row `sending` and commit; False when it is gone or not pending."""
    now = utcnow()
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(status="sending", attempts=OutboxMessage.attempts + 1, last_attempt_at=now,
                first_attempt_at=func.coalesce(OutboxMessage.first_attempt_at, now)))
    session.commit()
    return result.rowcount == 1


def attempt(message: OutboxMessage) -> Outcome:
    """Call the row's driver once; every error becomes a failure (unknown errors: temporary)."""
    try:
        return Outcome(receipt=driver_for(message).send(message))
    except SendFailure as failure:
        return Outcome(failure=failure)
    except Exception as error:  # noqa: BLE001 - e.g. SMTP down: recorded on the row, retried
        return Outcome(failure=SendFailure("temporary", f"{type(error).__name__}: {error}"))


def add_event(session: Session, message: OutboxMessage, provider: str, status: str,
              provider_message_id: Optional[str], **details) -> bool:
    """Append an event unless the same (provider, id, status) is already logged."""
    if provider_message_id is not None and session.scalar(
            select(DeliveryEvent.id).filter_by(provider=provider, status=status,
                                               provider_message_id=provider_message_id)):
        return False
    session.add(DeliveryEvent(message_id=message.id, provider=provider, status=status,
                              provider_message_id=provider_message_id, **details))
    return True


def _move(message: OutboxMessage, status: str) -> bool:
    if not advances(message.delivery_status, status):
        return False
    message.delivery_status, message.delivery_updated_at = status, utcnow()
    return True


def _record_receipt(session: Session, message: OutboxMessage, receipt: Receipt) -> None:
    message.status, message.sent_at, message.last_error = "sent", utcnow(), ""
    message.provider = receipt.provider
    message.provider_message_id = receipt.message_ids[0] if receipt.message_ids else None
    add_event(session, message, receipt.provider, receipt.status, message.provider_message_id)
    _move(message, receipt.status)


def _record_failure(session: Session, message: OutboxMessage, failure: SendFailure) -> list:
    """Record a failed attempt; returns the fallback email row(s) it queued."""
    message.last_error = f"{failure.reason}"[:2000]
    if failure.kind == "unknown":
        message.status, message.sent_at, message.provider = "unknown", utcnow(), failure.provider
        add_event(session, message, failure.provider, "unknown", None, error=failure.reason[:255])
        _move(message, "unknown")
        return []
    gave_up = (failure.kind == "permanent"
               or message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"])
    if not gave_up:
        message.status = "pending"
        return []
    message.status = "failed"
    add_event(session, message, failure.provider or message.channel, "failed", None,
              error=failure.reason[:255])
    _move(message, "failed")
    fallback = queue_fallback(session, message, FALLBACK_FOR_FAILURE[failure.kind])
    return [fallback] if fallback is not None else []


def is_delivered(message) -> bool:
    """An email handed over, or a message its provider says arrived.

    A WhatsApp row handed over may still fail, and its fallback email needs the links."""
    return (message.channel == "email" and message.status == "sent") \
        or message.delivery_status in ARRIVED


def forget_secrets_once_delivered(message: OutboxMessage) -> None:
    """A delivered message keeps no token (its links render, leading nowhere)."""
    if is_delivered(message):
        message.payload = without_secrets(message.payload)


def record_outcome(session: Session, message: OutboxMessage, outcome: Outcome) -> list:
    """Store what an attempt came to (the caller commits); returns fallback rows to relay."""
    if outcome.receipt is not None:
        _record_receipt(session, message, outcome.receipt)
        if not outcome.receipt.read_from_the_row:
            forget_secrets_once_delivered(message)
        return []
    return _record_failure(session, message, outcome.failure)


def _message_id_of(session: Session, event: StatusEvent) -> Optional[int]:
    """By the provider's id, then a reference an earlier event remembered, then our own id."""
    if event.provider_message_id:
        found = session.scalar(select(OutboxMessage.id).filter_by(
            provider=event.provider, provider_message_id=event.provider_message_id).limit(1))
        if found is not None:
            return found
    if event.provider_ref:
        found = session.scalar(select(DeliveryEvent.message_id).filter_by(
            provider=event.provider, provider_ref=event.provider_ref).limit(1))
        if found is not None:
            return found
    return event.outbox_id


def find_message(session: Session, event: StatusEvent) -> Optional[OutboxMessage]:
    """The WhatsApp row an event is about, locked, or None when it is not one of ours."""
    message_id = _message_id_of(session, event)
    if message_id is None:
        return None
    found = session.execute(
        select(OutboxMessage).filter_by(id=message_id, channel="whatsapp").with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()
    return found if found is not None and found.provider in ("", event.provider) else None


def apply_event(session: Session, event: StatusEvent) -> str:
    """Apply one reported status: 'applied', 'kept' (logged, not newer), 'duplicate', 'unknown'."""
    message = find_message(session, event)
    if message is None:
        log.warning("delivery: %s reports %r for unknown message %r (ours: %r), ignored",
                    event.provider, event.status, event.provider_message_id, event.outbox_id)
        return "unknown"
    provider_id = event.provider_message_id or message.provider_message_id
    if not add_event(session, message, event.provider, event.status, provider_id,
                     provider_ref=event.provider_ref, error=event.error,
                     occurred_at=event.occurred_at):
        return "duplicate"
    if message.status in ("unknown", "sending"):  # the provider has it after all
        message.status, message.provider = "sent", event.provider
    message.provider_message_id = message.provider_message_id or provider_id
    if not _move(message, event.status):
        return "kept"
    forget_secrets_once_delivered(message)
    if event.status == "failed":
        queue_fallback(session, message, "failed")
    return "applied"
