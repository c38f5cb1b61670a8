"""Stand-ins: a substitute (Plh.) decides for an absent head during a date range."""
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow


class Substitution(Base):
    """While the head is absent, the substitute may decide the head's step as 'Plh.'."""

    __tablename__ = "substitutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    head_officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    substitute_officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    head_officer = relationship("Officer", foreign_keys=[head_officer_id])
    substitute_officer = relationship("Officer", foreign_keys=[substitute_officer_id])

    def __str__(self) -> str:
        period = f"{self.starts_on:%d-%m-%Y} s.d. {self.ends_on:%d-%m-%Y}"
        return f"Plh. {self.substitute_officer} ({period})"
