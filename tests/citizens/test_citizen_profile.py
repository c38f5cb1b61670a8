"""Profile: the citizen changes email (confirmed at the new address), WhatsApp number and
password, each with the current password, each in the audit log without secrets."""
import html
import json
from datetime import datetime, timedelta

import pytest

from portal.extensions import db, mail
from portal.messaging.channels.email import render_email
from portal.models import AuditEntry, CitizenAccount, OutboxMessage, frozen_clock

from tests.fixtures.accounts import CITIZEN_PASSWORD
from tests.fixtures.citizen import link_in, open_secret_link

NEW_PASSWORD = "Jembatan-Barelang-Senja-77"
NEW_EMAIL = "siti.baru@contoh.id"


@pytest.fixture
def siti(client, citizen_account, citizen_login):
    """Siti's active account, logged in on `client`."""
    account = citizen_account()
    citizen_login(client)
    return account


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _fresh(account) -> CitizenAccount:
    db.session.expire_all()
    return db.session.get(CitizenAccount, account.id)


def _mail(template: str) -> list[OutboxMessage]:
    return list(db.session.execute(db.select(OutboxMessage).filter_by(
        template=template).order_by(OutboxMessage.id)).scalars())


def _ask_email(client, email: str = NEW_EMAIL, password: str = CITIZEN_PASSWORD):
    return client.post("/akun/profil/email", data={"email-new_email": email,
                                                   "email-current_password": password})


def _asked_link(client, email: str = NEW_EMAIL) -> str:
    """Ask for a new email address; the confirmation link the email to it carries."""
    with mail.record_messages() as sent:
        _ask_email(client, email)
    return link_in(sent, "/akun/email-baru/")


def test_the_profile_is_linked_from_my_applications_and_shows_my_data(client, siti):
    assert "/akun/profil" in client.get("/akun/permohonan").get_data(as_text=True)
    page = _page(client.get("/akun/profil"))
    for shown in ("Siti Rahmawati", "2171064501900001", "siti@contoh.id", "+6281234567890",
                  "Ganti email", "Ganti nomor WhatsApp", "Ganti kata sandi",
                  "/akun/data-saya.pdf", "/akun/data-saya.json", "/akun/tutup"):
        assert shown in page


def test_the_profile_needs_a_login(client, citizen_account):
    citizen_account()
    response = client.get("/akun/profil")
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]
    assert client.post("/akun/profil/wa", data={"wa-phone": "081298765432"}).status_code == 302


def test_a_new_email_takes_effect_only_after_the_link_sent_to_it(client, siti, app):
    with mail.record_messages() as sent:
        response = _ask_email(client, "Siti.Baru@Contoh.id")
    assert response.status_code == 303
    assert "Tautan konfirmasi sudah dikirim" in _page(client.get(response.headers["Location"]))
    account = _fresh(siti)
    assert account.email == "siti@contoh.id" and account.pending_email == NEW_EMAIL
    [confirm] = _mail("citizen_email_change_confirm")
    [notice] = _mail("citizen_email_change_notice")
    assert confirm.recipient == NEW_EMAIL and notice.recipient == "siti@contoh.id"
    assert NEW_EMAIL not in json.dumps(notice.payload)  # the old address sees it masked
    assert "Menunggu konfirmasi: " + NEW_EMAIL in _page(client.get("/akun/profil"))

    link = link_in(sent, "/akun/email-baru/")
    assert "/akun/email-baru/" in render_email(confirm).body
    told = render_email(notice)
    assert "s***@c*****.id" in told.body and "s***@c*****.id" in told.html
    phone = app.test_client()  # e.g. opened on the phone, not logged in there
    assert "Konfirmasi email baru" in _page(open_secret_link(phone, link))
    assert _fresh(siti).email == "siti@contoh.id"  # opening the link changes nothing
    done = open_secret_link(phone, link, press=True)
    assert done.status_code == 200 and f"sekarang {NEW_EMAIL}" in _page(done)
    account = _fresh(siti)
    assert account.email == NEW_EMAIL and account.pending_email is None
    assert open_secret_link(app.test_client(), link).status_code == 404  # used once


def test_the_old_address_keeps_working_until_the_link_is_opened(client, siti):
    _ask_email(client)
    client.post("/akun/lupa-sandi", data={"nik": siti.nik})
    [reset] = _mail("citizen_password_reset")
    assert reset.recipient == "siti@contoh.id"


def test_the_email_change_link_expires_after_48_hours(client, siti, app):
    start = datetime(2026, 7, 10, 2, 0)
    with frozen_clock(start):
        link = _asked_link(client)
    with frozen_clock(start + timedelta(hours=49)):
        expired = open_secret_link(app.test_client(), link)
    assert expired.status_code == 404 and "kedaluwarsa" in _page(expired)
    assert _fresh(siti).email == "siti@contoh.id"


