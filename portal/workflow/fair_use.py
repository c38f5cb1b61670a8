"""Fair-use rules of a service, checked inside the submission's transaction.

The rules are service settings (data): at most one open application per NIK, a cooldown
after the NIK's last application of the service, and a daily quota per registering unit.
`claim` locks the (NIK, service) row and the (service, unit, day) counter row with
SELECT … FOR UPDATE, so two submissions at the same moment are checked one after the other.
"""
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Optional
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import ApplicantServiceLock, Application, DailyQuotaCounter, Service, utcnow
from portal.workflow.sla import Calendar
from portal.workflow.engine import CLOSED_STATUSES

# An application the citizen cancelled does not start a cooldown.
COOLDOWN_IGNORED_STATUSES = frozenset({"dibatalkan"})
QUOTA_SEARCH_DAYS = 60  # working days searched for room in the quota


class FairUseRefused(Exception):
    """A submission breaks a fair-use rule; the message (Indonesian) names what to do."""

    def __init__(self, message: str, first_date: Optional[date] = None):
        super().__init__(message)
        self.first_date = first_date


def local_day(moment: datetime) -> date:
    """The office's calendar date of a naive UTC moment."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).date()


def _locked(model, **key):
    query = (select(model).filter_by(**key).with_for_update()
             .execution_options(populate_existing=True))
    return db.session.execute(query).scalar_one_or_none()


def locked_row(model, **key):
    """The row with this key, created if missing, locked until the transaction ends."""
    row = _locked(model, **key)
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(model(**key))
        except IntegrityError:
            pass  # a concurrent submission created it first
        row = _locked(model, **key)
    return row


def _format(day: date) -> str:
    return format_date(day, "d MMMM yyyy")


def _open_rule(service: Service, nik: str, unit_id: int, today: date) -> None:
    if not service.one_open_per_nik:
        return
    open_one = db.session.execute(
        select(Application.reg_no).filter_by(applicant_nik=nik, service_id=service.id)
        .where(Application.status.not_in(CLOSED_STATUSES)).limit(1)).scalar_one_or_none()
    if open_one is not None:
        raise FairUseRefused(_(
            "NIK ini masih memiliki permohonan %(service)s yang belum selesai (%(reg_no)s). "
            "Permohonan baru dapat diajukan setelah permohonan itu diserahkan, ditolak "
            "atau dibatalkan.", service=service.name, reg_no=open_one))


def _cooldown_rule(service: Service, nik: str, unit_id: int, today: date) -> None:
    if service.cooldown_days <= 0:
        return
    last = db.session.execute(
        select(Application.created_at).filter_by(applicant_nik=nik, service_id=service.id)
        .where(Application.status.not_in(COOLDOWN_IGNORED_STATUSES))
        .order_by(Application.created_at.desc()).limit(1)).scalar_one_or_none()
    if last is None:
        return
    first_date = local_day(last) + timedelta(days=service.cooldown_days)
    if first_date > today:
        raise FairUseRefused(_(
            "Layanan %(service)s hanya dapat diajukan sekali dalam %(days)d hari untuk NIK "
            "yang sama. Permohonan baru dapat diajukan mulai %(date)s.",
            service=service.name, days=service.cooldown_days, date=_format(first_date)),
            first_date)


def first_day_with_room(service: Service, unit_id: int, after: date) -> date:
    """The first working day (no weekend, no holiday) after `after` whose quota is not full."""
    days = Calendar.load(after).next_working_days(after, QUOTA_SEARCH_DAYS)
    used = dict(db.session.execute(
        select(DailyQuotaCounter.day, DailyQuotaCounter.used).filter_by(
            service_id=service.id, unit_id=unit_id).where(DailyQuotaCounter.day.in_(days))).all())
    return next((day for day in days if (used.get(day) or 0) < service.daily_quota), days[-1])


def _quota_rule(service: Service, nik: str, unit_id: int, today: date) -> None:
    if service.daily_quota <= 0:
        return
    counter = locked_row(DailyQuotaCounter, service_id=service.id, unit_id=unit_id, day=today)
    if (counter.used or 0) >= service.daily_quota:
        first_date = first_day_with_room(service, unit_id, today)
        raise FairUseRefused(_(
            "Kuota harian layanan %(service)s di kantor ini (%(quota)d permohonan) sudah "
            "penuh untuk hari ini. Silakan ajukan kembali mulai %(date)s.",
            service=service.name, quota=service.daily_quota, date=_format(first_date)),
            first_date)
    counter.used = (counter.used or 0) + 1


# Checked in this order; the quota rule comes last because it takes a place.
RULES: tuple[Callable[[Service, str, int, date], None], ...] = (
    _open_rule, _cooldown_rule, _quota_rule)


def claim(service: Service, nik: str, unit_id: int) -> None:
    """Check every fair-use rule in the caller's transaction and take a quota place.

    Raises FairUseRefused (after rolling back) when a rule is broken; otherwise the locks
    are held until the caller commits the new application.
    """
    try:
        if service.one_open_per_nik or service.cooldown_days > 0:
            locked_row(ApplicantServiceLock, nik=nik, service_id=service.id)
        today = local_day(utcnow())
        for rule in RULES:
            rule(service, nik, unit_id, today)
    except BaseException:
        db.session.rollback()
        raise
