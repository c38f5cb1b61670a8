"""Citizen login with NIK + password: lockout, a session apart from officers', one-use reset link."""
from datetime import datetime, timedelta

from portal.extensions import db, mail
from portal.models import CitizenAccount, OutboxMessage, frozen_clock

from tests.fixtures.accounts import CITIZEN_PASSWORD
from tests.fixtures.citizen import link_in

NEW_PASSWORD = "Jembatan-Barelang-Senja-77"


def test_an_active_account_logs_in_and_sees_my_applications(client, citizen_account,
                                                            citizen_login):
    citizen_account()
    response = citizen_login(client)
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/akun/permohonan")
    page = client.get("/akun/permohonan").get_data(as_text=True)
    assert "Masuk sebagai Siti Rahmawati" in page


def test_my_applications_needs_a_login(client, citizen_account):
    response = client.get("/akun/permohonan")
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(
        client, citizen_account, citizen_login):
    citizen_account()
    start = datetime(2026, 7, 10, 2, 0)
    with frozen_clock(start):
        for _ in range(5):
            assert citizen_login(client, password="salah-salah-salah").status_code == 200
        locked = citizen_login(client)
        assert locked.status_code == 200
        assert "dikunci selama 15 menit" in locked.get_data(as_text=True)
    with frozen_clock(start + timedelta(minutes=16)):
        assert citizen_login(client).status_code == 303


def test_a_citizen_session_never_passes_as_an_officer(client, citizen_account, citizen_login):
    citizen_account()
    citizen_login(client)
    for url in ("/admin/data-baru/", "/admin/akun-baru/", "/admin/surat/", "/admin/profile/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], url
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_an_officer_session_is_not_a_citizen_session(client, demo, officer, login_as):
    login_as(officer("Lubuk Baja Kota", "admin"))
    response = client.get("/akun/permohonan")
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]


def test_logging_out_ends_the_citizen_session(client, citizen_account, citizen_login):
    citizen_account()
    citizen_login(client)
    client.post("/akun/keluar")
    assert client.get("/akun/permohonan").status_code == 302


def _reset_link(client) -> str:
    with mail.record_messages() as sent:
        client.post("/akun/lupa-sandi", data={"nik": "2171064501900001"})
    message = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_password_reset").order_by(OutboxMessage.id.desc())).scalars().first()
    assert message is not None and message.recipient == "siti@contoh.id"
    landed = client.get(link_in(sent, "/akun/sandi-baru/"))
    assert landed.status_code == 303  # the token stays in the session, not in the address
    return landed.headers["Location"]


def test_the_reset_link_works_once(client, citizen_account, citizen_login, app):
    account = citizen_account()
    link = _reset_link(client)
    form = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    done = client.post(link, data=form)
    assert "Kata sandi baru sudah disimpan" in done.get_data(as_text=True)
    assert citizen_login(app.test_client(), password=NEW_PASSWORD).status_code == 303
    assert citizen_login(app.test_client(), password=CITIZEN_PASSWORD).status_code == 200
    again = client.post(link, data={"password": "Lagi-Lagi-Kata-Sandi-9",
                                    "password_again": "Lagi-Lagi-Kata-Sandi-9"})
    assert again.status_code == 404 and "sudah dipakai" in again.get_data(as_text=True)
    db.session.refresh(account)
    assert account.check_password(NEW_PASSWORD)


def test_the_reset_link_expires_after_an_hour(client, citizen_account):
    citizen_account()
    start = datetime(2026, 7, 10, 2, 0)
    with frozen_clock(start):
        link = _reset_link(client)
    with frozen_clock(start + timedelta(minutes=61)):
        expired = client.post(link, data={"password": NEW_PASSWORD,
                                          "password_again": NEW_PASSWORD})
    assert expired.status_code == 404
    account = db.session.execute(db.select(CitizenAccount)).scalar_one()
    assert account.check_password(CITIZEN_PASSWORD)


def test_the_reset_refuses_a_weak_password(client, citizen_account):
    citizen_account()
    response = client.post(_reset_link(client), data={"password": "qwerty123",
                                                      "password_again": "qwerty123"})
    assert "terlalu mudah ditebak" in response.get_data(as_text=True)


def test_an_unknown_nik_gets_the_same_answer_and_no_email(client, citizen_account):
    response = client.post("/akun/lupa-sandi", data={"nik": "2171064501909999"})
    assert "Jika NIK tersebut memiliki akun aktif" in response.get_data(as_text=True)
    assert db.session.execute(db.select(OutboxMessage)).first() is None
