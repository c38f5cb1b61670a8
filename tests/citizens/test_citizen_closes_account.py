"""Closing the account (UU 27/2022) and the retention job that later deletes identity images
of closed and refused accounts, keeping the account stub and every application record."""
import html
from datetime import datetime, timedelta

import pytest

from jobs.scheduler import PERIODIC_JOBS
from portal.extensions import db
from portal.messaging.channels.email import render_email
from portal.models import (Application, AuditEntry, CitizenAccount, Document, FamilyMember,
                           OutboxMessage, frozen_clock)
from portal.models.citizen import ACCOUNT_STATUSES
from portal.files.storage import get_storage

from tests.fixtures.accounts import CITIZEN_PASSWORD

CLOSED_ON = datetime(2026, 3, 2, 3, 0)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _fresh(account_id: int) -> CitizenAccount:
    db.session.expire_all()
    return db.session.get(CitizenAccount, account_id)


def test_closing_needs_the_current_password(client, citizen_account, citizen_login):
    account = citizen_account()
    citizen_login(client)
    assert "/akun/tutup" in client.get("/akun/profil").get_data(as_text=True)
    page = _page(client.get("/akun/tutup"))
    assert "tidak dapat dibuka kembali" in page and "90 hari" in page
    wrong = client.post("/akun/tutup", data={"current_password": "bukan-kata-sandi-saya"})
    assert wrong.status_code == 200 and "Kata sandi saat ini salah" in _page(wrong)
    assert _fresh(account.id).status == "active"


def test_a_closed_account_ends_its_sessions_and_refuses_login_with_a_clear_message(
        client, app, citizen_account, citizen_login, make_application):
    account = citizen_account()
    application = make_application()
    other = app.test_client()
    citizen_login(client)
    citizen_login(other)
    closed = client.post("/akun/tutup", data={"current_password": CITIZEN_PASSWORD})
    assert "Akun Anda sudah ditutup" in _page(closed)
    assert "closed" in ACCOUNT_STATUSES
    stored = _fresh(account.id)
    assert stored.status == "closed" and stored.closed_at is not None
    for test_client in (client, other):
        assert test_client.get("/akun/permohonan").status_code == 302
    refused = _page(citizen_login(app.test_client()))
    assert "Akun ini sudah ditutup" in refused
    wrong = _page(citizen_login(app.test_client(), password="bukan-kata-sandi-saya"))
    assert "sudah ditutup" not in wrong and "NIK atau kata sandi salah" in wrong
    assert db.session.get(Application, application.id) is not None
    assert application.reg_no in _page(app.test_client().get(f"/lacak?no={application.reg_no}"))
    [mail] = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_account_closed")).scalars().all()
    assert mail.recipient == "siti@contoh.id"
    assert "sudah ditutup" in render_email(mail).subject
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        action="citizen_account_closed")).scalar_one()
    assert entry.object_id == str(account.id) and entry.actor == "warga 2171064501900001"


def test_a_closed_account_gets_no_password_reset(client, citizen_account):
    citizen_account(status="closed", closed_at=CLOSED_ON)
    client.post("/akun/lupa-sandi", data={"nik": "2171064501900001"})
    assert db.session.execute(db.select(OutboxMessage)).first() is None


# --- Retention ----------------------------------------------------------------------------

@pytest.fixture
def accounts_with_images(citizen_account, identity_image, make_application):
    """Closed, refused, recently closed and active accounts, each with identity images."""

    def images(*keys) -> dict:
        return {f"{key}_document": identity_image(key) for key in keys}

    closed = citizen_account(status="closed", closed_at=CLOSED_ON,
                             **images("ktp", "kk", "signature", "selfie"))
    db.session.add(FamilyMember(account=closed, nik="2171064501900077", name="Ahmad Putra",
                                relationship_label="Anak", kk="2171060101209999",
                                proof_document=identity_image("proof")))
    refused = citizen_account(status="refused", nik="2171064501900002", email="r@contoh.id",
                              decided_at=CLOSED_ON, refusal_reason="Foto KTP buram",
                              **images("ktp", "selfie"))
    recent = citizen_account(status="closed", nik="2171064501900003", email="c@contoh.id",
                             closed_at=CLOSED_ON + timedelta(days=80), **images("ktp"))
    active = citizen_account(nik="2171064501900004", email="a@contoh.id", **images("ktp"))
    application = make_application()
    application.documents.append(identity_image("surat_pengantar"))
    db.session.commit()
    return {"closed": closed, "refused": refused, "recent": recent, "active": active,
            "application": application}


