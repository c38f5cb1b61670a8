"""Services as data: each with its flow, required documents and form fields."""
from typing import Optional

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base

FIELD_TYPES = ("text", "textarea", "number", "date", "select")
# Who signs a service's letters: the head, the Sekretaris "a.n." the head, or a Kasi "u.b."
# (see portal/letters/signatories.py).
SIGNER_MODES = ("head", "on_behalf", "by_order")
# A requirement that is the applicant's own KTP or KK may be taken from their citizen account.
IDENTITY_KINDS = ("ktp", "kk")


class Service(Base):
    """A letter or permit the offices issue; configured by the Administrator, not coded."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    flow: Mapped[str] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(Text, default="")
    classification_code: Mapped[str] = mapped_column(String(20), default="470")
    service_level_days: Mapped[int] = mapped_column(Integer, default=3)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    signer_mode: Mapped[str] = mapped_column(String(12), default="head")
    letter_template: Mapped[Optional[str]] = mapped_column(Text)
    # The heading of its letters ("Surat Pengantar …"); empty: the service's name.
    letter_title: Mapped[str] = mapped_column(String(160), default="", server_default="")
    allow_citizen_download: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Fair-use rules (0 / False = no limit): see portal/workflow/fair_use.py.
    one_open_per_nik: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    cooldown_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    daily_quota: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Only logged-in citizens (active accounts) may apply.
    requires_account: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The service standard (PermenPAN-RB 15/2014) beyond what the rows above already say:
    # requirements, procedure and time come from the documents, the flow and the level.
    standard_cost: Mapped[str] = mapped_column(String(160), default="Gratis",
                                               server_default="Gratis")
    standard_product: Mapped[str] = mapped_column(String(160), default="", server_default="")
    standard_complaints: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The citizen may ask for the letter by post or courier instead of collecting it.
    offers_postal_delivery: Mapped[bool] = mapped_column(Boolean, default=False,
                                                         server_default=false())

    documents: Mapped[list["RequiredDocument"]] = relationship(
        back_populates="service", order_by="RequiredDocument.position",
        cascade="all, delete-orphan",
    )
    fields: Mapped[list["FormField"]] = relationship(
        back_populates="service", order_by="FormField.position",
        cascade="all, delete-orphan",
    )

    def definition_snapshot(self) -> dict:
        """The field and requirement definitions, frozen into each application at submission."""
        return {
            "service": {"code": self.code, "name": self.name, "flow": self.flow},
            "fields": [field.as_dict() for field in self.fields],
            "documents": [doc.as_dict() for doc in self.documents],
        }

    def __str__(self) -> str:
        return self.name


class RequiredDocument(Base):
    """A document the applicant must (or may) upload, or show at the counter."""

    __tablename__ = "required_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(160))
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    accepted_types: Mapped[str] = mapped_column(String(60), default="pdf,jpg,png")
    max_size_kb: Mapped[int] = mapped_column(Integer, default=5120)
    at_counter: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # "ktp" / "kk" when this is the applicant's own KTP / KK (see IDENTITY_KINDS), else "".
    identity: Mapped[str] = mapped_column(String(10), default="", server_default="")

    service: Mapped[Service] = relationship(back_populates="documents")

    @property
    def accepted_list(self) -> list[str]:
        """Accepted file kinds as a list, e.g. ['pdf', 'jpg']."""
        return [t.strip().lower() for t in self.accepted_types.split(",") if t.strip()]

    def as_dict(self) -> dict:
        """Plain-data copy for the application's snapshot."""
        return {
            "key": self.key, "label": self.label, "mandatory": self.mandatory,
            "accepted_types": self.accepted_list, "max_size_kb": self.max_size_kb,
            "at_counter": self.at_counter, "identity": self.identity or "",
        }

    def __str__(self) -> str:
        return self.label


class FormField(Base):
    """An extra input of a service's application form."""

    __tablename__ = "form_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(160))
    type: Mapped[str] = mapped_column(String(10), default="text")
    options: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    help_text: Mapped[str] = mapped_column(String(255), default="")

    service: Mapped[Service] = relationship(back_populates="fields")

    @property
    def option_list(self) -> list[str]:
        """Choices of a select field, one per line of `options`."""
        return [line.strip() for line in (self.options or "").splitlines() if line.strip()]

    def as_dict(self) -> dict:
        """Plain-data copy for the application's snapshot."""
        return {
            "name": self.name, "label": self.label, "type": self.type,
            "options": self.option_list, "required": self.required,
            "help_text": self.help_text,
        }

    def __str__(self) -> str:
        return self.label
