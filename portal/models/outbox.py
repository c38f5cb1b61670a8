"""Notification outbox and audit log: rows written in the same transaction as the change."""
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow
from portal.models.sealed_json import SealedJSON

# Our side of a message: written (pending), being handed over (sending), handed over (sent),
# handed over with no answer (unknown: never sent again blindly), given up, or not for sending.
OUTBOX_STATUSES = ("pending", "sending", "sent", "unknown", "failed", "skipped")


class OutboxMessage(Base):
    """A message to deliver on some channel; the relay sends each exactly once.

    `status` is our side (the relay); `delivery_status` is what the provider reported,
    normalised (see `portal.messaging.delivery`). Rows of one notice share `notice_key`.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_provider_message", "provider", "provider_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), default="email")
    recipient: Mapped[str] = mapped_column(String(160))
    template: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict] = mapped_column(SealedJSON, default=dict)  # secrets sealed at rest
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    application_id: Mapped[Optional[int]] = mapped_column(ForeignKey("applications.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # One notice to a citizen may travel as several rows (WhatsApp, email): they share this key.
    notice_key: Mapped[str] = mapped_column(String(80), default="", index=True)
    # Where the notice goes by email if WhatsApp fails ('' for none), and why an email row
    # was sent instead of WhatsApp ('' when email was simply the channel).
    fallback_recipient: Mapped[str] = mapped_column(String(160), default="")
    fallback_reason: Mapped[str] = mapped_column(String(20), default="")
    provider: Mapped[str] = mapped_column(String(20), default="")  # the driver that sent it
    provider_message_id: Mapped[Optional[str]] = mapped_column(String(128))
    delivery_status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    delivery_updated_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    first_attempt_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    last_attempt_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


class AuditEntry(Base):
    """Who viewed or changed what (UU 27/2022 personal data protection)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"), index=True)
    actor: Mapped[str] = mapped_column(String(160), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[Optional[dict]] = mapped_column(JSON)
    ip: Mapped[str] = mapped_column(String(45), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
