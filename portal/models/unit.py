"""Government units: kecamatan (district) containing kelurahan (urban villages)."""
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base
from portal.unit_names import unit_title


class Unit(Base):
    """A kecamatan or kelurahan office: issues letters under its own letterhead."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    short_code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"), index=True)
    address: Mapped[str] = mapped_column(String(255), default="")
    letterhead: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    head_officer_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("officers.id", use_alter=True, name="fk_units_head_officer_id_officers")
    )

    parent: Mapped[Optional["Unit"]] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent", order_by="Unit.name")
    head_officer = relationship("Officer", foreign_keys=[head_officer_id], post_update=True)

    @property
    def title(self) -> str:
        """Name with its kind, as on a letterhead: 'Kelurahan Baloi Indah'."""
        return unit_title(self.kind, self.name)

    @property
    def letterhead_lines(self) -> list[str]:
        """The letterhead as a list of non-empty lines."""
        return [line for line in (self.letterhead or "").splitlines() if line.strip()]

    def __str__(self) -> str:
        return self.title
