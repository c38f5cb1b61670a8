"""The citizen chooses WhatsApp, email or both, on the form and in the account profile.

Default: WhatsApp when a number is given. A verified account's applications need no
confirmation link. Without WhatsApp configured, nothing is asked and everything is email.
"""
import re

import pytest

from portal.extensions import db
from portal.models import Application, AuditEntry, CitizenAccount, OutboxMessage
from tests.fixtures.whatsapp import notice_rows


@pytest.fixture
def app(whatsapp_app):
    """The app under test has the `log` WhatsApp driver, as `make run`."""
    return whatsapp_app("log")


def checked(page: str) -> list[str]:
    return re.findall(r'<input checked id="notify_channel-\d" name="notify_channel" type="radio" '
                      r'value="(\w+)"', page)


def test_the_form_offers_the_choice_with_whatsapp_first(client, demo):
    page = client.get("/layanan/skck/ajukan").get_data(as_text=True)
    assert "Kabari saya melalui" in page and "WhatsApp dan email" in page
    assert checked(page) == ["wa"]
    assert "Tautan konfirmasi dikirim melalui WhatsApp atau email" in page


@pytest.mark.parametrize("choice, channels", [("wa", ["whatsapp"]), ("email", ["email"]),
                                              ("both", ["whatsapp", "email"])])
def test_the_choice_is_stored_and_the_notice_follows_it(client, apply_online, choice, channels):
    response, application = apply_online(client, notify_channel=choice)
    assert response.status_code == 303 and application.notify_channel == choice
    notice = notice_rows(application)
    assert [m.channel for m in notice] == channels
    assert {m.notice_key for m in notice} == {f"history-{application.history[0].id}-citizen"}
    assert all(m.payload["confirm_token"] for m in notice)  # the same link on each channel


def test_a_choice_not_offered_is_refused_and_nothing_typed_is_lost(client, apply_online):
    response, application = apply_online(client, notify_channel="sms")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and application is None
    assert "Pilih salah satu pilihan yang tersedia." in page
    assert 'value="Siti Rahmawati"' in page


def test_without_a_number_the_notice_goes_by_email_and_says_why(make_application):
    application = make_application("skck", applicant_phone="")
    [email] = notice_rows(application)
    assert application.notify_channel == "email"
    assert (email.channel, email.fallback_reason) == ("email", "no_number")


def test_without_whatsapp_configured_nothing_is_asked_and_all_goes_by_email(
        make_app, demo, citizen_form):
    from tests.fixtures.citizen import form_token_of, post_multipart

    plain = make_app()
    client = plain.test_client()
    page = client.get("/layanan/skck/ajukan").get_data(as_text=True)
    assert "Kabari saya melalui" not in page and "Kabar tentang permohonan dikirim ke email" in page
    data = citizen_form("skck", form_token=form_token_of(client.get("/layanan/skck/ajukan")))
    assert post_multipart(client, "/layanan/skck/ajukan", data).status_code == 303
    [message] = db.session.execute(db.select(OutboxMessage)).scalars().all()
    assert (message.channel, message.fallback_reason) == ("email", "")


def test_a_verified_account_skips_the_confirmation_and_starts_from_its_choice(
        client, citizen_account, citizen_login, apply_online):
    citizen_account(notify_channel="email")
    citizen_login(client)
    page = client.get("/layanan/skck/ajukan").get_data(as_text=True)
    assert checked(page) == ["email"]
    assert "permohonan langsung diperiksa petugas tanpa konfirmasi" in page
    response, application = apply_online(client, notify_channel="email")
    assert application.status == "konfirmasi" and application.confirmed_at is not None
    assert application.pending_step == "admin"
    assert application.history[0].remark.startswith("Diajukan dari akun warga terverifikasi")
    [notice] = notice_rows(application)
    assert (notice.template, notice.channel) == ("citizen_received", "email")
    assert "confirm_token" not in notice.payload
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tidak perlu dikonfirmasi" in receipt


def test_the_profile_stores_the_accounts_choice(client, citizen_account, citizen_login):
    account = citizen_account()
    citizen_login(client)
    page = client.get("/akun/profil").get_data(as_text=True)
    assert checked(page) == ["wa"] and "Pemberitahuan" in page
    response = client.post("/akun/profil/pemberitahuan",
                           data={"notify_channel": "both", "notify_every_step": "y"})
    assert response.status_code == 303
    assert "Pilihan pemberitahuan sudah disimpan." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    account = db.session.get(CitizenAccount, account.id)
    assert (account.notify_channel, account.notify_every_step) == ("both", True)
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        action="citizen_notice_choice_changed")).scalar_one()
    assert entry.detail["after"] == {"channel": "both", "every_step": True}
    assert checked(client.get("/layanan/skck/ajukan").get_data(as_text=True)) == ["both"]


def test_a_new_account_and_an_application_default_to_whatsapp_when_a_number_is_given(
        citizen_account, make_application):
    assert citizen_account().notify_channel == "wa"
    assert db.session.get(Application, make_application().id).notify_channel == "wa"
