"""What the law asks of each service unit beyond the application: the satisfaction survey's
answers, complaints with their clock, and letters sent by post or courier."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String,
                        Text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow

# The nine SKM elements of PermenPAN-RB 14/2017 are stored as u1 … u9 (see
# portal/standards/skm.py for their wording).
ELEMENT_COLUMNS = tuple(f"u{number}" for number in range(1, 10))


def _score_column() -> Mapped[int]:
    return mapped_column(Integer)


class SurveyResponse(Base):
    """One citizen's answer to the SKM survey: one per application, anonymous in reports."""

    __tablename__ = "survey_responses"
    __table_args__ = tuple(CheckConstraint(f"{name} BETWEEN 1 AND 4", name=f"{name}_range")
                           for name in ELEMENT_COLUMNS)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    u1: Mapped[int] = _score_column()
    u2: Mapped[int] = _score_column()
    u3: Mapped[int] = _score_column()
    u4: Mapped[int] = _score_column()
    u5: Mapped[int] = _score_column()
    u6: Mapped[int] = _score_column()
    u7: Mapped[int] = _score_column()
    u8: Mapped[int] = _score_column()
    u9: Mapped[int] = _score_column()
    suggestion: Mapped[str] = mapped_column(Text, default="")

    def scores(self) -> tuple[int, ...]:
        """The nine scores in the regulation's order."""
        return tuple(getattr(self, name) for name in ELEMENT_COLUMNS)


class Complaint(Base):
    """A citizen's complaint or suggestion (pengaduan), answered by the unit's Admin."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="pengaduan")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    service_id: Mapped[Optional[int]] = mapped_column(ForeignKey("services.id"))
    application_id: Mapped[Optional[int]] = mapped_column(ForeignKey("applications.id"),
                                                          index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(160), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    notify_channel: Mapped[str] = mapped_column(String(10), default="email")
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    due_on: Mapped[date] = mapped_column(Date)
    answer: Mapped[Optional[str]] = mapped_column(Text)
    answered_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    answered_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"))
    # Stored when answered, as the applications' clocks are, so reports stay SQL sums.
    working_days: Mapped[Optional[int]] = mapped_column(Integer)
    within_level: Mapped[Optional[bool]] = mapped_column(Boolean)

    unit = relationship("Unit")
    service = relationship("Service")
    application = relationship("Application")
    answered_by = relationship("Officer")

    def __str__(self) -> str:
        return self.number


class PostalDelivery(Base):
    """The citizen asked for the letter by post or courier; the Admin records the dispatch."""

    __tablename__ = "postal_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    address: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    courier: Mapped[str] = mapped_column(String(60), default="")
    tracking_number: Mapped[str] = mapped_column(String(60), default="")
    dispatched_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    dispatched_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"))

    application = relationship("Application")
    dispatched_by = relationship("Officer")
