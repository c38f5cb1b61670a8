"""Pickup appointments: a booked slot at the issuing office, with a code shown at the counter."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow


class PickupSlotCount(Base):
    """How many pickups a unit booked into one slot of one day; locked while booking."""

    __tablename__ = "pickup_slot_counts"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    slot: Mapped[str] = mapped_column(String(5), primary_key=True)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class PickupBooking(Base):
    """The citizen's appointment to collect a finished letter (one per application)."""

    __tablename__ = "pickup_bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(5))
    code: Mapped[str] = mapped_column(String(12), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    cancelled_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    handed_over_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    handed_over_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"))

    application = relationship("Application")
    unit = relationship("Unit")
