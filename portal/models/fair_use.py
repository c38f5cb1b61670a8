"""Rows locked while a submission checks the service's fair-use rules."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class ApplicantServiceLock(Base):
    """One row per (NIK, service): locked so one NIK's submissions of a service run in turn."""

    __tablename__ = "applicant_service_locks"

    nik: Mapped[str] = mapped_column(String(16), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)


class DailyQuotaCounter(Base):
    """How many applications of a service a unit registered on one (local) day."""

    __tablename__ = "daily_quota_counters"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    used: Mapped[int] = mapped_column(Integer, default=0)
