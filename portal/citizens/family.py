"""Family members of a citizen account: at most five, counted under a lock on the account row.

A member on the account's own KK is active at once; any other waits for the Admin of the
account's kelurahan, who activates or refuses it (the account holder is emailed either way).
A refused request holds no place: the holder may ask again for the same NIK with better proof.
"""
from typing import Optional

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.officers import audit
from portal.citizens.accounts import record_decision
from portal.extensions import db
from portal.models import CitizenAccount, Document, FamilyMember, Officer
from portal.messaging.citizen_notices import notify_account
from portal.files.storage import get_storage

MAX_FAMILY_MEMBERS = 5
RELATIONSHIPS = ("Suami", "Istri", "Anak", "Ayah", "Ibu", "Saudara kandung", "Lainnya")
PROOF_REQUIREMENT = {"key": "proof", "label": "Bukti hubungan keluarga", "mandatory": False,
                     "accepted_types": ["pdf", "jpg", "png"], "max_size_kb": 5120,
                     "at_counter": False}


class FamilyRefused(ValueError):
    """The member cannot be added; the message (Indonesian) says why."""


def _locked_account(account_id: int) -> CitizenAccount:
    return db.session.execute(
        select(CitizenAccount).filter_by(id=account_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()


def _standing(account: CitizenAccount):
    """The account's members that were not refused (active or waiting)."""
    return select(FamilyMember).where(FamilyMember.account_id == account.id,
                                      FamilyMember.status != "refused")


def _check(account: CitizenAccount, nik: str) -> None:
    count = db.session.execute(select(func.count()).select_from(
        _standing(account).subquery())).scalar_one()
    if count >= MAX_FAMILY_MEMBERS:
        raise FamilyRefused(_("Satu akun paling banyak memiliki %(max)d anggota keluarga.",
                              max=MAX_FAMILY_MEMBERS))
    taken = db.session.execute(_standing(account).filter_by(nik=nik)).first()
    if nik == account.nik or taken is not None:
        raise FamilyRefused(_("NIK ini sudah ada di akun Anda."))


def _forget_refused(account: CitizenAccount, nik: str) -> Optional[str]:
    """Delete an earlier refused request for this NIK; returns its proof's storage key."""
    refused = db.session.execute(select(FamilyMember).filter_by(
        account_id=account.id, nik=nik, status="refused")).scalar_one_or_none()
    proof = refused.proof_document if refused is not None else None
    if refused is not None:
        db.session.delete(refused)
        db.session.flush()
    if proof is None:
        return None
    db.session.delete(proof)
    return proof.storage_key


def add_member(account_id: int, nik: str, name: str, relationship_label: str, kk: str,
               proof: Optional[Document] = None) -> FamilyMember:
    """Add a member in one transaction; on the account's KK it is active, else it waits."""
    try:
        account = _locked_account(account_id)
        _check(account, nik)
        if kk != account.kk and proof is None:
            raise FamilyRefused(_("Anggota dengan nomor KK lain memerlukan bukti hubungan "
                                  "keluarga (mis. akta atau KK lama)."))
        old_proof = _forget_refused(account, nik)
        member = FamilyMember(account_id=account.id, nik=nik, name=name, kk=kk,
                              relationship_label=relationship_label, proof_document=proof,
                              status="active" if kk == account.kk else "waiting")
        if proof is not None:
            proof.draft_token = None
        db.session.add(member)
        db.session.flush()
        audit.record("family_member_added", "citizen_account", account.id,
                     {"member_id": member.id}, actor=f"warga {account.nik}")
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    if old_proof is not None:
        get_storage().delete(old_proof)
    return member


def visible_niks(account: CitizenAccount) -> list[str]:
    """The account's own NIK and its verified family members' NIKs."""
    return [account.nik] + [member.nik for member in account.family if member.status == "active"]


def activate_member(member: FamilyMember, officer: Officer) -> None:
    """The officer verifies a waiting member; the account holder may now apply for them."""
    _decide(member, officer, "active", "")


def refuse_member(member: FamilyMember, officer: Officer, reason: str) -> None:
    """The officer refuses a waiting member; the reason is emailed to the account holder."""
    _decide(member, officer, "refused", reason)


def _decide(member: FamilyMember, officer: Officer, status: str, reason: str) -> None:
    record_decision(member, officer, status, reason)
    account = member.account
    outcome = "activated" if status == "active" else "refused"
    notify_account(account, f"citizen_family_member_{outcome}",
                   {"name": account.name, "member": member.name, "reason": reason},
                   key=f"family-member-{member.id}-{outcome}")
    audit.record("family_member_activated" if status == "active" else "family_member_refused",
                 "family_member", member.id,
                 {"citizen_account_id": account.id, "reason": reason}, officer=officer)
    db.session.commit()
