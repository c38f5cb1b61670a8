"""What providers told us about our messages: callbacks as received, and each message's events."""
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow


class DeliveryEvent(Base):
    """One status a provider reported for one outbox message; rows are only ever inserted.

    Providers deliver callbacks at least once: the same (provider, provider id, status) is
    stored once, so a repeated callback changes nothing.
    """

    __tablename__ = "delivery_events"
    __table_args__ = (UniqueConstraint("provider", "provider_message_id", "status",
                                       name="uq_delivery_events_provider_message_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_message_id: Mapped[Optional[str]] = mapped_column(String(128))
    # A provider's second handle on the message (Fonnte's `stateid`), for later callbacks.
    provider_ref: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(10))
    error: Mapped[str] = mapped_column(String(255), default="")
    occurred_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    message = relationship("OutboxMessage")


class DeliveryCallback(Base):
    """A provider's webhook call as received, kept until a job has applied its events."""

    __tablename__ = "delivery_callbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    processed_at: Mapped[Optional[datetime]] = mapped_column(DateTime, index=True)
    outcome: Mapped[str] = mapped_column(String(255), default="")


@event.listens_for(DeliveryEvent, "before_update")
@event.listens_for(DeliveryEvent, "before_delete")
def _refuse_event_change(mapper, connection, target) -> None:
    """The event log is append-only: an attempt to change or delete a row is a bug."""
    raise RuntimeError("delivery events are append-only")
