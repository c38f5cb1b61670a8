"""Stand-ins: which post an officer additionally holds as Plh. or Plt., and when.

A Plh. (Pelaksana Harian) holds the post of an absent official for a few days; a Plt.
(Pelaksana Tugas) holds a vacant post. Either decides that post's step and signs its
letters under its own name, the title prefixed with 'Plh.' or 'Plt.'.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import event, select

from portal.extensions import db
from portal.models import Officer, Substitution, utcnow
from portal.workflow.engine import POSITIONS, Actor
from portal.workflow.sla import local_date
from portal.workflow.transitions import actor_for

HEAD_POSITION = "kepala"


@dataclass(frozen=True)
class ActingPosition:
    """The extra position an officer holds while standing in, and the title prefix."""

    position: str
    prefix: str
    substitution_id: int


@event.listens_for(Substitution, "before_insert")
def _post_of_the_absent_official(mapper, connection, target: Substitution) -> None:
    """A Plh. named only by the official it replaces holds that official's post."""
    if target.head_officer is not None and target.unit_id is None:
        target.unit_id = target.head_officer.unit_id
        target.position = target.head_officer.position or HEAD_POSITION


def active_substitution(officer: Officer, unit_id: int,
                        at: Optional[datetime] = None) -> Optional[Substitution]:
    """The stand-in arrangement naming `officer` for a post of `unit_id` on `at`'s date."""
    day = local_date(at or utcnow())
    query = (select(Substitution)
             .where(Substitution.substitute_officer_id == officer.id,
                    Substitution.unit_id == unit_id,
                    Substitution.starts_on <= day, Substitution.ends_on >= day)
             .order_by(Substitution.starts_on.desc(), Substitution.id.desc()).limit(1))
    return db.session.execute(query).scalar_one_or_none()


def acting_position(officer: Officer, unit_id: int,
                    at: Optional[datetime] = None) -> Optional[ActingPosition]:
    """(post, 'Plh.' or 'Plt.') while a stand-in covers `at` for this unit, else None."""
    if not officer.active or officer.unit_id != unit_id:
        return None
    substitution = active_substitution(officer, unit_id, at)
    if substitution is None or substitution.position == officer.position:
        return None
    return ActingPosition(substitution.position, substitution.prefix, substitution.id)


def _holder_errors(kind: str, head: Optional[Officer], position: str) -> dict[str, str]:
    if kind == "plh" and head is None:
        return {"head_officer": "Plh. menggantikan pejabat yang berhalangan: pilih pejabatnya."}
    if kind == "plt" and head is not None:
        return {"head_officer": "Plt. mengisi jabatan yang kosong: kosongkan pejabat yang "
                                "digantikan."}
    if head is not None and head.position != position:
        return {"head_officer": "Pejabat yang digantikan harus memegang jabatan itu."}
    return {}


def validation_errors(head: Optional[Officer], substitute: Optional[Officer], starts_on,
                      ends_on, kind: str = "plh", position: str = HEAD_POSITION,
                      unit_id: Optional[int] = None) -> dict[str, str]:
    """Indonesian messages per field for an invalid stand-in arrangement (empty when valid)."""
    errors = _holder_errors(kind, head, position)
    if position not in POSITIONS or position == "admin":
        errors["position"] = "Pilih jabatan Kasi, Sekretaris, atau Lurah/Camat."
    unit_id = unit_id if unit_id is not None else (head.unit_id if head is not None else None)
    if substitute is not None:
        if head is not None and head.id == substitute.id:
            errors["substitute_officer"] = "Pelaksana harian tidak boleh pejabat itu sendiri."
        elif unit_id is not None and substitute.unit_id != unit_id:
            errors["substitute_officer"] = "Pelaksana harian harus dari unit yang sama."
        elif substitute.position == position:
            errors["substitute_officer"] = "Pelaksana sudah memegang jabatan itu."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    return errors


def positions_of(officer: Officer, at: Optional[datetime] = None) -> tuple[str, ...]:
    """Every position whose queue the officer works today: their own, plus a stood-in post."""
    if officer.unit_id is None or officer.position is None:
        return ()
    acting = acting_position(officer, officer.unit_id, at)
    return (officer.position,) + ((acting.position,) if acting else ())


def acting_actor(officer: Officer, position: str, at: Optional[datetime] = None) -> Optional[Actor]:
    """The workflow actor of `officer` holding `position` (their own, or as Plh./Plt.), or None."""
    if officer.position == position:
        return actor_for(officer)
    acting = acting_position(officer, officer.unit_id, at) if officer.unit_id else None
    if acting is None or acting.position != position:
        return None
    return actor_for(officer, acting_prefix=acting.prefix, as_position=acting.position)


def deciding_actor(officer: Officer, application) -> Actor:
    """The workflow actor for `officer` on `application`: as Plh./Plt. when standing in for its step."""
    if application.pending_step and application.pending_step != officer.position:
        acting = acting_actor(officer, application.pending_step)
        if acting is not None:
            return acting
    return actor_for(officer)
