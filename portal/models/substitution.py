"""Stand-ins: a Plh. (short absence) or Plt. (vacancy) holds an official's post for a date range."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow

# Pelaksana Harian stands in while the holder is away; Pelaksana Tugas while the post is vacant.
STAND_IN_KINDS = {"plh": "Plh.", "plt": "Plt."}


class Substitution(Base):
    """During the range, the substitute decides and signs for the post as 'Plh.' or 'Plt.'."""

    __tablename__ = "substitutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(3), default="plh", server_default="plh")
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"), index=True)
    position: Mapped[str] = mapped_column(String(20), default="kepala", server_default="kepala")
    # The absent holder (Plh.); empty for a vacant post (Plt.).
    head_officer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"), index=True)
    substitute_officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    unit = relationship("Unit")
    head_officer = relationship("Officer", foreign_keys=[head_officer_id])
    substitute_officer = relationship("Officer", foreign_keys=[substitute_officer_id])

    @property
    def prefix(self) -> str:
        """'Plh.' or 'Plt.', put before the post's title."""
        return STAND_IN_KINDS.get(self.kind, "Plh.")

    def __str__(self) -> str:
        period = f"{self.starts_on:%d-%m-%Y} s.d. {self.ends_on:%d-%m-%Y}"
        return f"{self.prefix} {self.substitute_officer} ({period})"
