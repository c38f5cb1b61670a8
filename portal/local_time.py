"""Times as a person reads them: the office's time zone (WIB by default), day first, to the minute.

Stored moments are naive UTC. Every screen, export and notice an officer or citizen reads
shows them through `moment_text` / `day_text`; the zone is `BABEL_DEFAULT_TIMEZONE`.
"""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIME_ZONE = "Asia/Jakarta"
# What Indonesians call each of the country's zones.
ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
               "Asia/Jayapura": "WIT"}
MOMENT_FORMAT = "%d/%m/%Y %H:%M"
DAY_FORMAT = "%d/%m/%Y"


def office_zone_name() -> str:
    """The office's time zone (configuration `BABEL_DEFAULT_TIMEZONE`), Asia/Jakarta by default."""
    if has_app_context():
        return current_app.config.get("BABEL_DEFAULT_TIMEZONE") or DEFAULT_TIME_ZONE
    return DEFAULT_TIME_ZONE


def zone_label() -> str:
    """The zone as people name it: WIB, WITA or WIT (else the zone's own name)."""
    name = office_zone_name()
    return ZONE_LABELS.get(name, name)


def office_time(moment: datetime) -> datetime:
    """A stored moment (naive means UTC) on the office's clock."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(ZoneInfo(office_zone_name()))


def office_moment_utc(local: datetime) -> datetime:
    """A moment read on the office's clock (as people type it) as stored: naive UTC."""
    aware = local.replace(tzinfo=ZoneInfo(office_zone_name()))
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def office_day_start(day: date) -> datetime:
    """The naive UTC moment at which `day` begins on the office's clock."""
    return office_moment_utc(datetime(day.year, day.month, day.day))


def moment_text(moment: datetime | None, with_zone: bool = True) -> str:
    """'02/12/2026 08:53 WIB': the office's clock, day first, to the minute; '' for none."""
    if moment is None:
        return ""
    text = office_time(moment).strftime(MOMENT_FORMAT)
    return f"{text} {zone_label()}" if with_zone else text


def day_text(day: date | None) -> str:
    """'03/12/2026': a calendar day, day first; '' for none."""
    return day.strftime(DAY_FORMAT) if day is not None else ""


def init_local_time(app) -> None:
    """Templates show times through the same formatter: `{{ x|moment }}`, `{{ d|day }}`."""
    app.add_template_filter(moment_text, "moment")
    app.add_template_filter(day_text, "day")
