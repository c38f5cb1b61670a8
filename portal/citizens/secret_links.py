"""The citizen's secret link: a random token emailed once, stored only as its SHA-256."""
import hashlib
import secrets
from typing import Optional

from portal.extensions import db
from portal.models import Application


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(application: Application) -> str:
    """Give the application a new secret token (the old one stops working) and return it."""
    token = secrets.token_urlsafe(24)
    application.secret_hash = _digest(token)
    return token


def find_by_token(token: str) -> Optional[Application]:
    """The application whose secret link carries `token`, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        db.select(Application).filter_by(secret_hash=_digest(token))).scalar_one_or_none()
