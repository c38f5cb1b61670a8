"""Which applications an officer may see, as SQL conditions: one table per unit kind and queue."""
from flask import has_request_context, request
from sqlalchemy import and_, exists, false, not_, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from portal.extensions import db
from portal.models import Application, History, Officer, Service, Substitution, utcnow
from portal.page_cache import per_content_version
from portal.workflow.sla import local_date
from portal.workflow.substitutes import positions_of
from portal.workflow.engine import CLOSED_STATUSES, QUEUE_STATUSES, STATUSES

FINISHED_STATUSES = frozenset({"selesai"}) | CLOSED_STATUSES
# Named rather than "not finished", so an index on (unit, status) finds the few open ones.
OPEN_STATUSES = frozenset(STATUSES) - FINISHED_STATUSES
KELURAHAN_FLOWS = ("KL", "KLKC")


def per_request(key: str, compute):
    """compute() once per request (every menu count and list asks the same questions)."""
    if not has_request_context():
        return compute()
    known = request.environ.setdefault("layanan.scope", {})
    if key not in known:
        known[key] = compute()
    return known[key]


def _flow_in(*flows: str) -> ColumnElement:
    """Applications of services with these flows, by a list of service ids."""
    # A list, not a sub-select on services: with the sub-select PostgreSQL underestimated
    # the services and scanned a unit's whole archive once per service (bench P7).
    ids = per_request(f"flow:{flows}", lambda: sorted(db.session.execute(
        select(Service.id).where(Service.flow.in_(flows))).scalars()))
    return Application.service_id.in_(ids)


def _kelurahan_sees(officer: Officer) -> ColumnElement:
    """A kelurahan's stage is the first of KL and KLKC flows of its own residents."""
    return and_(Application.home_unit_id == officer.unit_id, _flow_in(*KELURAHAN_FLOWS))


def _kecamatan_sees(officer: Officer) -> ColumnElement:
    """A kecamatan's stage is the last; KLKC items appear once they reached it."""
    return and_(Application.final_unit_id == officer.unit_id,
                or_(Application.stage_index >= 1, _flow_in("KC")))


UNIT_VISIBILITY = {"kelurahan": _kelurahan_sees, "kecamatan": _kecamatan_sees}


def visible_to(officer: Officer) -> ColumnElement:
    """Applications the officer's unit deals with (confirmed ones only); all for the Administrator."""
    if officer.is_administrator:
        return true()
    rule = UNIT_VISIBILITY.get(officer.unit.kind if officer.unit else "")
    if rule is None:
        return false()
    return and_(Application.confirmed_at.is_not(None), rule(officer))


def my_positions(officer: Officer) -> tuple[str, ...]:
    """positions_of(officer), looked up once per request; an officer named in no stand-in
    arrangement of today holds their own position only (no query)."""
    def lookup() -> tuple[str, ...]:
        if officer.position is not None and officer.id not in standing_in_today():
            return (officer.position,) if officer.unit_id is not None else ()
        return positions_of(officer)

    return per_request(f"positions:{officer.id}", lookup)


def standing_in_today() -> frozenset:
    """Ids of the officers some stand-in arrangement names for today, kept per content
    version (any write to the arrangements renews it) and day."""
    today = local_date(utcnow())
    return per_content_version(f"standing-in:{today}", lambda: frozenset(db.session.execute(
        select(Substitution.substitute_officer_id).where(
            Substitution.starts_on <= today, Substitution.ends_on >= today)).scalars()))


def _at_my_step(officer: Officer) -> ColumnElement:
    return and_(Application.pending_unit_id == officer.unit_id,
                Application.pending_step.in_(my_positions(officer)),
                Application.status.in_(QUEUE_STATUSES))


def _acted_by(officer: Officer) -> ColumnElement:
    return exists().where(History.application_id == Application.id,
                          History.officer_id == officer.id)


def decided_at_my_step(officer: Officer) -> ColumnElement:
    """Mine to see, and someone at my unit and step has decided on it (a page gone stale)."""
    return and_(visible_to(officer), exists().where(
        History.application_id == Application.id, History.unit_id == officer.unit_id,
        History.position.in_(my_positions(officer))))


def data_baru(officer: Officer) -> ColumnElement:
    """Waiting at my unit and my step, or the head's while I stand in (ix_applications_queue)."""
    return _at_my_step(officer)


def in_progress(officer: Officer) -> ColumnElement:
    """I acted on it, it is still moving, and it is not back at my step."""
    return and_(visible_to(officer), Application.status.in_(sorted(OPEN_STATUSES)),
                _acted_by(officer), not_(_at_my_step(officer)))


def data_selesai(officer: Officer) -> ColumnElement:
    """Finished (ready, handed over, refused or cancelled) among my unit's applications."""
    return and_(visible_to(officer), Application.status.in_(FINISHED_STATUSES))


def everything(officer: Officer) -> ColumnElement:
    """The Administrator's read-only view of every application."""
    return true() if officer.is_administrator else false()


QUEUES = {"data_baru": data_baru, "in_progress": in_progress, "data_selesai": data_selesai,
          "semua": everything}
