"""The schema is built from nothing by Alembic on SQLite, PostgreSQL and MariaDB, and back."""
import os
import uuid

import psycopg
import pymysql
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from portal import create_app
from portal.models import Base
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
