"""Service levels: a working-day clock per application.

Weekends and the Administrator's holidays do not count, nor do the days an application
spends back with the citizen (from a return to the resubmission). A day counts when it
is a working day strictly after the clock started and up to the day it stops, so an
application confirmed on Monday and finished on Tuesday took one working day.
"""
from bisect import bisect_right
from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Iterable, Iterator, Optional

from sqlalchemy import select

from portal.extensions import db
from portal.local_time import office_time
from portal.page_cache import per_content_version
from portal.models import Application, ApplicationClock, History, Holiday, Service, utcnow
from portal.workflow.engine import QUEUE_STATUSES

WEEKEND = frozenset({5, 6})  # Saturday, Sunday
PAUSE_ACTIONS = ("return", "resubmit")  # the citizen holds the application in between


def local_date(moment: datetime) -> date:
    """The office's calendar date of a naive UTC moment."""
    return office_time(moment).date()


class Calendar:
    """Working days between dates, given the holidays of the period."""

    def __init__(self, holidays: Iterable[date] = ()):
        self.holidays = frozenset(holidays)
        # The holidays that fall on weekdays, in order: counted in a range by bisection.
        self.weekday_holidays = sorted(day for day in self.holidays
                                       if day.weekday() not in WEEKEND)

    @classmethod
    def load(cls, first: date, last: Optional[date] = None) -> "Calendar":
        """The calendar with the stored holidays from `first` (up to `last`, when given)."""
        holidays = per_content_version("holidays", lambda: tuple(
            db.session.execute(select(Holiday.day)).scalars()))
        return cls(day for day in holidays if first <= day and (last is None or day <= last))

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a holiday."""
        return day.weekday() not in WEEKEND and day not in self.holidays

    def working_days(self, start: date, end: date, paused: frozenset = frozenset()) -> int:
        """Working days after `start` up to and including `end`, skipping `paused` days:
        five per whole week and the weekdays of the rest, less the holidays and pauses there."""
        if end <= start:
            return 0
        weeks, rest = divmod((end - start).days, 7)
        weekdays = weeks * 5 + sum(1 for n in range(1, rest + 1)
                                   if (start.weekday() + n) % 7 not in WEEKEND)
        holidays = (bisect_right(self.weekday_holidays, end)
                    - bisect_right(self.weekday_holidays, start))
        pauses = sum(1 for day in paused if start < day <= end and self.is_working_day(day))
        return weekdays - holidays - pauses

    def _working_days_after(self, start: date, paused: frozenset) -> Iterator[date]:
        day = start
        while True:
            day += timedelta(days=1)
            if self.is_working_day(day) and day not in paused:
                yield day

    def add_working_days(self, start: date, count: int, paused: frozenset = frozenset()) -> date:
        """The date on which `count` working days after `start` have passed."""
        if count <= 0:
            return start
        return next(islice(self._working_days_after(start, paused), count - 1, None))

    def next_working_days(self, start: date, count: int) -> list[date]:
        """The first `count` working days after `start` (e.g. days open for appointments)."""
        return list(islice(self._working_days_after(start, frozenset()), count))


def citizen_periods(events: Iterable[tuple[str, datetime]],
                    now: datetime) -> list[tuple[date, date]]:
    """(returned, resubmitted) local dates from (action, time) events in time order."""
    periods, returned = [], None
    for action, moment in events:
        if action == "return" and returned is None:
            returned = moment
        elif action == "resubmit" and returned is not None:
            periods.append((local_date(returned), local_date(moment)))
            returned = None
    if returned is not None:
        periods.append((local_date(returned), local_date(now)))
    return periods


def paused_days(periods: Iterable[tuple[date, date]]) -> frozenset:
    """Every day the citizen held the application: after each return, up to the resubmission."""
    days = set()
    for returned, resubmitted in periods:
        days.update(returned + timedelta(days=n)
                    for n in range(1, (resubmitted - returned).days + 1))
    return frozenset(days)


def pause_events(application_ids: Iterable[int]) -> dict[int, list[tuple[str, datetime]]]:
    """Return/resubmit events of many applications, in one query, in time order."""
    ids = list(application_ids)
    events: dict[int, list] = defaultdict(list)
    if not ids:
        return events
    rows = db.session.execute(
        select(History.application_id, History.action, History.created_at)
        .where(History.application_id.in_(ids), History.action.in_(PAUSE_ACTIONS))
        .order_by(History.application_id, History.created_at, History.id))
    for application_id, action, moment in rows:
        events[application_id].append((action, moment))
    return events


def clock_start(application: Application) -> datetime:
    """The clock runs from the email confirmation (the application reaches an officer)."""
    return application.confirmed_at or application.created_at


class Clock:
    """The working-day clock of one application, computed from preloaded facts."""

    def __init__(self, application: Application, events: list, calendar: Calendar,
                 now: datetime):
        self.application = application
        self.start = local_date(clock_start(application))
        self.end = local_date(application.finished_at or now)
        self.paused = paused_days(citizen_periods(events, now))
        self.calendar = calendar

    @property
    def level(self) -> int:
        """The service level promised, in working days."""
        return self.application.service.service_level_days

    def working_days(self) -> int:
        """Working days taken so far (or in total once finished)."""
        return self.calendar.working_days(self.start, self.end, self.paused)

    def due_date(self) -> date:
        """The last day within the service level, given the pauses so far."""
        return self.calendar.add_working_days(self.start, self.level, self.paused)

    def is_overdue(self) -> bool:
        """Waiting at an officer's step beyond the service level."""
        return (self.application.status in QUEUE_STATUSES
                and self.working_days() > self.level)