def _stored_keys() -> set[str]:
    return set(db.session.execute(db.select(Document.storage_key)).scalars())


def test_identity_images_go_after_the_retention_period_and_the_records_stay(
        runner, accounts_with_images):
    closed, refused = accounts_with_images["closed"], accounts_with_images["refused"]
    application = accounts_with_images["application"]
    doomed = {doc.storage_key for doc in closed.identity_documents().values()}
    doomed |= {doc.storage_key for doc in refused.identity_documents().values()}
    doomed.add(closed.family[0].proof_document.storage_key)
    kept = _stored_keys() - doomed
    with frozen_clock(CLOSED_ON + timedelta(days=91)):
        result = runner.invoke(args=["accounts", "purge-identity-images"])
    assert result.exit_code == 0, result.output
    assert "Deleted 7 identity image(s) of 2 account(s)" in result.output
    assert _stored_keys() == kept
    assert not any(get_storage().exists(key) for key in doomed)
    assert all(get_storage().exists(key) for key in kept)
    for name in ("closed", "refused"):
        stub = _fresh(accounts_with_images[name].id)
        assert stub.identity_documents() == {} and stub.identity_images_deleted_at is not None
        assert stub.nik == accounts_with_images[name].nik
    assert _fresh(closed.id).family[0].proof_document is None
    for name in ("recent", "active"):
        assert set(_fresh(accounts_with_images[name].id).identity_documents()) == {"ktp"}
    assert [doc.original_name for doc in db.session.get(Application, application.id)
            .documents] == ["surat_pengantar.png"]
    entries = db.session.execute(db.select(AuditEntry).filter_by(
        action="identity_image_deleted")).scalars().all()
    assert len(entries) == 7 and {e.actor for e in entries} == {"sistem (retensi data)"}
    assert {e.detail["requirement"] for e in entries if e.detail["citizen_account_id"]
            == closed.id} == {"ktp", "kk", "signature", "selfie", "proof"}


def test_the_retention_job_is_idempotent(runner, accounts_with_images):
    with frozen_clock(CLOSED_ON + timedelta(days=91)):
        runner.invoke(args=["accounts", "purge-identity-images"])
        again = runner.invoke(args=["accounts", "purge-identity-images"])
    assert "Deleted 0 identity image(s) of 0 account(s)" in again.output
    assert db.session.execute(db.select(db.func.count(AuditEntry.id)).filter_by(
        action="identity_image_deleted")).scalar_one() == 7


def test_nothing_goes_before_the_retention_period_ends(runner, accounts_with_images):
    with frozen_clock(CLOSED_ON + timedelta(days=89)):
        result = runner.invoke(args=["accounts", "purge-identity-images"])
    assert "Deleted 0 identity image(s)" in result.output
    assert set(_fresh(accounts_with_images["closed"].id).identity_documents()) == {
        "ktp", "kk", "signature", "selfie"}


def test_the_retention_period_is_a_setting(app, accounts_with_images):
    from jobs.retention import delete_expired_identity_images

    app.config["ACCOUNT_RETENTION_DAYS"] = 10
    with frozen_clock(CLOSED_ON + timedelta(days=91)):
        assert delete_expired_identity_images() == 8  # the recently closed one too
    assert _fresh(accounts_with_images["recent"].id).identity_documents() == {}
    assert set(_fresh(accounts_with_images["active"].id).identity_documents()) == {"ktp"}


def test_the_retention_job_runs_daily():
    [timing] = [timing for path, _queue, timing in PERIODIC_JOBS
                if path == "jobs.retention.delete_expired_identity_images"]
    minute, hour, *every_day = timing["cron"].split()
    assert minute.isdigit() and hour.isdigit() and every_day == ["*", "*", "*"]
