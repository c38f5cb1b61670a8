"""The schema is built from nothing by Alembic on SQLite, PostgreSQL and MariaDB, and back;
the data migrations carry the rows they find (secret links, outbox secrets)."""
import itertools
import json
import os
import uuid
from datetime import date, datetime
from decimal import Decimal

import psycopg
import pymysql
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DatabaseError

from portal import create_app
from portal.models import Base
from portal.models.append_only import guard_lifted
from tests.conftest import PG_ADMIN_DSN

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE", "sqlite") != "sqlite",
    reason="runs once per `make test`, in the SQLite pass; it makes its own databases")


@pytest.fixture
def sqlite_url(tmp_path):
    yield f"sqlite:///{tmp_path / 'migrate.db'}"


@pytest.fixture
def postgresql_url():
    name = f"layanan_mig_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def mariadb_url():
    name = f"layanan_mig_{uuid.uuid4().hex[:8]}"
    conn = pymysql.connect(host="127.0.0.1", user="root", autocommit=True)
    conn.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    yield f"mysql+pymysql://root@127.0.0.1:3306/{name}"
    conn.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
    conn.close()


def _differences(url: str) -> list:
    engine = create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = compare_metadata(context, Base.metadata)
    engine.dispose()
    return [d for d in diffs if not _is_dialect_only_index(d)]


def _is_dialect_only_index(diff) -> bool:
    """Indexes a migration adds on one dialect only (e.g. pg_trgm) are not drift."""
    kind = diff[0] if isinstance(diff, tuple) else None
    return kind == "remove_index" and "_trgm_" in diff[1].name


def _tables(url: str) -> set:
    engine = create_engine(url)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names - {"alembic_version"}


@pytest.mark.parametrize("url_fixture", ["sqlite_url", "postgresql_url", "mariadb_url"])
def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(request, url_fixture, tmp_path):
    url = request.getfixturevalue(url_fixture)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "STORAGE_DIR": str(tmp_path)})
    with app.app_context():
        upgrade()
        assert _tables(url) == set(Base.metadata.tables)
        assert _differences(url) == []
        downgrade(revision="base")
        assert _tables(url) == set()
        upgrade()
        assert _tables(url) == set(Base.metadata.tables)
        from portal.extensions import db
        db.session.remove()
        db.engine.dispose()


def _tables_with_triggers(conn) -> set:
    if conn.dialect.name == "sqlite":
        query = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = ("SELECT event_object_table FROM information_schema.triggers "
                 "WHERE trigger_schema = " + ("'public'" if conn.dialect.name == "postgresql"
                                              else "DATABASE()"))
    return set(conn.execute(text(query)).scalars())


@pytest.mark.parametrize("url_fixture", ["sqlite_url", "postgresql_url", "mariadb_url"])
def test_the_migrated_audit_log_refuses_raw_update_and_delete_but_not_the_purge(
        request, url_fixture, tmp_path):
    url = request.getfixturevalue(url_fixture)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "STORAGE_DIR": str(tmp_path)})
    with app.app_context():
        upgrade()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (actor, action, object_type, object_id, ip, "
                          "created_at) VALUES ('Andi', 'login', '', '', '', '2020-01-06')"))
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert _tables_with_triggers(conn) == {"audit_log", "history", "returned_items"}
    with engine.begin() as conn, guard_lifted(conn, "retention"):
        conn.execute(text("DELETE FROM audit_log"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_log")).scalar() == 0
        assert conn.execute(text("SELECT COUNT(*) FROM append_only_permits")).scalar() == 0
    engine.dispose()
    with app.app_context():
        from portal.extensions import db
        db.session.remove()
        db.engine.dispose()


# --- Data migrations over existing rows ---------------------------------------------------------

SERIALS = itertools.count(1)  # keeps the made-up values of unique columns apart

def _value_for(column: dict, serial: int):
    """A plausible value of a required column's type (`serial` keeps unique ones apart)."""
    kind = column["type"].python_type
    if kind is bool:
        return False
    if kind in (int, float, Decimal):
        return kind(1 + serial % 100)  # small enough for a MariaDB TINYINT (its booleans)
    if kind is datetime:
        return datetime(2026, 11, 2, 3, 0)
    if kind is date:
        return date(2026, 11, 2)
    if kind in (dict, list):
        return json.dumps({})
    length = getattr(column["type"], "length", None) or 40
    return json.dumps(f"x{serial}")[-length:]  # MariaDB's JSON columns are checked text


def insert_row(conn, table: str, values: dict) -> int:
    """Insert a row with `values`; every other required column gets a plausible value, and a
    required reference a row of its own. Returns the new row's id."""
    inspector = inspect(conn)
    references = {fk["constrained_columns"][0]: fk["referred_table"]
                  for fk in inspector.get_foreign_keys(table)}
    row = dict(values)
    for column in inspector.get_columns(table):
        name = column["name"]
        if name in row or name == "id" or column["nullable"] or column.get("default"):
            continue
        row[name] = (insert_row(conn, references[name], {}) if name in references
                     else _value_for(column, next(SERIALS)))
    statement = (f"INSERT INTO {table} ({', '.join(row)}) "
                 f"VALUES ({', '.join(':' + key for key in row)})")
    if conn.dialect.name == "postgresql":
        return conn.execute(text(statement + " RETURNING id"), row).scalar_one()
    return conn.execute(text(statement), row).lastrowid


def _migrated_app(url: str, tmp_path):
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "STORAGE_DIR": str(tmp_path),
                       "SECRET_KEY": "migration-test-secret"})


