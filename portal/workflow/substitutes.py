"""Stand-ins (Plh.): which head's step an officer may additionally decide, and when."""
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import select

from portal.extensions import db
from portal.models import Officer, Substitution, utcnow
from portal.workflow.sla import local_date
from portal.workflow.transitions import actor_for
from portal.workflow.engine import Actor

ACTING_PREFIX = "Plh."  # Pelaksana Harian: stands in for an absent head
HEAD_POSITION = "kepala"


@dataclass(frozen=True)
class ActingPosition:
    """The extra position an officer holds while standing in, and the title prefix."""

    position: str
    prefix: str
    substitution_id: int


def active_substitution(officer: Officer, unit_id: int,
                        at: Optional[datetime] = None) -> Optional[Substitution]:
    """The stand-in arrangement naming `officer` for the head of `unit_id` on `at`'s date."""
    day = local_date(at or utcnow())
    query = (select(Substitution)
             .join(Officer, Substitution.head_officer_id == Officer.id)
             .where(Substitution.substitute_officer_id == officer.id,
                    Officer.unit_id == unit_id, Officer.position == HEAD_POSITION,
                    Substitution.starts_on <= day, Substitution.ends_on >= day)
             .order_by(Substitution.starts_on.desc()).limit(1))
    return db.session.execute(query).scalar_one_or_none()


def acting_position(officer: Officer, unit_id: int,
                    at: Optional[datetime] = None) -> Optional[ActingPosition]:
    """('kepala', 'Plh.') while a stand-in covers `at` for this unit's head, else None."""
    if not officer.active or officer.unit_id != unit_id:
        return None
    substitution = active_substitution(officer, unit_id, at)
    if substitution is None:
        return None
    return ActingPosition(HEAD_POSITION, ACTING_PREFIX, substitution.id)


def validation_errors(head: Optional[Officer], substitute: Optional[Officer],
                      starts_on, ends_on) -> dict[str, str]:
    """Indonesian messages per field for an invalid stand-in arrangement (empty when valid)."""
    errors = {}
    if head is not None and head.position != HEAD_POSITION:
        errors["head_officer"] = "Pejabat yang digantikan harus Lurah atau Camat."
    if head is not None and substitute is not None:
        if head.id == substitute.id:
            errors["substitute_officer"] = "Pelaksana harian tidak boleh pejabat itu sendiri."
        elif substitute.unit_id != head.unit_id:
            errors["substitute_officer"] = "Pelaksana harian harus dari unit yang sama."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    return errors


def positions_of(officer: Officer, at: Optional[datetime] = None) -> tuple[str, ...]:
    """Every position whose queue the officer works today: their own, plus the head's as Plh."""
    if officer.unit_id is None or officer.position is None:
        return ()
    acting = acting_position(officer, officer.unit_id, at)
    return (officer.position,) + ((acting.position,) if acting else ())


def deciding_actor(officer: Officer, application) -> Actor:
    """The workflow actor for `officer` on `application`: as Plh. when standing in for its step."""
    if application.pending_step == HEAD_POSITION and officer.position != HEAD_POSITION:
        acting = acting_position(officer, officer.unit_id) if officer.unit_id else None
        if acting is not None:
            return actor_for(officer, acting_prefix=acting.prefix, as_position=acting.position)
    return actor_for(officer)
