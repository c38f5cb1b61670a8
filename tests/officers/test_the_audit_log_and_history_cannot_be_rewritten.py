"""The audit log and the workflow history are append-only in the database itself: raw SQL
UPDATE, DELETE (and TRUNCATE on PostgreSQL) are refused; only `flask audit purge` removes old
audit rows, in its own transaction, and leaves a row saying so."""
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from portal.extensions import db
from portal.models import AppendOnlyPermit, AuditEntry, History, ReturnedItem

RAW_CHANGES = [
    "UPDATE audit_log SET actor = 'someone else'",
    "DELETE FROM audit_log",
    "UPDATE history SET remark = 'rewritten'",
    "DELETE FROM returned_items",
    "DELETE FROM history",
]


@pytest.fixture
def logged_work(returned_by_kasi):
    """Siti's returned application: history rows, a returned item and an old audit row."""
    returned = db.session.scalar(db.select(History).filter_by(
        application_id=returned_by_kasi.id, action="return"))
    db.session.add_all([
        ReturnedItem(history_id=returned.id, item_key="applicant_address", label="Alamat",
                     reason="Tidak sesuai KK"),
        AuditEntry(actor="Andi (1990)", action="view_application", object_type="application",
                   object_id=str(returned_by_kasi.id), created_at=datetime(2020, 1, 6, 3)),
        AuditEntry(actor="Andi (1990)", action="login", created_at=datetime(2026, 11, 2, 3))])
    db.session.commit()
    return returned_by_kasi


def _counts() -> tuple:
    return tuple(db.session.query(model).count() for model in (AuditEntry, History, ReturnedItem))


@pytest.mark.parametrize("statement", RAW_CHANGES)
def test_raw_sql_cannot_change_or_delete_logged_rows(logged_work, statement):
    before = _counts()
    assert all(before)
    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as connection:
            connection.execute(text(statement))
    assert _counts() == before
    assert db.session.query(AuditEntry).filter_by(actor="someone else").count() == 0
    assert db.session.query(History).filter_by(remark="rewritten").count() == 0


def test_truncate_is_refused_on_postgresql(postgresql_only, logged_work):
    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_log"))
    assert _counts()[0] == 4


def test_an_audit_row_cannot_be_edited_through_the_orm(logged_work):
    entry = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id))
    entry.actor = "someone else"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(entry)
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()


def test_purge_removes_only_rows_before_the_day_and_logs_itself(logged_work, runner):
    result = runner.invoke(args=["audit", "purge", "--before", "2021-01-01"])
    assert result.exit_code == 0, result.output
    assert "Baris log audit dihapus: 1" in result.output
    db.session.expire_all()
    left = db.session.execute(db.select(AuditEntry.action, AuditEntry.detail)
                              .order_by(AuditEntry.id)).all()
    assert [action for action, _ in left] == [
        "application_approve", "application_return", "login", "audit_purged"]
    assert left[-1].detail == {"before": "2021-01-01", "rows": 1}
    assert db.session.query(AppendOnlyPermit).count() == 0
    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log"))


def test_purge_refuses_a_day_in_the_future(logged_work, runner):
    result = runner.invoke(args=["audit", "purge", "--before", "2999-01-01"])
    assert result.exit_code != 0 and "future" in result.output
    assert _counts()[0] == 4
