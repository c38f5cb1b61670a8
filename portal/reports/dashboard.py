"""The home dashboard's numbers: my queue, my overdue items, this month's finished letters,
and what came in this month by channel (online / loket); every number can be narrowed to
one channel."""
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, Officer, Service, Unit, utcnow
from portal.reports.recap import CHANNEL_TITLES, month_bounds, passes_through
from portal.workflow.sla import local_date, overdue_clocks, waiting_query
from portal.workflow.engine import QUEUE_STATUSES


@dataclass(frozen=True)
class Summary:
    """Counts shown on one dashboard card."""

    data_baru: int
    overdue: int
    finished_this_month: int


@dataclass(frozen=True)
class UnitTotals:
    """The Administrator's per-unit line."""

    unit_id: int
    unit_title: str
    waiting: int
    overdue: int
    finished_this_month: int


def _this_month(now: datetime) -> tuple[datetime, datetime]:
    """UTC bounds of the office's current calendar month."""
    today = local_date(now)
    bounds = month_bounds(today.year)
    return bounds[today.month - 1], bounds[today.month]


def of_channel(query, channel: Optional[str]):
    """The query narrowed to applications of one channel (None: both)."""
    return query.where(Application.channel == channel) if channel else query


def _finished_count(unit_id: Optional[int], start: datetime, end: datetime,
                    channel: Optional[str] = None) -> dict:
    query = (select(Application.final_unit_id, func.count())
             .where(Application.finished_at >= start, Application.finished_at < end)
             .group_by(Application.final_unit_id))
    if unit_id is not None:
        query = query.where(Application.final_unit_id == unit_id)
    return dict(db.session.execute(of_channel(query, channel)).all())


def received_this_month(unit_id: Optional[int] = None,
                        now: Optional[datetime] = None) -> dict[str, int]:
    """Applications registered this month, per channel, passing through the unit (or all)."""
    start, end = _this_month(now or utcnow())
    query = (select(Application.channel, func.count()).join(Service)
             .where(Application.created_at >= start, Application.created_at < end)
             .group_by(Application.channel))
    if unit_id is not None:
        query = query.where(passes_through(unit_id))
    counts = dict(db.session.execute(query).all())
    return {channel: counts.get(channel, 0) for channel in CHANNEL_TITLES}


def officer_summary(officer: Officer, now: Optional[datetime] = None,
                    channel: Optional[str] = None) -> Summary:
    """Data Baru waiting for this officer, how many of them are overdue, finished this month."""
    now = now or utcnow()
    mine = of_channel(waiting_query(), channel).where(
        Application.pending_unit_id == officer.unit_id,
        Application.pending_step == officer.position)
    waiting = db.session.execute(
        select(func.count()).select_from(mine.subquery())).scalar_one()
    start, end = _this_month(now)
    finished = _finished_count(officer.unit_id, start, end, channel).get(officer.unit_id, 0)
    return Summary(data_baru=waiting, overdue=len(overdue_clocks(mine, now)),
                   finished_this_month=finished)


def unit_totals(now: Optional[datetime] = None,
                channel: Optional[str] = None) -> list[UnitTotals]:
    """For the Administrator: waiting, overdue and finished-this-month per unit with activity."""
    now = now or utcnow()
    waiting = dict(db.session.execute(of_channel(
        select(Application.pending_unit_id, func.count())
        .where(Application.status.in_(QUEUE_STATUSES))
        .group_by(Application.pending_unit_id), channel)).all())
    overdue: dict[int, int] = {}
    for clock in overdue_clocks(of_channel(waiting_query(), channel), now=now):
        unit_id = clock.application.pending_unit_id
        overdue[unit_id] = overdue.get(unit_id, 0) + 1
    finished = _finished_count(None, *_this_month(now), channel)
    unit_ids = set(waiting) | set(finished)
    units = db.session.execute(select(Unit).where(Unit.id.in_(unit_ids))).scalars()
    return sorted((UnitTotals(u.id, u.title, waiting.get(u.id, 0), overdue.get(u.id, 0),
                              finished.get(u.id, 0)) for u in units),
                  key=lambda line: line.unit_title)
