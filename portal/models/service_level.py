"""Service levels: the holiday calendar and each finished application's working-day clock."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.application import Application, History
from portal.models.base import Base, utcnow


class Holiday(Base):
    """A public holiday or collective leave day: the offices are closed, the clock stops."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(120))

    def __str__(self) -> str:
        return f"{self.day:%d-%m-%Y} {self.name}"


class ApplicationClock(Base):
    """Working days an application took, stored when it finished so recaps stay SQL sums."""

    __tablename__ = "application_clocks"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), primary_key=True)
    working_days: Mapped[int] = mapped_column(Integer)
    within_level: Mapped[bool] = mapped_column(Boolean)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    application = relationship("Application")


# The monthly recap ranges over these columns; at a million rows they need their own indexes.
Index("ix_applications_created_at", Application.created_at)
Index("ix_applications_finished_at", Application.finished_at)
Index("ix_history_action_created_at", History.action, History.created_at)
