"""Email as WhatsApp's fallback: once per notice, recorded, and never for a missing `read`.

A WhatsApp row's notice goes by email as well when its send fails for good, a `failed`
status arrives, or no `delivered` comes within WHATSAPP_DELIVERY_DEADLINE_MINUTES of the
first attempt (a periodic sweep). The email row takes the notice's email key, so a notice
that already went by email (the citizen chose both, or an earlier fallback) gets no second.
"""
from datetime import datetime, timedelta
from typing import Optional

from flask import current_app
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from portal.extensions import db
from portal.models import OutboxMessage, utcnow

# Why an email row went instead of (or after) WhatsApp, as officers read it on Lihat Data.
FALLBACK_REASONS = {
    "no_number": "tidak ada nomor WhatsApp",
    "no_opt_in": "warga memilih email",
    "rejected": "WhatsApp menolak (nomor tidak terdaftar atau perangkat kedaluwarsa)",
    "send_failed": "WhatsApp gagal dikirim berulang kali",
    "failed": "WhatsApp melaporkan gagal",
    "no_delivery": "WhatsApp belum sampai dalam batas waktu",
}
# A WhatsApp notice needs nothing more once it arrived; `read` is never waited for.
ARRIVED = ("delivered", "read")
SUPERSEDED = "Digantikan email: WhatsApp tidak dikirim lagi."


def email_key(notice_key: str) -> str:
    """The idempotency key of a notice's email row."""
    return f"{notice_key}-email"


def queue_fallback(session: Session, message: OutboxMessage,
                   reason: str) -> Optional[OutboxMessage]:
    """Add the email row of a WhatsApp row's notice, unless there is one (the caller commits).

    Every caller holds the WhatsApp row locked, so two cannot both find no email; the
    unique key would refuse a second one anyway.
    """
    if message.channel != "whatsapp" or not message.fallback_recipient or not message.notice_key:
        return None
    key = email_key(message.notice_key)
    if session.scalar(select(OutboxMessage.id).filter_by(idempotency_key=key)) is not None:
        return None
    email = OutboxMessage(channel="email", recipient=message.fallback_recipient,
                          template=message.template, payload=dict(message.payload or {}),
                          idempotency_key=key, notice_key=message.notice_key,
                          application_id=message.application_id, fallback_reason=reason)
    session.add(email)
    if message.status == "pending":  # still being retried: stop, or the citizen gets both late
        message.status, message.last_error = "failed", SUPERSEDED
    return email


def overdue_ids(now: datetime, limit: int = 500) -> list[int]:
    """WhatsApp rows first tried before the deadline, not arrived, and with no email yet."""
    deadline = now - timedelta(minutes=current_app.config["WHATSAPP_DELIVERY_DEADLINE_MINUTES"])
    email = aliased(OutboxMessage)
    has_email = exists().where(email.notice_key == OutboxMessage.notice_key,
                               email.channel == "email")
    query = (select(OutboxMessage.id)
             .where(OutboxMessage.channel == "whatsapp", OutboxMessage.fallback_recipient != "",
                    OutboxMessage.notice_key != "", OutboxMessage.first_attempt_at <= deadline,
                    OutboxMessage.delivery_status.not_in(ARRIVED), ~has_email)
             .order_by(OutboxMessage.id).limit(limit))
    return list(db.session.execute(query).scalars())


def fall_back_undelivered(now: Optional[datetime] = None) -> int:
    """The periodic sweep: email every overdue WhatsApp notice once; returns how many."""
    queued = 0
    for message_id in overdue_ids(now or utcnow()):
        message = db.session.execute(
            select(OutboxMessage).filter_by(id=message_id).with_for_update()
            .execution_options(populate_existing=True)).scalar_one()
        if message.delivery_status not in ARRIVED and queue_fallback(
                db.session, message, "no_delivery") is not None:
            queued += 1
        db.session.commit()  # the relay sends each email once committed
    db.session.commit()
    return queued
