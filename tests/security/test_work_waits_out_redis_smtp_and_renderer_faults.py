"""Faults delay work, never lose it: a registration made while Redis and the mail server are
both down is kept and mailed exactly once when they return; a letter printed while the PDF
renderer is missing fails visibly, keeps its number, and renders with it once the renderer
is back.

Held elsewhere and not repeated here: submissions while Redis is down mailed once after the
sweep, failed sends retried, two deliveries of one row sending one email
(tests/messaging/test_citizen_email_survives_redis_outage.py); WhatsApp the same
(tests/messaging/test_whatsapp_survives_redis_outage.py); a hanging renderer killed and
retried with back-off, Redis down at printing (tests/letters/test_letter_rendering_survives_a_hanging_renderer.py)."""
from datetime import timedelta

from portal.extensions import db
from portal.letters.issuing import letter_of
from portal.messaging import outbox
from portal.models import CitizenAccount, LetterCounter, OutboxMessage
from tests.citizens.test_citizen_registers_an_account import register

REDIS_DOWN = "redis://127.0.0.1:1/1"  # nothing listens on port 1
SMTP_DOWN = {"MAIL_SUPPRESS_SEND": False, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 1}


def test_a_registration_with_redis_and_mail_down_is_kept_and_mailed_once_they_return(
        make_app, demo, smtp_server):
    port, inbox = smtp_server
    down = make_app(REDIS_URL=REDIS_DOWN, **SMTP_DOWN)
    response = register(down.test_client(), demo)
    assert response.status_code == 200
    account = db.session.execute(db.select(CitizenAccount)).scalar_one()
    [message] = db.session.execute(db.select(OutboxMessage)).scalars().all()
    assert message.status == "pending" and inbox.messages == []

    mailer = make_app(MAIL_SUPPRESS_SEND=False, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    with mailer.app_context():
        assert outbox.sweep(min_age=timedelta(0)) == (1, 1)
        assert outbox.sweep(min_age=timedelta(0)) == (0, 0)
    [email] = inbox.wait_for(1)
    assert email["To"] == account.email
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == "sent"
    assert len(inbox.messages) == 1


def test_a_letter_printed_without_its_renderer_fails_visibly_and_keeps_its_number(
        client, app, tmp_path, finish_application, officer, switch_officer):
    app.config["WKHTMLTOPDF_PATH"] = str(tmp_path / "wkhtmltopdf-not-installed")
    application = finish_application("sku")
    switch_officer(officer(application.final_unit.name, "admin"))
    assert client.post("/admin/surat/cetak",
                       data={"application_id": application.id}).status_code == 302
    letter = letter_of(application.id)
    number = letter.number
    assert letter.render_status == "failed" and letter.storage_key is None
    assert "wkhtmltopdf tidak ditemukan" in letter.render_error
    assert "Proses ulang" in client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)

    app.config["WKHTMLTOPDF_PATH"] = "/usr/bin/wkhtmltopdf"
    assert client.post(f"/admin/surat/{letter.id}/ulang").status_code == 302
    db.session.expire_all()
    letter = letter_of(application.id)
    assert (letter.render_status, letter.number) == ("ready", number)
    assert client.get(f"/admin/surat/{letter.id}/unduh").data.startswith(b"%PDF")
    assert db.session.execute(db.select(LetterCounter.last_sequence)).scalar_one() == 1
