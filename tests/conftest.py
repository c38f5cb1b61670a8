"""Shared fixtures: an app on SQLite or PostgreSQL (TEST_DATABASE), demo data, factories."""
import os
import uuid

import psycopg
import pytest
from flask import g
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from portal.models import Application, Base, Officer, Service, Unit
from portal.regno import new_reg_no
from portal.models import utcnow
from portal import transitions

PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
TEST_PASSWORD = "kata-sandi-uji-2026"


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
    }


def _empty_all_tables() -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            conn.execute(text("UPDATE units SET head_officer_id = NULL"))
            for table in reversed(Base.metadata.sorted_tables):
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


@pytest.fixture
def app(make_app):
    """The app under test, inside an application context, on an empty database."""
    application = make_app()
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    """A test client of `app`."""
    return app.test_client()


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


# --- Citizen site (issue 4): SMTP server, sample files, a filled-in application form ---------
import importlib
import importlib.util
import io
import socket
import sys
import sysconfig
import threading


def _import_aiosmtpd():
    """Import aiosmtpd, which needs the `atpublic` distribution's module named `public`.

    Our blueprint package is also called `public` and shadows it on sys.path, so atpublic
    is loaded from site-packages by file for the duration of the import only.
    """
    if "aiosmtpd.controller" in sys.modules:
        return sys.modules["aiosmtpd.controller"]
    folder = os.path.join(sysconfig.get_paths()["purelib"], "public")
    spec = importlib.util.spec_from_file_location(
        "public", os.path.join(folder, "__init__.py"), submodule_search_locations=[folder])
    atpublic = importlib.util.module_from_spec(spec)
    ours = sys.modules.get("public")
    sys.modules["public"] = atpublic
    try:
        spec.loader.exec_module(atpublic)
        return importlib.import_module("aiosmtpd.controller")
    finally:
        if ours is not None:
            sys.modules["public"] = ours
        else:
            sys.modules.pop("public", None)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpInbox:
    """What a real SMTP server received: parsed email.message.EmailMessage objects."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        from email import message_from_bytes, policy

        with self.arrived:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list:
        """Block until `count` messages arrived (or fail)."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        assert len(self.messages) >= count, f"expected {count} emails, got {len(self.messages)}"
        return self.messages

    def to(self, recipient: str) -> list:
        """Messages addressed to `recipient`, in arrival order."""
        return [m for m in self.messages if m["To"] == recipient]

    def wait_for_to(self, recipient: str, count: int, timeout: float = 10.0) -> list:
        """Block until `count` messages for `recipient` arrived (or fail)."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.to(recipient)) >= count, timeout)
        received = self.to(recipient)
        assert len(received) >= count, f"expected {count} emails to {recipient}, got {len(received)}"
        return received


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free port: yields (port, inbox)."""
    controller_module = _import_aiosmtpd()
    inbox = SmtpInbox()
    port = free_port()
    controller = controller_module.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def sample_pdf() -> bytes:
    """A small, valid one-page PDF."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def sample_png() -> bytes:
    """A small PNG image."""
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(output, format="PNG")
    return output.getvalue()


def citizen_form_data(service: Service, home: Unit, **overrides) -> dict:
    """A complete, valid application form for `service` (files included) as the test client posts it."""
    values = {"nik": "2171064501900001", "kk": "2171060101200001", "name": "Siti Rahmawati",
              "email": "siti@contoh.id", "phone": "0812-3456-7890",
              "address": "Jl. Duyung No. 5, RT 001/RW 002", "home_unit": str(home.id)}
    samples = {"text": "Contoh isian", "textarea": "Keterangan contoh", "number": "3",
               "date": "1990-05-17"}
    for field in service.fields:
        values[f"f_{field.name}"] = (field.option_list[0] if field.type == "select"
                                     else samples[field.type])
    for doc in service.documents:
        if not doc.at_counter and doc.mandatory:
            pdf_ok = "pdf" in doc.accepted_list
            data, name = (sample_pdf(), f"{doc.key}.pdf") if pdf_ok else (sample_png(), f"{doc.key}.png")
            values[f"doc_{doc.key}"] = (io.BytesIO(data), name)
    values.update(overrides)
    return values


def post_multipart(test_client, url: str, data: dict):
    """POST a form with files, encoded in memory (large bodies leave no temp file open)."""
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    fields = MultiDict()
    for key, value in data.items():
        if isinstance(value, tuple):
            value = FileStorage(stream=value[0], filename=value[1])
        fields.add(key, value)
    boundary, body = encode_multipart(fields)
    return test_client.post(url, data=body,
                            content_type=f"multipart/form-data; boundary={boundary}")


def form_token_of(response) -> str:
    """The one-time token in a rendered application form."""
    import re

    match = re.search(r'name="form_token" type="hidden" value="([^"]+)"', response.get_data(True))
    assert match, "the form has no one-time token"
    return match.group(1)


@pytest.fixture
def citizen_form(demo):
    """A valid filled-in form: citizen_form('skck', 'Lubuk Baja Kota', phone='...')."""

    def build(service_code: str = "skck", home: str = "Lubuk Baja Kota", **overrides) -> dict:
        service = db.session.execute(db.select(Service).filter_by(code=service_code)).scalar_one()
        return citizen_form_data(service, demo[home], **overrides)

    return build


@pytest.fixture
def apply_online(citizen_form):
    """Submit the form through HTTP like a citizen; returns (response, Application or None)."""

    def submit(test_client, service_code: str = "skck", home: str = "Lubuk Baja Kota",
               **overrides):
        data = citizen_form(service_code, home, **overrides)
        if "form_token" not in data:
            data["form_token"] = form_token_of(test_client.get(f"/layanan/{service_code}/ajukan"))
        response = post_multipart(test_client, f"/layanan/{service_code}/ajukan", data)
        db.session.expire_all()
        token = data.get("form_token")
        application = None
        if response.status_code == 303:
            reg_no = response.headers["Location"].split("/")[-2]
            application = db.session.execute(
                db.select(Application).filter_by(reg_no=reg_no)).scalar_one()
        elif token:
            application = db.session.execute(
                db.select(Application).filter_by(submission_token=token)).scalar_one_or_none()
        return response, application

    return submit


# --- Officer screens (issue 5: admin_views, portal/auth.py, portal/audit.py) ---------------

@pytest.fixture
def advance(demo):
    """Confirm an application and let the demo officers approve `approvals` steps in turn."""

    def run(application: Application, approvals: int = 0) -> Application:
        if application.status == "terdaftar":
            transitions.perform(application.id, "confirm", transitions.SYSTEM)
        for _ in range(approvals):
            step_officer = db.session.execute(db.select(Officer).filter_by(
                unit_id=application.pending_unit_id, position=application.pending_step)).scalar_one()
            transitions.perform(application.id, "approve", transitions.actor_for(step_officer),
                                expected_version=application.version)
        return application

    return run


# ---- Administrator console (issue 7): driving applications through time ----

@pytest.fixture
def advance_at(demo):
    """Apply workflow actions at given UTC moments: advance_at(app, ("confirm", dt), ...).

    Officer actions are taken by the demo officer the application waits for.
    """
    from portal.models import frozen_clock

    def run(application: Application, *steps, remark: str = "Mohon dilengkapi."):
        for action, moment in steps:
            with frozen_clock(moment):
                actor = {"confirm": transitions.SYSTEM, "resubmit": transitions.CITIZEN,
                         "cancel": transitions.CITIZEN}.get(action)
                if actor is None:
                    waiting = db.session.execute(db.select(Officer).filter_by(
                        unit_id=application.pending_unit_id,
                        position=application.pending_step)).scalar_one()
                    actor = transitions.actor_for(waiting)
                transitions.perform(application.id, action, actor,
                                    expected_version=application.version,
                                    remark=remark if action in ("return", "refuse") else "")
        return application

    return run


@pytest.fixture
def attach_document(app):
    """Store a requirement document of an application (bytes in storage, row in the DB)."""
    from portal.models import Document
    from portal.storage import get_storage

    def attach(application: Application, data: bytes, content_type: str, name: str,
               key: str = "ktp"):
        storage_key, digest = get_storage().save(data, name.rsplit(".", 1)[-1])
        document = Document(application_id=application.id, requirement_key=key, label=key.upper(),
                            original_name=name, content_type=content_type, size=len(data),
                            sha256=digest, storage_key=storage_key)
        db.session.add(document)
        db.session.commit()
        return document

    return attach


@pytest.fixture
def form_login(app):
    """Log a fresh test client in through the NIP login form; returns the client."""

    def login(officer: Officer, password: str = TEST_PASSWORD):
        test_client = app.test_client()
        response = test_client.post("/admin/login/", data={"nip": officer.nip, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return test_client

    return login


# --- Letters (issue 6) ---------------------------------------------------------------------

LETTER_SAMPLE_VALUES = {"date": "1990-05-17", "number": "2",
                        "textarea": "Jl. Raja Ali Haji No. 7\nRT 002/RW 004"}


def sample_form_data(snapshot: dict) -> dict:
    """Plausible values for every form field of a definition snapshot."""
    values = {}
    for field in snapshot.get("fields", []):
        if field["type"] == "select":
            values[field["name"]] = field["options"][0]
        else:
            values[field["name"]] = LETTER_SAMPLE_VALUES.get(field["type"],
                                                             f"Isian {field['label']}")
    return values


@pytest.fixture
def finish_application(make_application):
    """Submit an application with form data and approve it through every step to Selesai."""

    def finish(service_code: str = "sku", home: str = "Lubuk Baja Kota", **applicant):
        application = make_application(service_code=service_code, home=home, **applicant)
        application.form_data = sample_form_data(application.definition_snapshot)
        db.session.commit()
        transitions.perform(application.id, "confirm", transitions.SYSTEM)
        while application.status != "selesai":
            approver = db.session.execute(db.select(Officer).filter_by(
                unit_id=application.pending_unit_id, position=application.pending_step)
            ).scalar_one()
            transitions.perform(application.id, "approve", transitions.actor_for(approver),
                                expected_version=application.version)
        return application

    return finish


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, as `pdftotext` (poppler-utils) extracts it."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


def pdf_qr_codes(pdf: bytes, tmp_path) -> list[str]:
    """The QR codes `zbarimg` (zbar-tools) decodes from the PDF's first page."""
    import subprocess

    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(tmp_path / "page")], check=True)
    found = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")],
                           capture_output=True)
    return found.stdout.decode("utf-8").split()


@pytest.fixture
def switch_officer(login_as):
    """Log the client in as another officer within one test.

    The `app` fixture keeps one application context for the whole test, so Flask-Login's
    cached user in `g` would otherwise outlive the session change made by `login_as`.
    """

    def switch(officer: Officer):
        from flask import g

        g.pop("_login_user", None)
        return login_as(officer)

    return switch


@pytest.fixture
def print_letter(client, switch_officer, officer):
    """Print an application's letter as the Admin of its final unit, through "Cetak"."""

    def press(application):
        switch_officer(officer(application.final_unit.name, "admin"))
        response = client.post("/admin/surat/cetak", data={"application_id": application.id})
        assert response.status_code == 302, response.get_data(as_text=True)
        from portal.letters import letter_of

        db.session.expire_all()
        return letter_of(application.id)

    return press


@pytest.fixture
def console(app):
    """The app with the Administrator console's screens registered (once)."""
    from admin_views.console import register_console

    if "console" not in app.blueprints:
        register_console(app.extensions["admin"][0], app)
    return app


@pytest.fixture
def administrator(demo):
    """The demo Administrator (Diskominfo)."""
    return db.session.execute(db.select(Officer).filter_by(is_administrator=True)).scalar_one()
