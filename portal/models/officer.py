"""Officer accounts: staff of a unit, or the city's Administrator."""
import secrets
from datetime import datetime
from typing import Optional

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.models.base import Base, utcnow


def new_session_token() -> str:
    """A random token bound into login sessions; changing it logs the officer out everywhere."""
    return secrets.token_hex(16)


class Officer(UserMixin, Base):
    """A person who logs in with their NIP; position and unit decide what they may do."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(120), default="")
    # The signer's NIK, by which the BSrE signing service knows their certificate.
    nik: Mapped[str] = mapped_column(String(16), default="", server_default="")
    position: Mapped[Optional[str]] = mapped_column(String(20))
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"), index=True)
    is_administrator: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    # Set when an Administrator chose the password: the officer sets their own at next login.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())
    # Second factor (TOTP): the secret sealed with a key from SECRET_KEY ("" when not enrolled)
    # and the last time step accepted, so a code cannot be used twice.
    totp_secret_sealed: Mapped[str] = mapped_column(String(255), default="", server_default="")
    totp_last_step: Mapped[Optional[int]] = mapped_column(Integer)
    # When the officer was last told that someone is trying their password (once per episode).
    login_alert_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    notify_mode: Mapped[str] = mapped_column(String(10), default="instant")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    unit = relationship("Unit", foreign_keys=[unit_id])

    @property
    def has_second_factor(self) -> bool:
        """True once the officer has enrolled an authenticator app."""
        return bool(self.totp_secret_sealed)

    def set_password(self, password: str) -> None:
        """Hash and store a new password, ending every other session of this officer."""
        method = "scrypt"
        if has_app_context():
            method = current_app.config.get("PASSWORD_HASH_METHOD", method)
        self.password_hash = generate_password_hash(password, method=method)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Flask-Login id: the row id bound to the current session token."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        """Flask-Login: deactivated officers cannot log in."""
        return bool(self.active)

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class RecoveryCode(Base):
    """One of an officer's one-time recovery codes for a lost phone, stored as its SHA-256."""

    __tablename__ = "officer_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
