"""Which positions, besides each unit's Admin, may take walk-in applications at the counter."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class CounterPosition(Base):
    """A position the Administrator allows at the counter (loket); the Admin always is."""

    __tablename__ = "counter_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[str] = mapped_column(String(20), unique=True)

    def __str__(self) -> str:
        return self.position