def _dispose(app) -> None:
    with app.app_context():
        from portal.extensions import db
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("url_fixture", ["sqlite_url", "postgresql_url", "mariadb_url"])
def test_i21c_turns_each_secret_hash_into_a_link_of_its_purpose(request, url_fixture, tmp_path):
    url = request.getfixturevalue(url_fixture)
    app = _migrated_app(url, tmp_path)
    with app.app_context():
        upgrade(revision="i21b")
    engine = create_engine(url)
    with engine.begin() as conn:
        returned = insert_row(conn, "applications", {"status": "dikembalikan",
                                                     "secret_hash": "c" * 64})
        finished = insert_row(conn, "applications", {"status": "selesai", "secret_hash": "d" * 64})
        insert_row(conn, "applications", {"status": "baru", "secret_hash": ""})
    with app.app_context():
        upgrade(revision="i21c")
    with engine.connect() as conn:
        links = conn.execute(text("SELECT application_id, purpose, token_hash, used_at, "
                                  "expires_at > created_at FROM secret_links ORDER BY id")).all()
        columns = {column["name"] for column in inspect(conn).get_columns("applications")}
    engine.dispose()
    _dispose(app)
    assert [tuple(link) for link in links] == [(returned, "correction", "c" * 64, None, True),
                                               (finished, "download", "d" * 64, None, True)]
    assert "secret_hash" not in columns


def _payloads(conn) -> dict:
    rows = conn.execute(text("SELECT id, payload FROM outbox")).all()
    return {row_id: payload if isinstance(payload, dict) else json.loads(payload)
            for row_id, payload in rows}


def _outbox_row(conn, channel: str, status: str, delivery_status: str, payload: dict) -> int:
    return insert_row(conn, "outbox", {
        "channel": channel, "status": status, "delivery_status": delivery_status,
        "recipient": "siti@contoh.id", "template": "citizen_submitted", "attempts": 0,
        "payload": json.dumps(payload)})


@pytest.mark.parametrize("url_fixture", ["sqlite_url", "postgresql_url", "mariadb_url"])
def test_i21c2_and_i21e_seal_waiting_secrets_and_drop_delivered_ones(
        request, url_fixture, tmp_path):
    url = request.getfixturevalue(url_fixture)
    app = _migrated_app(url, tmp_path)
    with app.app_context():
        upgrade(revision="i24a2")
    engine = create_engine(url)
    confirm = {"reg_no": "SKU-0001", "confirm_token": "Tok3n-Konfirmasi-Rahasia-0001"}
    with engine.begin() as conn:
        waiting = _outbox_row(conn, "email", "pending", "queued", confirm)
        emailed = _outbox_row(conn, "email", "sent", "sent", confirm)
        wa_on_its_way = _outbox_row(conn, "whatsapp", "sent", "sent", confirm)
        wa_arrived = _outbox_row(conn, "whatsapp", "sent", "delivered", confirm)
    with app.app_context():
        upgrade(revision="i21c2")
    with engine.begin() as conn:
        after_i21c2 = _payloads(conn)
        code_waiting = _outbox_row(conn, "email", "pending", "queued",
                                   {"name": "Siti", "code": "482913"})
        code_sent = _outbox_row(conn, "email", "sent", "sent", {"name": "Siti", "code": "482914"})
    with app.app_context():
        upgrade()
        from portal.models.sealed_json import unseal
        with engine.connect() as conn:
            stored = _payloads(conn)
        opened = {row_id: unseal(payload) for row_id, payload in stored.items()}
    engine.dispose()
    _dispose(app)

    for row_id in (waiting, wa_on_its_way):
        assert "Tok3n" not in json.dumps(after_i21c2[row_id])
        assert set(after_i21c2[row_id]["confirm_token"]) == {"sealed"}
        assert opened[row_id] == confirm
    for row_id in (emailed, wa_arrived):
        assert after_i21c2[row_id] == {"reg_no": "SKU-0001", "confirm_token": "***"}
    assert set(stored[code_waiting]["code"]) == {"sealed"} and "482913" not in json.dumps(
        stored[code_waiting])
    assert opened[code_waiting] == {"name": "Siti", "code": "482913"}
    assert stored[code_sent] == {"name": "Siti", "code": "***"}
