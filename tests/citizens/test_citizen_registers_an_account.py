"""Registration at /akun/daftar: checked fields, kept values and images, email link, one per NIK."""
import html
import io
import re

from portal.extensions import db, mail
from portal.models import CitizenAccount, OutboxMessage

from tests.fixtures.citizen import link_in, open_secret_link, post_multipart, sample_png

STRONG = "Kopi-Tarik-Nagoya-2026"


def registration_form(demo, **overrides) -> dict:
    """A complete registration as the browser posts it (images included)."""
    values = {"nik": "2171064501900001", "kk": "2171060101200001", "name": "Siti Rahmawati",
              "email": "Siti@Contoh.id", "phone": "0812-3456-7890",
              "address": "Jl. Duyung No. 5, RT 001/RW 002",
              "home_unit": str(demo["Lubuk Baja Kota"].id),
              "password": STRONG, "password_again": STRONG}
    for key in ("ktp", "kk", "signature", "selfie"):
        values[f"doc_{key}"] = (io.BytesIO(sample_png()), f"{key}.png")
    values.update(overrides)
    return values


def _token(response) -> str:
    match = re.search(r'name="form_token" type="hidden" value="([^"]+)"', response.get_data(True))
    assert match
    return match.group(1)


def register(client, demo, **overrides):
    """Post the registration form once (with a fresh form token)."""
    data = registration_form(demo, **overrides)
    data.setdefault("form_token", _token(client.get("/akun/daftar")))
    return post_multipart(client, "/akun/daftar", data)


def _error_of(response, field: str) -> str:
    page = html.unescape(response.get_data(as_text=True))
    match = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', page, re.S)
    return match.group(1) if match else ""


def test_a_complete_registration_stores_the_account_and_emails_the_confirmation_link(
        client, demo):
    with mail.record_messages() as sent:
        response = register(client, demo)
    assert response.status_code == 200
    assert "Pendaftaran diterima" in response.get_data(as_text=True)
    account = db.session.execute(db.select(CitizenAccount)).scalar_one()
    assert (account.nik, account.email, account.phone) == (
        "2171064501900001", "siti@contoh.id", "+6281234567890")
    assert account.status == "unconfirmed" and account.check_password(STRONG)
    assert sorted(account.identity_documents()) == ["kk", "ktp", "selfie", "signature"]
    assert all(doc.draft_token is None for doc in account.identity_documents().values())
    message = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_account_confirm")).scalar_one()
    assert message.recipient == "siti@contoh.id"
    link = link_in(sent, "/akun/konfirmasi/")
    assert "Konfirmasi email" in open_secret_link(client, link).get_data(as_text=True)
    db.session.refresh(account)
    assert account.status == "unconfirmed"  # opening the link confirms nothing
    confirmed = open_secret_link(client, link, press=True)
    assert "Email Anda sudah dikonfirmasi" in confirmed.get_data(as_text=True)
    db.session.refresh(account)
    assert account.status == "waiting" and account.email_confirmed_at is not None


def test_a_forged_confirmation_link_confirms_nothing(client, demo):
    assert open_secret_link(client, "/akun/konfirmasi/bukan-token").status_code == 404
    assert open_secret_link(client, "/akun/konfirmasi/bukan-token", True).status_code == 404


def test_each_bad_field_gets_its_message_and_values_and_images_stay(client, demo):
    cases = {"nik": ("2171 0645 0190 0001", "16 digit"), "kk": ("12345", "16 digit"),
             "phone": ("12345", "Nomor HP Indonesia tidak valid"),
             "password": ("password123", "terlalu mudah ditebak")}
    for field, (bad, message) in cases.items():
        extra = {"password_again": bad} if field == "password" else {}
        response = register(client, demo, name=f"Siti {field}", **{field: bad}, **extra)
        assert response.status_code == 200
        assert message in _error_of(response, field), field
        page = html.unescape(response.get_data(as_text=True))
        assert f'value="Siti {field}"' in page
        assert page.count("Sudah diunggah") == 4, field
    assert db.session.execute(db.select(CitizenAccount)).first() is None


def test_a_short_password_or_one_made_of_the_nik_is_refused(client, demo):
    for weak in ("Ab1!", "2171064501900001"):
        response = register(client, demo, password=weak, password_again=weak)
        assert "terlalu mudah ditebak" in _error_of(response, "password")


def test_images_uploaded_with_an_invalid_form_are_not_asked_again(client, demo):
    first = register(client, demo, phone="12")
    token = _token(first)
    data = registration_form(demo, form_token=token)
    for key in ("ktp", "kk", "signature", "selfie"):
        del data[f"doc_{key}"]
    response = post_multipart(client, "/akun/daftar", data)
    assert "Pendaftaran diterima" in response.get_data(as_text=True)
    account = db.session.execute(db.select(CitizenAccount)).scalar_one()
    assert len(account.identity_documents()) == 4


def test_a_file_that_is_not_an_image_is_refused_next_to_its_field(client, demo):
    response = register(client, demo, doc_selfie=(io.BytesIO(b"%PDF-1.4 hello"), "selfie.pdf"))
    assert "Jenis berkas tidak diterima" in _error_of(response, "doc_selfie")
