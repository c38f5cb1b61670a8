"""Who may take walk-in applications at the counter (loket), and which services a unit takes.

Each unit's Admin always may; the Administrator allows further positions as data
(`CounterPosition` rows, edited in the console). A unit takes at its counter the open
services whose flow starts at a unit of its kind; the applicant lives in that unit.
"""
from portal.extensions import db
from portal.models import Application, CounterPosition, Officer, Service
from portal.page_cache import per_content_version
from portal.workflow import transitions
from portal.workflow.engine import stage_kinds

ALWAYS_ALLOWED = "admin"


def allowed_positions() -> set[str]:
    """The positions that may take applications at the counter."""
    rows = per_content_version("counter-positions", lambda: tuple(
        db.session.execute(db.select(CounterPosition.position)).scalars()))
    return {ALWAYS_ALLOWED, *rows}


def may_take_counter(officer: Officer) -> bool:
    """A unit's officer whose position is allowed at the counter."""
    return bool(officer.unit_id and not officer.is_administrator
                and officer.position in allowed_positions())


def counter_services(officer: Officer) -> list[Service]:
    """The open services whose flow starts at the officer's unit kind, in catalogue order."""
    services = db.session.execute(db.select(Service).filter_by(is_open=True).order_by(
        Service.sort_order, Service.name)).scalars()
    return [service for service in services
            if stage_kinds(service.flow)[0] == officer.unit.kind]


def counter_service(officer: Officer, code: str):
    """The service with this code if the officer's counter takes it, else None."""
    return next((service for service in counter_services(officer) if service.code == code),
                None)


def registered_here(officer: Officer, application: Application) -> bool:
    """A counter application whose first stage is the officer's unit (its receipt is ours)."""
    first = transitions.stages_for(application.service.flow, application.home_unit)[0]
    return application.channel == "loket" and first.unit_id == officer.unit_id
