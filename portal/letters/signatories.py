"""Who signs a letter: the head, a Sekretaris "a.n." the head, or a Kasi "u.b.", or their Plh./Plt.

A service's `signer_mode` names a row of SIGNING_RULES: the post that signs and the posts it
signs for. The same Signer fills the signature block and the letter's opening sentence, so
the two always agree.
"""
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select

from portal.extensions import db
from portal.models import History, Officer, Service, Unit
from portal.workflow.engine import position_title
from portal.workflow.substitutes import acting_actor

HEAD = "kepala"


@dataclass(frozen=True)
class SigningRule:
    """The post that signs, and the posts above it it signs for ('a.n.' head, 'u.b.' via)."""

    position: str
    on_behalf: bool = False
    by_order_of: Optional[str] = None


SIGNING_RULES = {
    "head": SigningRule(HEAD),
    "on_behalf": SigningRule("sekretaris", on_behalf=True),
    "by_order": SigningRule("kasi", on_behalf=True, by_order_of="sekretaris"),
}


@dataclass(frozen=True)
class Signer:
    """Who signs: name, NIP, title, the head they sign for ('a.n.') and the 'u.b.' post."""

    name: str
    nip: str
    title: str
    on_behalf_of: str = ""
    by_order_of: str = ""
    officer_id: Optional[int] = None


def rule_of(service: Service) -> SigningRule:
    """The signing rule of a service's letters."""
    return SIGNING_RULES.get(service.signer_mode, SIGNING_RULES["head"])


def head_title(unit: Unit) -> str:
    """'Camat Lubuk Baja'."""
    return f"{position_title(HEAD, unit.kind)} {unit.name}"


def post_title(position: str, unit: Unit, prefix: str = "") -> str:
    """How the block names a post: 'Plh. Lurah Lubuk Baja Kota', 'Sekretaris Camat'."""
    title = head_title(unit) if position == HEAD else position_title(position, unit.kind)
    return f"{prefix} {title}" if prefix else title


def build_signer(rule: SigningRule, unit: Unit, name: str, nip: str, prefix: str = "",
                 officer_id: Optional[int] = None) -> Signer:
    """The Signer of a post under `rule`, held by `name` (with 'Plh.'/'Plt.' when standing in)."""
    return Signer(
        name=name, nip=nip, title=post_title(rule.position, unit, prefix),
        on_behalf_of=head_title(unit) if rule.on_behalf else "",
        by_order_of=position_title(rule.by_order_of, unit.kind) if rule.by_order_of else "",
        officer_id=officer_id)


def statement(signer: Signer, unit: Unit) -> str:
    """The signer as the opening sentence names them, agreeing with the block.

    'Sekretaris Camat Lubuk Baja a.n. Camat Lubuk Baja'; 'Plh. Lurah Lubuk Baja Kota'.
    """
    title = signer.title if signer.title.endswith(unit.name) else f"{signer.title} {unit.name}"
    parts = [title]
    if signer.by_order_of:
        parts.append(f"u.b. {signer.by_order_of} {unit.name}")
    if signer.on_behalf_of:
        parts.append(f"a.n. {signer.on_behalf_of}")
    return " ".join(parts)


def signatory(officer: Officer, unit: Unit, service: Service) -> Optional[Signer]:
    """The Signer `officer` is for `service`'s letters of `unit` today, or None if they may not sign."""
    rule = rule_of(service)
    if officer.is_administrator or not officer.active or officer.unit_id != unit.id:
        return None
    actor = acting_actor(officer, rule.position)
    if actor is None:
        return None
    return build_signer(rule, unit, officer.name, officer.nip, actor.acting_prefix, officer.id)


def approving_signer(application) -> Signer:
    """Who signs a printed (unsigned) letter: the officer who approved the signing post's step."""
    unit, rule = application.final_unit, rule_of(application.service)
    row = db.session.execute(
        select(History).filter_by(application_id=application.id, unit_id=unit.id,
                                  action="approve", position=rule.position)
        .order_by(History.id.desc()).limit(1)).scalar_one_or_none()
    if row is None:
        head = unit.head_officer
        return build_signer(SIGNING_RULES["head"], unit, head.name if head else "",
                            head.nip if head else "")
    prefix = row.position_title.split(" ", 1)[0] if row.position_title.startswith("Pl") else ""
    officer = row.officer
    return build_signer(rule, unit, row.actor_name, officer.nip if officer else "", prefix,
                        officer.id if officer else None)
