"""Citizen accounts (identity images, email link, officer activation) and family members."""
import secrets
from datetime import datetime
from typing import Optional

from flask import current_app
from sqlalchemy import (Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint,
                        false)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.models.application import channel_default_from
from portal.models.base import Base, utcnow

# unconfirmed → (email link) → waiting → (officer) → active | refused;
# active → (the citizen, UU 27/2022) → closed. Only active accounts log in.
ACCOUNT_STATUSES = ("unconfirmed", "waiting", "active", "refused", "closed")
IDENTITY_DOCUMENTS = ("ktp", "kk", "signature", "selfie")


def new_session_token() -> str:
    """A random token binding login sessions to the account (rotated to end them)."""
    return secrets.token_urlsafe(24)


class CitizenAccount(Base):
    """One citizen's account; one per NIK."""

    __tablename__ = "citizen_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    kk: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(160))
    phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(Text, default="")
    home_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(12), default="unconfirmed", index=True)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    email_confirmed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # A new address asked for on the profile page; it replaces `email` once confirmed by link.
    pending_email: Mapped[Optional[str]] = mapped_column(String(160))
    closed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # When the retention job deleted the identity images (the account row stays as a stub).
    identity_images_deleted_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[Optional[datetime]] = mapped_column(DateTime)
    reset_token_hash: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    reset_expires_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    ktp_document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id"))
    kk_document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id"))
    signature_document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id"))
    selfie_document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # How the citizen wants to hear from us; the application form starts from it.
    notify_channel: Mapped[str] = mapped_column(
        String(10), default=channel_default_from("phone"), server_default="email")
    notify_every_step: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())

    home_unit = relationship("Unit")
    ktp_document = relationship("Document", foreign_keys=[ktp_document_id])
    kk_document = relationship("Document", foreign_keys=[kk_document_id])
    signature_document = relationship("Document", foreign_keys=[signature_document_id])
    selfie_document = relationship("Document", foreign_keys=[selfie_document_id])
    family: Mapped[list["FamilyMember"]] = relationship(
        back_populates="account", order_by="FamilyMember.id")

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """True when `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def identity_documents(self) -> dict:
        """The four identity images by key (missing ones left out)."""
        found = {key: getattr(self, f"{key}_document") for key in IDENTITY_DOCUMENTS}
        return {key: document for key, document in found.items() if document is not None}

    def __str__(self) -> str:
        return f"{self.name} ({self.nik})"


class FamilyMember(Base):
    """A person the account holder may apply for (at most five per account)."""

    __tablename__ = "family_members"
    __table_args__ = (UniqueConstraint("account_id", "nik", name="uq_family_members_account_nik"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("citizen_accounts.id"))
    nik: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    relationship_label: Mapped[str] = mapped_column(String(40))
    kk: Mapped[str] = mapped_column(String(16))
    # 'active' when on the account's (officer-checked) KK; else 'waiting' until an officer of the
    # account's kelurahan makes it 'active' or 'refused'.
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    proof_document_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id"))
    refusal_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    account = relationship("CitizenAccount", back_populates="family")
    proof_document = relationship("Document")
