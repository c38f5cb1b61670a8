"""The citizen's secret links: a random token per purpose, emailed once, stored as its SHA-256.

Each purpose opens one door only (a correction link never downloads the letter), lasts as
long as its purpose (`VALID_FOR`), and stops working once used up or replaced by a newer
link of the same purpose.
"""
import hashlib
import secrets
from datetime import timedelta
from typing import Optional

from sqlalchemy import update

from portal.extensions import db
from portal.models import Application, SecretLink, utcnow

CORRECTION = "correction"  # /perbaikan: until the citizen resubmits or withdraws
DOWNLOAD = "download"  # /surat/unduh: the citizen's copy of the finished letter
VALID_FOR = {CORRECTION: timedelta(days=30), DOWNLOAD: timedelta(days=90)}


def digest(token: str) -> str:
    """The SHA-256 (hex) a token is stored as."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def use_up(application: Application, purpose: str) -> None:
    """End every live link of this purpose of the application (the caller commits)."""
    db.session.execute(
        update(SecretLink).where(SecretLink.application_id == application.id,
                                 SecretLink.purpose == purpose, SecretLink.used_at.is_(None))
        .values(used_at=utcnow()))


def issue_token(application: Application, purpose: str) -> str:
    """A new link of this purpose for the application (older ones stop working); its token."""
    use_up(application, purpose)
    token = secrets.token_urlsafe(24)
    db.session.add(SecretLink(purpose=purpose, application_id=application.id,
                              token_hash=digest(token), expires_at=utcnow() + VALID_FOR[purpose]))
    return token


def find_by_token(token: str, purpose: str) -> Optional[Application]:
    """The application whose live link of this purpose carries `token`, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        db.select(Application).join(SecretLink, SecretLink.application_id == Application.id)
        .where(SecretLink.token_hash == digest(token), SecretLink.purpose == purpose,
               SecretLink.used_at.is_(None), SecretLink.expires_at > utcnow())
    ).scalar_one_or_none()
