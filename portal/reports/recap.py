"""The monthly recap (the Buleleng table): per service and month, what came in and went out.

Every number is a SQL aggregate over `applications`, `history` and the stored clocks,
grouped by service and by the office's calendar month, so a year of a million
applications is three grouped queries. For one unit, an application counts when it
passes through the unit (its final unit, or its home kelurahan on a KLKC flow); returns
and refusals count where the unit's officers made them.
"""
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, case, func, or_, select

from portal.extensions import db
from portal.models import Application, ApplicationClock, History, Service
from portal.workflow.engine import CLOSED_STATUSES

MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember")
COUNTED_EVENTS = {"return": "returned", "refuse": "refused"}
DONE_STATUSES = CLOSED_STATUSES | {"selesai"}

# How applications come in (Application.channel), as the recap's columns and filter name them.
CHANNEL_TITLES = {"online": "Daring", "loket": "Loket"}
# (attribute, column title) of each recap row, in export order.
COLUMNS = (
    ("month_name", "Bulan"), ("service_name", "Layanan"), ("submitted", "Diajukan"),
    ("online", "Diajukan daring"), ("loket", "Diajukan di loket"),
    ("finished", "Selesai"), ("returned", "Dikembalikan"), ("refused", "Ditolak"),
    ("in_progress", "Masih diproses"), ("share_within_level", "% selesai tepat waktu"),
    ("average_working_days", "Rata-rata hari kerja"),
)


@dataclass
class RecapRow:
    """One service in one month."""

    month: int
    service_id: int
    service_name: str = ""
    submitted: int = 0
    online: int = 0
    loket: int = 0
    finished: int = 0
    returned: int = 0
    refused: int = 0
    in_progress: int = 0
    clocked: int = 0
    within_level: int = 0
    working_days_sum: int = 0

    @property
    def month_name(self) -> str:
        """The month in Indonesian."""
        return MONTH_NAMES[self.month - 1]

    @property
    def share_within_level(self) -> Optional[float]:
        """Percent of the finished (with a clock) that met the service level."""
        return round(100 * self.within_level / self.clocked, 1) if self.clocked else None

    @property
    def average_working_days(self) -> Optional[float]:
        """Average working days to finish."""
        return round(self.working_days_sum / self.clocked, 1) if self.clocked else None

    def values(self) -> list:
        """The row's cells in `COLUMNS` order."""
        return [getattr(self, name) for name, _ in COLUMNS]


