"""Append-only tables kept so by the database: triggers refuse UPDATE and DELETE (and TRUNCATE
on PostgreSQL) on the audit log and the workflow history unless the same transaction holds a
retention permit, a row of `append_only_permits` that no other transaction can see.

A later migration that rebuilds one of these tables on SQLite (batch_alter_table copies it)
must add its triggers again; tests/test_migrations.py checks they exist at the head."""
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import DDL, String, event, insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.application import History, ReturnedItem
from portal.models.base import Base
from portal.models.outbox import AuditEntry

APPEND_ONLY_TABLES = ("audit_log", "history", "returned_items")
PG_FUNCTION = "layanan_refuse_append_only_change"


class AppendOnlyPermit(Base):
    """A permit to remove append-only rows; inserted and deleted inside one transaction."""

    __tablename__ = "append_only_permits"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(80))


_PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM append_only_permits) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = TG_TABLE_NAME || ' is append-only';
    END IF;
    RETURN COALESCE(NEW, OLD);
END $$"""


def trigger_statements(dialect: str, table: str) -> list[str]:
    """The statements that make `table` append-only on this database ([] for others)."""
    refuse = f"'{table} is append-only'"
    if dialect == "sqlite":
        return [f"CREATE TRIGGER {table}_append_only_{event_name.lower()} "
                f"BEFORE {event_name} ON {table} "
                f"WHEN NOT EXISTS (SELECT 1 FROM append_only_permits) "
                f"BEGIN SELECT RAISE(ABORT, {refuse}); END"
                for event_name in ("UPDATE", "DELETE")]
    if dialect == "postgresql":
        return [_PG_FUNCTION_SQL,
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
                f"CREATE TRIGGER {table}_append_only_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"]
    if dialect in ("mysql", "mariadb"):
        return [f"CREATE TRIGGER {table}_append_only_{event_name.lower()} "
                f"BEFORE {event_name} ON {table} FOR EACH ROW BEGIN "
                f"IF NOT EXISTS (SELECT 1 FROM append_only_permits) THEN "
                f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {refuse}; END IF; END"
                for event_name in ("UPDATE", "DELETE")]
    return []


def drop_statements(dialect: str, table: str) -> list[str]:
    """The statements that remove what `trigger_statements` made."""
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_append_only_truncate ON {table}"]
    return [f"DROP TRIGGER IF EXISTS {table}_append_only_{event_name}"
            for event_name in ("update", "delete")]


def _make_append_only(metadata, connection: Connection, tables=(), **_) -> None:
    """After create_all makes these tables, add their triggers (the migrations add the same)."""
    for table in tables:
        for statement in (trigger_statements(connection.dialect.name, table.name)
                          if table.name in APPEND_ONLY_TABLES else []):
            connection.execute(DDL(statement))


@contextmanager
def guard_lifted(connection: Connection, purpose: str) -> Iterator[None]:
    """Inside `connection`'s open transaction, allow changing append-only rows, then forbid it
    again; only that transaction sees the permit (retention and the tests' reset use it)."""
    permits = AppendOnlyPermit.__table__
    connection.execute(insert(permits).values(purpose=purpose[:80]))
    yield
    connection.execute(permits.delete())


def _refuse_orm_change(mapper, connection, target) -> None:
    """Changing or deleting an append-only row through the ORM is a bug."""
    raise RuntimeError(f"{mapper.local_table.name} rows are append-only")


event.listen(Base.metadata, "after_create", _make_append_only)
for _model in (AuditEntry, History, ReturnedItem):
    event.listen(_model, "before_update", _refuse_orm_change)
    event.listen(_model, "before_delete", _refuse_orm_change)
