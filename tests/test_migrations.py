"""The schema is built from nothing by Alembic on SQLite, PostgreSQL and MariaDB, and back."""
import os
import uuid

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