@dataclass
class Recap:
    """A year's recap, optionally for one unit and one channel (online / loket)."""

    year: int
    unit_id: Optional[int]
    channel: Optional[str] = None
    rows: list[RecapRow] = field(default_factory=list)

    def monthly_totals(self) -> list[RecapRow]:
        """Twelve rows summing every service, one per month (the chart's data)."""
        totals = [RecapRow(month=m, service_id=0, service_name="Jumlah") for m in range(1, 13)]
        for row in self.rows:
            total = totals[row.month - 1]
            for name in ("submitted", "online", "loket", "finished", "returned", "refused", "in_progress",
                         "clocked", "within_level", "working_days_sum"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return totals


def month_bounds(year: int) -> list[datetime]:
    """13 naive-UTC instants: the start of each local month of `year`, and of the next year."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))
    starts = [datetime(year, m, 1, tzinfo=zone) for m in range(1, 13)]
    starts.append(datetime(year + 1, 1, 1, tzinfo=zone))
    return [s.astimezone(timezone.utc).replace(tzinfo=None) for s in starts]


def _month_of(column, bounds: list[datetime]):
    """SQL: the month number (1-12) of a timestamp inside the year's bounds."""
    return case(*[(column < bounds[m], m) for m in range(1, 13)])


def _in_year(column, bounds: list[datetime]):
    return and_(column >= bounds[0], column < bounds[12])


def passes_through(unit_id: int):
    """SQL condition: the application's flow passes through this unit."""
    return or_(Application.final_unit_id == unit_id,
               and_(Application.home_unit_id == unit_id, Service.flow == "KLKC"))


def _grouped(inner, *aggregates):
    """Group a subquery with columns service_id and month (portable GROUP BY)."""
    sub = inner.subquery()
    return select(sub.c.service_id, sub.c.month, *[agg(sub) for agg in aggregates]).group_by(
        sub.c.service_id, sub.c.month)


def _application_filter(query, unit_id: Optional[int], channel: Optional[str]):
    query = query.join(Service, Service.id == Application.service_id)
    if channel is not None:
        query = query.where(Application.channel == channel)
    return query.where(passes_through(unit_id)) if unit_id is not None else query


def _submissions(bounds, unit_id, channel):
    still_open = case((Application.status.in_(DONE_STATUSES), 0), else_=1)
    by_channel = {name: case((Application.channel == name, 1), else_=0).label(name)
                  for name in CHANNEL_TITLES}
    inner = select(Application.service_id, _month_of(Application.created_at, bounds)
                   .label("month"), still_open.label("open"), *by_channel.values()).where(
        _in_year(Application.created_at, bounds))
    return _grouped(_application_filter(inner, unit_id, channel),
                    lambda s: func.count().label("submitted"),
                    lambda s: func.sum(s.c.open).label("in_progress"),
                    *[lambda s, name=name: func.sum(s.c[name]).label(name)
                      for name in CHANNEL_TITLES])


def _finishes(bounds, unit_id, channel):
    within = case((ApplicationClock.within_level, 1), else_=0)
    inner = (select(Application.service_id,
                    _month_of(Application.finished_at, bounds).label("month"),
                    ApplicationClock.working_days.label("days"), within.label("within"))
             .outerjoin(ApplicationClock, ApplicationClock.application_id == Application.id)
             .where(_in_year(Application.finished_at, bounds)))
    return _grouped(_application_filter(inner, unit_id, channel),
                    lambda s: func.count().label("finished"),
                    lambda s: func.count(s.c.days).label("clocked"),
                    lambda s: func.sum(s.c.within).label("within_level"),
                    lambda s: func.sum(s.c.days).label("working_days_sum"))


def _events(bounds, unit_id, channel, action):
    inner = (select(Application.service_id,
                    _month_of(History.created_at, bounds).label("month"),
                    History.application_id)
             .join(Application, Application.id == History.application_id)
             .where(History.action == action, _in_year(History.created_at, bounds)))
    if unit_id is not None:
        inner = inner.where(History.unit_id == unit_id)
    if channel is not None:
        inner = inner.where(Application.channel == channel)
    return _grouped(inner, lambda s: func.count(s.c.application_id.distinct())
                    .label(COUNTED_EVENTS[action]))


def monthly_recap(year: int, unit_id: Optional[int] = None,
                  channel: Optional[str] = None) -> Recap:
    """The recap of `year` (for one unit, or all units when `unit_id` is None), of the
    applications of one channel ('online', 'loket') or of both when `channel` is None."""
    bounds = month_bounds(year)
    rows: dict[tuple[int, int], RecapRow] = {}
    queries = [_submissions(bounds, unit_id, channel), _finishes(bounds, unit_id, channel),
               *[_events(bounds, unit_id, channel, action) for action in COUNTED_EVENTS]]
    for query in queries:
        for result in db.session.execute(query).mappings():
            key = (result["month"], result["service_id"])
            row = rows.setdefault(key, RecapRow(month=key[0], service_id=key[1]))
            for name, value in result.items():
                if name not in ("month", "service_id"):
                    setattr(row, name, int(value or 0))
    services = dict(db.session.execute(select(Service.id, Service.name)).all())
    order = dict(db.session.execute(select(Service.id, Service.sort_order)).all())
    for row in rows.values():
        row.service_name = services.get(row.service_id, "")
    ordered = sorted(rows.values(), key=lambda r: (r.month, order.get(r.service_id, 0),
                                                   r.service_name))
    return Recap(year=year, unit_id=unit_id, channel=channel, rows=ordered)
