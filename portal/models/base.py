"""Declarative base with a naming convention so Alembic can name every constraint."""
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Iterator, Optional

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model; carries the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


_frozen_now: ContextVar[Optional[datetime]] = ContextVar("frozen_now", default=None)


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (portable across databases)."""
    frozen = _frozen_now.get()
    return frozen if frozen is not None else datetime.now(timezone.utc).replace(tzinfo=None)


@contextmanager
def frozen_clock(moment: datetime) -> Iterator[None]:
    """Make `utcnow()` return `moment` inside the block (demo data and tests)."""
    token = _frozen_now.set(moment)
    try:
        yield
    finally:
        _frozen_now.reset(token)