def test_an_older_link_stops_working_when_another_address_is_asked_for(client, siti, app):
    first = _asked_link(client)
    second = _asked_link(client, "siti.lain@contoh.id")
    assert open_secret_link(app.test_client(), first, press=True).status_code == 404
    assert open_secret_link(app.test_client(), second, press=True).status_code == 200
    assert _fresh(siti).email == "siti.lain@contoh.id"


def test_the_email_change_needs_the_current_password_and_a_valid_address(client, siti):
    wrong = _ask_email(client, password="bukan-kata-sandi-saya")
    assert wrong.status_code == 400
    page = _page(wrong)
    assert "Kata sandi saat ini salah" in page and f'value="{NEW_EMAIL}"' in page
    bad = _ask_email(client, "siti@contoh")
    assert bad.status_code == 400 and "Alamat email tidak valid" in _page(bad)
    same = _ask_email(client, "siti@contoh.id")
    assert same.status_code == 400 and "sudah menjadi email akun Anda" in _page(same)
    assert _fresh(siti).pending_email is None
    assert _mail("citizen_email_change_confirm") == []


def test_the_whatsapp_number_is_checked_and_normalised_like_at_registration(client, siti):
    bad = client.post("/akun/profil/wa", data={"wa-phone": "12345",
                                               "wa-current_password": CITIZEN_PASSWORD})
    assert bad.status_code == 400 and "Nomor HP Indonesia tidak valid" in _page(bad)
    wrong = client.post("/akun/profil/wa", data={"wa-phone": "0812 9876 5432",
                                                 "wa-current_password": "salah-salah-salah"})
    assert wrong.status_code == 400 and "Kata sandi saat ini salah" in _page(wrong)
    assert _fresh(siti).phone == "+6281234567890"
    done = client.post("/akun/profil/wa", data={"wa-phone": "0812 9876 5432",
                                                "wa-current_password": CITIZEN_PASSWORD})
    assert done.status_code == 303
    assert _fresh(siti).phone == "+6281298765432"
    assert "Nomor WhatsApp sudah diganti" in _page(client.get(done.headers["Location"]))


def _change_password(test_client, new: str = NEW_PASSWORD, again: str = NEW_PASSWORD,
                     current: str = CITIZEN_PASSWORD):
    return test_client.post("/akun/profil/sandi", data={
        "sandi-current_password": current, "sandi-password": new, "sandi-password_again": again})


def test_a_new_password_follows_the_registration_rules(client, siti):
    for new, again, message in (("qwerty123", "qwerty123", "terlalu mudah ditebak"),
                                ("siti@contoh.id1", "siti@contoh.id1", "terlalu mudah ditebak"),
                                (NEW_PASSWORD, "Lain-Lagi-Sandinya-88", "Kata sandi tidak sama")):
        response = _change_password(client, new, again)
        assert response.status_code == 400 and message in _page(response), new
    wrong = _change_password(client, current="bukan-kata-sandi-saya")
    assert wrong.status_code == 400 and "Kata sandi saat ini salah" in _page(wrong)
    assert _fresh(siti).check_password(CITIZEN_PASSWORD)


def test_changing_the_password_ends_other_sessions_but_not_this_one(
        client, siti, app, citizen_login):
    other = app.test_client()
    citizen_login(other)
    assert other.get("/akun/permohonan").status_code == 200
    assert _change_password(client).status_code == 303
    assert client.get("/akun/permohonan").status_code == 200
    assert other.get("/akun/permohonan").status_code == 302
    assert citizen_login(app.test_client(), password=NEW_PASSWORD).status_code == 303
    assert citizen_login(app.test_client()).status_code == 200


def test_five_wrong_current_passwords_lock_the_account(client, siti):
    for _ in range(5):
        _ask_email(client, password="salah-salah-salah")
    locked = _ask_email(client)
    assert locked.status_code == 400 and "dikunci selama 15 menit" in _page(locked)
    assert _fresh(siti).pending_email is None


def test_every_change_is_in_the_audit_log_without_secrets(client, siti, app):
    link = _asked_link(client)
    open_secret_link(app.test_client(), link, True)
    client.post("/akun/profil/wa", data={"wa-phone": "081298765432",
                                         "wa-current_password": CITIZEN_PASSWORD})
    _change_password(client)
    entries = db.session.execute(db.select(AuditEntry).filter_by(
        object_type="citizen_account", object_id=str(siti.id))).scalars().all()
    actions = [entry.action for entry in entries]
    for action in ("citizen_email_change_requested", "citizen_email_changed",
                   "citizen_phone_changed", "citizen_password_changed"):
        assert actions.count(action) == 1, action
    assert all(entry.actor == "warga 2171064501900001" for entry in entries)
    changed = next(e for e in entries if e.action == "citizen_email_changed")
    assert changed.detail == {"old": "siti@contoh.id", "new": NEW_EMAIL}
    logged = json.dumps([entry.detail for entry in entries])
    for secret in (CITIZEN_PASSWORD, NEW_PASSWORD, link.rsplit("/", 1)[1], "password_hash"):
        assert secret not in logged
