"""The decision form's "Catatan internal" is for officers only: it is kept on the officer's
history and never reaches the tracking page, the JSON API or any message to the citizen."""
import pytest

from portal.extensions import db
from portal.messaging.channels.email import render_email
from portal.models import Application, OutboxMessage
from tests.fixtures.officers import decide_on_the_page

NOTE = "Catatan-rahasia: suami pemohon pegawai kantor ini"
REMARK = "Foto KK kurang jelas, mohon unggah ulang."


@pytest.fixture
def noted(app, make_application, advance, officer, login_as):
    """Approved by the Admin and returned by the Kasi, both with an internal note; the citizen
    asked to hear of every step, so both decisions write a notice."""
    application = advance(make_application("pindah-antar-kecamatan", notify_every_step=True))
    for position, action in (("admin", "approve"), ("kasi", "return")):
        browser = login_as(officer("Lubuk Baja Kota", position), app.test_client())
        remark = REMARK if action == "return" else ""
        response = decide_on_the_page(browser, application.id, action=action,
                                      internal_note=NOTE, remark=remark)
        assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    return db.session.get(Application, application.id), browser


def test_the_officers_read_the_note_in_the_history(noted):
    application, kasi = noted
    assert [row.internal_note for row in application.history[-2:]] == [NOTE, NOTE]
    page = kasi.get(f"/admin/in-progress/details/?id={application.id}").get_data(as_text=True)
    history = page[page.index('id="history"'):]
    assert history.count(NOTE) == 2 and "Catatan internal:" in history


def test_the_tracking_page_never_shows_the_note(client, noted):
    application, _ = noted
    page = client.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert REMARK in page and "Catatan-rahasia" not in page


def test_the_api_never_shows_the_note(client, noted):
    application, _ = noted
    response = client.get(f"/api/v1/lacak/{application.reg_no}")
    assert response.status_code == 200
    assert REMARK in response.get_data(as_text=True)
    assert "Catatan-rahasia" not in response.get_data(as_text=True)


def test_no_message_to_the_citizen_carries_the_note(noted):
    application, _ = noted
    messages = db.session.execute(db.select(OutboxMessage).filter_by(
        recipient=application.applicant_email)).scalars().all()
    assert {m.template for m in messages} >= {"citizen_approved", "citizen_returned"}
    for message in messages:
        email = render_email(message)
        assert "Catatan-rahasia" not in str(message.payload)
        for part in (email.subject, email.body, email.html):
            assert "Catatan-rahasia" not in part
    returned = next(m for m in messages if m.template == "citizen_returned")
    assert REMARK in render_email(returned).body
