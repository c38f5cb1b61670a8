"""Akun Baru: the Admin of the citizen's kelurahan activates or refuses; nobody else reaches it."""
import pytest

from portal.extensions import db
from portal.models import AuditEntry, CitizenAccount, OutboxMessage

from tests.fixtures.citizen import sample_png

BASE = "/admin/akun-baru"


@pytest.fixture
def waiting(waiting_account):
    """The account waiting for activation (tests/fixtures/accounts.py)."""
    return waiting_account


# Every role against every endpoint: tests/admin_views/test_officer_access_matrix.py.


def test_anonymous_visitors_are_sent_to_the_officer_login(client, waiting):
    response = client.get(f"{BASE}/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_the_list_shows_only_waiting_accounts_of_the_officers_kelurahan(
        client, waiting, citizen_account, officer, login_as):
    citizen_account(status="waiting", nik="2171064501900002", name="Budi Seberang",
                    home="Batu Selicin")
    citizen_account(status="unconfirmed", nik="2171064501900003", name="Rina Belum")
    login_as(officer("Lubuk Baja Kota", "admin"))
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Siti Rahmawati" in page
    assert "Budi Seberang" not in page and "Rina Belum" not in page


@pytest.mark.parametrize("term, found", [("Rahmawati", True), ("%", False), ("_", False)])
def test_the_search_box_takes_wildcards_literally(client, waiting, officer, login_as, term, found):
    login_as(officer("Lubuk Baja Kota", "admin"))
    page = client.get(f"{BASE}/", query_string={"search": term}).get_data(as_text=True)
    assert ("Siti Rahmawati" in page) is found


def test_the_details_show_the_data_and_images_and_the_view_is_audited(
        client, waiting, officer, login_as):
    login_as(officer("Lubuk Baja Kota", "admin"))
    page = client.get(f"{BASE}/details/?id={waiting.id}").get_data(as_text=True)
    assert "2171060101200001" in page and f"{BASE}/image/{waiting.id}/ktp" in page
    image = client.get(f"{BASE}/image/{waiting.id}/ktp")
    assert image.mimetype == "image/png" and image.data == sample_png()
    actions = db.session.execute(db.select(AuditEntry.action)).scalars().all()
    assert "view_citizen_account" in actions and "document_view" in actions


def test_each_identity_photo_opens_full_size_on_click(client, waiting, officer, login_as):
    login_as(officer("Lubuk Baja Kota", "admin"))
    page = client.get(f"{BASE}/details/?id={waiting.id}").get_data(as_text=True)
    link = f'<a href="{BASE}/image/{waiting.id}/ktp" target="_blank" rel="noopener" class="full-size"'
    start = page.index(link)
    assert '<img class="img-fluid border" alt="KTP"' in page[start:page.index("</a>", start)]
    assert "Buka ukuran penuh" in page


def test_an_inactive_account_cannot_log_in_until_activated(
        client, waiting, officer, login_as, citizen_login, app):
    assert "belum aktif" in citizen_login(app.test_client()).get_data(as_text=True)
    login_as(officer("Lubuk Baja Kota", "admin"))
    assert client.post(f"{BASE}/activate/{waiting.id}").status_code == 303
    db.session.expire_all()
    assert db.session.get(CitizenAccount, waiting.id).status == "active"
    assert citizen_login(app.test_client()).status_code == 303
    assert db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_account_activated")).scalar_one().recipient == "siti@contoh.id"


def test_refusing_needs_a_reason(client, waiting, officer, login_as):
    login_as(officer("Lubuk Baja Kota", "admin"))
    response = client.post(f"{BASE}/refuse/{waiting.id}", data={"reason": " "})
    assert response.status_code == 400
    assert "Alasan penolakan wajib diisi" in response.get_data(as_text=True)


def test_a_refused_citizen_gets_the_email_with_the_reason(
        mailing_app, waiting, officer, login_as, citizen_login):
    mail_app, inbox = mailing_app
    mail_client = mail_app.test_client()
    login_as(officer("Lubuk Baja Kota", "admin"), mail_client)
    reason = "Foto KTP buram, mohon daftar ulang dengan foto yang jelas."
    with mail_app.app_context():
        assert mail_client.post(f"{BASE}/refuse/{waiting.id}",
                                data={"reason": reason}).status_code == 303
    message = inbox.wait_for_to("siti@contoh.id", 1)[0]
    assert "ditolak" in message["Subject"]
    assert reason in message.get_body(("plain",)).get_content()
    db.session.expire_all()
    assert db.session.get(CitizenAccount, waiting.id).status == "refused"
    assert citizen_login(mail_app.test_client()).status_code == 200
