"""Applications, their uploaded documents, their append-only history and what returns asked."""
from datetime import datetime
from typing import Optional

from sqlalchemy import (JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text,
                        false, true)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, utcnow
from portal.unit_names import title_in_unit

# How a citizen wants to hear from us (Application and CitizenAccount.notify_channel).
NOTIFY_CHANNELS = ("wa", "email", "both")


def default_notify_channel(phone: str) -> str:
    """WhatsApp when a number is given, else email."""
    return "wa" if (phone or "").strip() else "email"


def channel_default_from(column: str):
    """A column default reading the row's phone number (every way of creating a row gets it)."""
    return lambda context: default_notify_channel(context.get_current_parameters().get(column))


class Application(Base):
    """A citizen's request for one service, moving through its flow's steps."""

    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_queue", "pending_unit_id", "pending_step", "status", "created_at"),
        # A unit's open applications among its archive ("In Progress"), and the newest of
        # its archive first ("Data Selesai") without sorting the whole archive.
        Index("ix_applications_home_unit_status", "home_unit_id", "status"),
        Index("ix_applications_final_unit_status", "final_unit_id", "status"),
        Index("ix_applications_home_unit_created", "home_unit_id", "created_at"),
        Index("ix_applications_final_unit_created", "final_unit_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reg_no: Mapped[str] = mapped_column(String(32), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    applicant_nik: Mapped[str] = mapped_column(String(16), index=True)
    applicant_kk: Mapped[str] = mapped_column(String(16))
    applicant_name: Mapped[str] = mapped_column(String(120))
    applicant_email: Mapped[str] = mapped_column(String(160))
    applicant_phone: Mapped[str] = mapped_column(String(20))
    applicant_address: Mapped[str] = mapped_column(Text, default="")
    home_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    form_data: Mapped[dict] = mapped_column(JSON, default=dict)
    definition_snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), index=True)
    status_label: Mapped[str] = mapped_column(String(160), default="")
    stage_index: Mapped[int] = mapped_column(Integer, default=0)
    step_index: Mapped[int] = mapped_column(Integer, default=0)
    pending_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    pending_step: Mapped[Optional[str]] = mapped_column(String(20))
    final_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The one-time token of the form that created it: a second POST of that form finds it.
    submission_token: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    finished_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    notify_channel: Mapped[str] = mapped_column(
        String(10), default=channel_default_from("applicant_phone"), server_default="email")
    # False: only the milestones; True: every approval too.
    notify_every_step: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())
    # How it came in: 'online' (the website, the API) or 'loket' (registered at the counter).
    channel: Mapped[str] = mapped_column(String(10), default="online", server_default="online",
                                         index=True)
    # Requirement keys an officer saw on paper at the counter instead of an upload.
    seen_at_counter: Mapped[Optional[list]] = mapped_column(JSON)

    service = relationship("Service")
    home_unit = relationship("Unit", foreign_keys=[home_unit_id])
    pending_unit = relationship("Unit", foreign_keys=[pending_unit_id])
    final_unit = relationship("Unit", foreign_keys=[final_unit_id])
    documents: Mapped[list["Document"]] = relationship(
        back_populates="application", order_by="Document.id"
    )
    history: Mapped[list["History"]] = relationship(
        back_populates="application", order_by="History.id"
    )

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.reg_no


class Document(Base):
    """An uploaded requirement file; the bytes live in storage under `storage_key`."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[Optional[int]] = mapped_column(ForeignKey("applications.id"), index=True)
    # While application_id is NULL: the form token of the unfinished form it was uploaded with.
    draft_token: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    requirement_key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(160), default="")
    original_name: Mapped[str] = mapped_column(String(255), default="")
    content_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(120), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    superseded_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # False while an image is stored as received: its re-encoding job has not run yet.
    processed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    application = relationship("Application", back_populates="documents")


class History(Base):
    """One workflow event; rows are only ever inserted, never changed or deleted."""

    __tablename__ = "history"
    # Leads with the application (its timeline); with the officer, "did I act on it" is one probe.
    __table_args__ = (Index("ix_history_application_officer", "application_id", "officer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    officer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("officers.id"), index=True)
    actor_kind: Mapped[str] = mapped_column(String(10))
    actor_name: Mapped[str] = mapped_column(String(160), default="")
    position: Mapped[Optional[str]] = mapped_column(String(20))
    position_title: Mapped[str] = mapped_column(String(80), default="")
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    action: Mapped[str] = mapped_column(String(20))
    remark: Mapped[str] = mapped_column(Text, default="")
    from_status: Mapped[Optional[str]] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    status_label: Mapped[str] = mapped_column(String(160), default="")
    # Revisions and resubmissions: {item key: {"before": …, "after": …}} (see
    # portal.workflow.corrections); the citizen only ever sees the items' names.
    changes: Mapped[Optional[dict]] = mapped_column(JSON)
    # For officers only: never shown on the tracking page, the API or in a citizen's message.
    internal_note: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    application = relationship("Application", back_populates="history")
    officer = relationship("Officer")
    unit = relationship("Unit")
    returned_items: Mapped[list["ReturnedItem"]] = relationship(
        back_populates="history", order_by="ReturnedItem.id", lazy="selectin")

    @property
    def acting_title(self) -> str:
        """The officer's position with their unit: 'Admin Kelurahan Baloi Indah' ('' if none)."""
        if not self.position_title or self.unit is None:
            return self.position_title or ""
        return title_in_unit(self.position_title, self.unit.kind, self.unit.name)


class ReturnedItem(Base):
    """One form field or document a return asked the citizen to correct (counted in the recap)."""

    __tablename__ = "returned_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    history_id: Mapped[int] = mapped_column(ForeignKey("history.id"), index=True)
    # 'applicant_address', 'form_data.<field name>' or 'document.<requirement key>'
    item_key: Mapped[str] = mapped_column(String(80))
    label: Mapped[str] = mapped_column(String(160))  # as the officer saw it, in Indonesian
    reason: Mapped[str] = mapped_column(String(200), default="")

    history = relationship("History", back_populates="returned_items")
