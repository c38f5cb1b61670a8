"""Acceptance (issue 21, finding 4): a secret link from a message keeps its token out of the
address bar, the Referer and the logs by landing once on a page without it, and only that
page's button (a POST) acts, so a mail scanner that opens the link confirms nothing."""
import pytest

from portal.extensions import db, mail
from portal.models import Application
from tests.fixtures.citizen import link_in

SECRET_LINKS = ("/konfirmasi", "/perbaikan", "/survei", "/akun/konfirmasi", "/akun/sandi-baru",
                "/akun/email-baru", "/surat/unduh")
TOKEN = "Zx9-scanner-opened-this-link-0123456789"


def test_opening_the_confirmation_link_confirms_nothing_until_the_button_is_pressed(
        app, client, apply_online):
    with mail.record_messages() as sent:
        _, application = apply_online(client)
    link = link_in(sent, "/konfirmasi/")
    token = link.rsplit("/", 1)[1]
    scanner = app.test_client()  # opens every link of the email, follows redirects
    page = scanner.get(link, follow_redirects=True)
    assert page.status_code == 200 and token not in page.request.url
    assert "menunggu konfirmasi Anda" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "terdaftar"

    pressed = scanner.post("/konfirmasi")
    assert "sudah dikonfirmasi" in pressed.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "konfirmasi"


@pytest.mark.parametrize("page", SECRET_LINKS)
def test_every_secret_link_moves_on_to_its_page_without_the_token(client, demo, page):
    landed = client.get(f"{page}/{TOKEN}")
    assert landed.status_code == 303 and landed.headers["Location"] == page
    with client.session_transaction() as session:
        assert TOKEN in session.values()  # kept for this browser only


def test_no_page_tells_another_site_where_the_citizen_came_from(client, demo):
    assert client.get("/").headers["Referrer-Policy"] == "no-referrer"
