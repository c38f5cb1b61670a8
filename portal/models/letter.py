"""Issued letters with their gap-free numbers, rendered files and verification tokens."""
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow

# pending/ready/failed: the PDF job's state; manual: issued by hand, no file here;
# unsigned: waiting for the signer's passphrase; signing: the signing job has it.
RENDER_STATUSES = ("pending", "ready", "failed", "manual", "unsigned", "signing")


class Letter(Base):
    """One numbered letter of a unit: printed for an application or registered by hand."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("unit_id", "year", "sequence",
                                       name="uq_letters_unit_year_sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("applications.id"), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    classification: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    subject: Mapped[str] = mapped_column(String(255))
    signer_name: Mapped[str] = mapped_column(String(160), default="")
    signer_nip: Mapped[str] = mapped_column(String(18), default="")
    signer_title: Mapped[str] = mapped_column(String(160), default="")
    signer_on_behalf_of: Mapped[str] = mapped_column(String(160), default="")
    # "u.b.": the official between the head and a signer who signs by order ("Sekretaris Camat").
    signer_by_order_of: Mapped[str] = mapped_column(String(160), default="", server_default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"))
    verification_token: Mapped[str] = mapped_column(String(64), unique=True)
    short_code: Mapped[str] = mapped_column(String(12), unique=True)
    render_status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    render_error: Mapped[str] = mapped_column(Text, default="")
    render_attempts: Mapped[int] = mapped_column(Integer, default=0)
    rendered_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    storage_key: Mapped[Optional[str]] = mapped_column(String(120), unique=True)
    sha256: Mapped[Optional[str]] = mapped_column(String(64))
    # The electronic signature (see portal/letters/signing.py); empty on unsigned letters.
    signed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"))
    signed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    signature_provider: Mapped[str] = mapped_column(String(10), default="", server_default="")
    signature_reference: Mapped[str] = mapped_column(String(120), default="", server_default="")
    signing_started_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    sign_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    sign_error_code: Mapped[str] = mapped_column(String(30), default="", server_default="")
    handed_over_to: Mapped[str] = mapped_column(String(160), default="")
    handed_over_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # When someone other than the applicant collects it: their NIK and the power of attorney.
    handed_over_nik: Mapped[str] = mapped_column(String(16), default="", server_default="")
    handed_over_proof_id: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id"))
    revoked_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"))

    application = relationship("Application")
    unit = relationship("Unit")
    service = relationship("Service")
    created_by = relationship("Officer", foreign_keys=[created_by_id])
    revoked_by = relationship("Officer", foreign_keys=[revoked_by_id])
    signed_by = relationship("Officer", foreign_keys=[signed_by_id])
    handed_over_proof = relationship("Document")

    @property
    def is_manual(self) -> bool:
        """True for a letter issued by hand outside the system (no file stored here)."""
        return self.application_id is None

    @property
    def is_revoked(self) -> bool:
        """True once the Administrator has revoked the letter."""
        return self.revoked_at is not None

    @property
    def is_signed(self) -> bool:
        """True once an electronic signature is on the stored file."""
        return self.signed_at is not None

    def __str__(self) -> str:
        return self.number


class LetterCounter(Base):
    """The last sequence number a unit used in a year; locked while a number is taken."""

    __tablename__ = "letter_counters"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_letter_counters_unit_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
