"""Bearer tokens of the citizen API and the one-time login codes that can obtain one.

Neither the token nor the code is stored: only its SHA-256. A token also remembers a digest
of the account's session token when it was issued, so whatever ends the account's sessions
(a password change or reset, closing the account) ends every API token with them.
"""
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow


class ApiToken(Base):
    """One program's login to a citizen account (a phone app), until it expires or is revoked."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("citizen_accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    account = relationship("CitizenAccount")


class LoginCode(Base):
    """A six-digit code sent by WhatsApp or email, good for one API login within minutes."""

    __tablename__ = "api_login_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("citizen_accounts.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
