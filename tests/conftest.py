"""Shared fixtures: an app on SQLite or PostgreSQL (TEST_DATABASE), demo data, factories."""
import os
import sqlite3
import uuid
from typing import NamedTuple

import psycopg
import pytest
from flask import Flask, g
from hypothesis import HealthCheck, settings
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from portal import create_app
from portal.extensions import db
from portal.models import Application, AppendOnlyPermit, Base, Officer, Service, Unit
from portal.models.append_only import guard_lifted
from portal.workflow.regno import new_reg_no
from portal.models import utcnow
from portal.workflow import transitions

PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"

# Property tests judge behaviour, never the machine's speed: no deadline, and slow data
# generation on a loaded two-core machine is no failure.
settings.register_profile("layanan", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("layanan")
TEST_PASSWORD = "kata-sandi-uji-2026"


@event.listens_for(Engine, "connect")
def _no_waiting_for_the_disk(dbapi_connection, connection_record) -> None:
    """Throwaway test databases need no durable commits: each commit's fsync is most of a
    test's time on a busy machine (this file is never imported by the app)."""
    cursor = dbapi_connection.cursor()
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor.execute("PRAGMA synchronous = OFF")
    elif isinstance(dbapi_connection, psycopg.Connection):
        cursor.execute("SET synchronous_commit TO off")
        dbapi_connection.commit()  # kept for the session, not rolled back with a transaction
    cursor.close()


def _create_pg_database() -> str:
    name = f"layanan_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop_pg_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """One throwaway database for the whole run."""
    kind = os.environ.get("TEST_DATABASE", "sqlite")
    if kind == "postgresql":
        name = _create_pg_database()
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        _drop_pg_database(name)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def is_postgresql(database_url):
    """True on the PostgreSQL run."""
    return database_url.startswith("postgresql")


@pytest.fixture
def postgresql_only(is_postgresql):
    """Skip a test that needs PostgreSQL's row locks on the SQLite run."""
    if not is_postgresql:
        pytest.skip("needs PostgreSQL (run by `make test-postgresql`)")


def test_config(database_url, tmp_path) -> dict:
    """Settings every test app starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "STORAGE_DIR": str(tmp_path / "files"),
        "REDIS_URL": None,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "MAIL_SUPPRESS_SEND": True,
        "PUBLIC_BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        "LETTER_SIGNING": "none",  # signed by hand; tests/letters/test_letters_signed_* sign
        # Counts change at once here; test_officer_menu_counts_are_kept_per_unit keeps them.
        "MENU_COUNT_SECONDS": 0,
        "STORAGE_FSYNC": False,  # a throwaway folder: no need to wait for the disk
    }


def _empty_all_tables() -> None:
    """Empty every table, the append-only ones too, with the retention permit held meanwhile."""
    db.session.remove()
    tables = [t for t in Base.metadata.sorted_tables if t is not AppendOnlyPermit.__table__]
    with db.engine.begin() as conn, guard_lifted(conn, "test reset"):
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            conn.execute(text("UPDATE units SET head_officer_id = NULL"))
            for table in reversed(tables):
                conn.execute(table.delete())


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    app = create_app(test_config(database_url, tmp_path_factory.mktemp("schema")))
    with app.app_context():
        db.create_all()
    yield
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def make_app(_schema, database_url, tmp_path):
    """Factory for an app with extra settings, on an empty database."""
    apps = []

    def build(**overrides):
        app = create_app({**test_config(database_url, tmp_path), **overrides})
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            _empty_all_tables()
            db.engine.dispose()


class SharedApp(NamedTuple):
    """The session's app and what it was built with."""

    app: Flask
    config: dict
    listeners: list
    limiter_state: dict  # Flask-Limiter keeps the last init_app's settings on its one instance


@pytest.fixture(scope="session")
def _shared_app(_schema, database_url, tmp_path_factory):
    """One app for every test that needs no settings of its own: building one costs as much
    as a short test (Flask-Admin's views, 200 URL rules). `app` resets it between tests."""
    from portal.extensions import limiter

    application = create_app(test_config(database_url, tmp_path_factory.mktemp("shared")))
    yield SharedApp(application, dict(application.config), list(
        application.extensions.get(transitions.LISTENERS_KEY, [])), dict(vars(limiter)))
    with application.app_context():
        db.engine.dispose()  # its pooled connections, closed before the database is dropped


# What the app keeps between requests, derived from settings a test may change.
PER_TEST_EXTENSIONS = ("layanan.storage", "layanan.redis", "layanan.sealed_passphrases",
                       "layanan.redis_breaker")


def _reset_shared_app(shared: SharedApp, tmp_path) -> None:
    """Settings, transition listeners, kept clients and rate limits as built; no cached page."""
    from portal.extensions import cache, limiter

    application = shared.app
    application.config.clear()
    application.config.update(shared.config, STORAGE_DIR=str(tmp_path / "files"))
    application.extensions[transitions.LISTENERS_KEY] = list(shared.listeners)
    for name in PER_TEST_EXTENSIONS:
        application.extensions.pop(name, None)
    vars(limiter).update(shared.limiter_state)
    with application.app_context():
        cache.clear()


@pytest.fixture
def app(_shared_app, make_app, tmp_path):
    """The app under test, inside an application context, on an empty database.

    It asks for `make_app` so that apps a test builds besides it are emptied after it.
    """
    _reset_shared_app(_shared_app, tmp_path)
    application = _shared_app.app
    try:
        with application.app_context():
            yield application
    finally:
        with application.app_context():
            _empty_all_tables()
        _reset_shared_app(_shared_app, tmp_path)


@pytest.fixture
def client(app):
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def forget_language(app):
    """Forget the language that the test's one app context cached from the previous request."""
    return lambda: g.pop("_flask_babel", None)


@pytest.fixture
def runner(app):
    """A CLI runner of `app`."""
    return app.test_cli_runner()


@pytest.fixture
def demo(app):
    """Kota Batam's units, the 23 services and the demo officers (no applications)."""
    from portal.seed import seed_demo

    return seed_demo(TEST_PASSWORD, with_applications=False)


@pytest.fixture
def officer(demo):
    """Look up the demo officer of a unit and position: officer('Lubuk Baja Kota', 'kasi')."""

    def find(unit_name: str, position: str) -> Officer:
        unit = demo[unit_name]
        return db.session.execute(
            db.select(Officer).filter_by(unit_id=unit.id, position=position)).scalar_one()

    return find


@pytest.fixture
def make_application(demo):
    """Submit an application (status Terdaftar) for a service from a home kelurahan."""

    def submit(service_code: str = "pindah-antar-kecamatan", home: str = "Lubuk Baja Kota",
               **applicant) -> Application:
        service = db.session.execute(db.select(Service).filter_by(code=service_code)).scalar_one()
        home_unit: Unit = demo[home]
        values = {
            "applicant_nik": "2171064501900001", "applicant_kk": "2171060101200001",
            "applicant_name": "Siti Rahmawati", "applicant_email": "siti@contoh.id",
            "applicant_phone": "+6281234567890", "applicant_address": "Jl. Duyung No. 5",
            **applicant,
        }
        application = Application(
            reg_no=new_reg_no(home_unit.short_code, utcnow()), service=service,
            home_unit=home_unit, form_data={}, definition_snapshot=service.definition_snapshot(),
            **values)
        transitions.register(application)
        return application

    return submit


@pytest.fixture
def login_as(client):
    """Log a client in as an officer without the login form (the form has its own tests)."""

    def login(officer: Officer, test_client=None):
        target = test_client or client
        # The `app` fixture's context is shared with requests, so Flask-Login's cached user in
        # `g` would outlive a switch of officer: forget it.
        g.pop("_login_user", None)
        with target.session_transaction() as session:
            session["_user_id"] = officer.get_id()
            session["_fresh"] = True
        return target

    return login


pytest_plugins = ["tests.fixtures.citizen", "tests.fixtures.officers", "tests.fixtures.letters",
                  "tests.fixtures.accounts", "tests.fixtures.signing", "tests.fixtures.whatsapp",
                  "tests.fixtures.background"]