def clocks_for(applications: list[Application], now: Optional[datetime] = None) -> list[Clock]:
    """Clocks of many applications with one holiday query and one history query."""
    now = now or utcnow()
    if not applications:
        return []
    first = min(local_date(clock_start(a)) for a in applications)
    levels = max(a.service.service_level_days for a in applications)
    last = max(local_date(now), first) + timedelta(days=levels * 3 + 60)
    calendar = Calendar.load(first, last)
    events = pause_events(a.id for a in applications)
    return [Clock(a, events.get(a.id, []), calendar, now) for a in applications]


def clock_of(application: Application, now: Optional[datetime] = None) -> Clock:
    """The clock of one application."""
    return clocks_for([application], now)[0]


def working_days_taken(application: Application, now: Optional[datetime] = None) -> int:
    """Working days the application has taken (until finished, else until `now`)."""
    return clock_of(application, now).working_days()


def due_date(application: Application) -> date:
    """The last working day within the service's level."""
    return clock_of(application).due_date()


def is_overdue(application: Application, now: Optional[datetime] = None) -> bool:
    """True when the application waits at an officer's step past its service level."""
    return clock_of(application, now).is_overdue()


def waiting_query():
    """Applications waiting at an officer's step."""
    return (select(Application).join(Service)
            .where(Application.status.in_(QUEUE_STATUSES)))


def overdue_clocks(query=None, now: Optional[datetime] = None) -> list[Clock]:
    """Clocks of the overdue applications among `query` (default: every waiting one)."""
    now = now or utcnow()
    query = waiting_query() if query is None else query
    shortest = db.session.execute(select(db.func.min(Service.service_level_days))).scalar() or 0
    # Working days never outnumber calendar days: skip what cannot be overdue yet.
    query = query.where(Application.confirmed_at <= now - timedelta(days=shortest))
    applications = db.session.execute(query).scalars().all()
    return [clock for clock in clocks_for(applications, now) if clock.is_overdue()]


def record_clocks(applications: list[Application]) -> None:
    """Store (or refresh) the working days each finished application took."""
    finished = [a for a in applications if a.finished_at is not None]
    for clock in clocks_for(finished):
        taken = clock.working_days()
        db.session.merge(ApplicationClock(
            application_id=clock.application.id, working_days=taken,
            within_level=taken <= clock.level, computed_at=utcnow()))


def record_clock(application: Application, decision, history) -> None:
    """Transition listener: store the working days of an application when it finishes."""
    if decision.to_status == "selesai":
        record_clocks([application])
