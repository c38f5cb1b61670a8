"""Retention of identity images (UU 27/2022): refused and closed accounts lose them after
ACCOUNT_RETENTION_DAYS.

The account row stays as a stub (NIK, name, status, dates) and every application record
stays, as the archive rules require; only the images (KTP, KK, signature, selfie, family
proofs) and their stored bytes go. A copy that is part of an application stays with it.
Run daily by `jobs.retention` or `flask accounts purge-identity-images`; idempotent.
"""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select

from portal.officers import audit
from portal.extensions import db
from portal.models import CitizenAccount, Document, utcnow
from portal.models.citizen import IDENTITY_DOCUMENTS
from portal.files.storage import get_storage

RETENTION_ACTOR = "sistem (retensi data)"


def retention_cutoff() -> datetime:
    """Accounts refused or closed before this moment have outlived the retention period."""
    return utcnow() - timedelta(days=int(current_app.config["ACCOUNT_RETENTION_DAYS"]))


def _due():
    """Refused or closed before the cutoff, and the images not deleted yet."""
    cutoff = retention_cutoff()
    return and_(CitizenAccount.identity_images_deleted_at.is_(None), or_(
        and_(CitizenAccount.status == "refused", CitizenAccount.decided_at < cutoff),
        and_(CitizenAccount.status == "closed", CitizenAccount.closed_at < cutoff)))


def expired_account_ids() -> list[int]:
    """Accounts whose identity images are due for deletion."""
    return list(db.session.execute(
        select(CitizenAccount.id).where(_due()).order_by(CitizenAccount.id)).scalars())


def _images(account: CitizenAccount) -> list[tuple[object, str, str]]:
    """(owner row, attribute, requirement key) of every identity image still linked."""
    found = [(account, f"{key}_document", key) for key in IDENTITY_DOCUMENTS]
    found += [(member, "proof_document", "proof") for member in account.family]
    return [(owner, attribute, key) for owner, attribute, key in found
            if getattr(owner, attribute) is not None]


def _forget(document: Document, account: CitizenAccount, key: str) -> None:
    audit.record("identity_image_deleted", "document", document.id,
                 {"citizen_account_id": account.id, "requirement": key,
                  "account_status": account.status}, actor=RETENTION_ACTOR)
    if document.application_id is None:
        get_storage().delete(document.storage_key)
        db.session.delete(document)


def delete_identity_images(account_id: int) -> int:
    """Delete one expired account's identity images (bytes first, then rows); returns how many.

    The bytes go before the commit: a failed commit leaves rows whose bytes are gone, and
    the next run deletes them again (deleting a missing blob is allowed).
    """
    account = db.session.execute(
        select(CitizenAccount).where(CitizenAccount.id == account_id, _due()).with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if account is None:  # deleted by another run meanwhile
        db.session.commit()
        return 0
    images = _images(account)
    for owner, attribute, key in images:
        document = getattr(owner, attribute)
        setattr(owner, attribute, None)
        _forget(document, account, key)
    account.identity_images_deleted_at = utcnow()
    db.session.commit()
    return len(images)


def purge_expired_identity_images() -> tuple[int, int]:
    """(accounts, images) whose identity images this run deleted."""
    account_ids = expired_account_ids()
    db.session.commit()
    images = [delete_identity_images(account_id) for account_id in account_ids]
    return sum(1 for count in images if count), sum(images)
