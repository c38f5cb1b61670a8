"""The confirmation email arrives at a real SMTP server; its link confirms; each change brings the next email."""
import re
from datetime import timedelta

from portal.workflow import transitions
from portal.extensions import db, mail
from portal.models import Application, OutboxMessage, frozen_clock, utcnow
from tests.fixtures.citizen import link_in, open_secret_link


def _link(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    match = re.search(r"http://localhost(/" + path + r"/\S+)", text)
    assert match, f"no /{path}/ link in:\n{text}"
    return match.group(1)


def _bodies(message) -> tuple[str, str]:
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


CITIZEN = "siti@contoh.id"


def test_confirmation_email_link_confirms_and_the_next_change_sends_the_next_email(
        mailing_app, demo, apply_online, officer):
    """A citizen who asked to hear of every step gets an email for each change."""
    app, inbox = mailing_app
    client = app.test_client()
    response, application = apply_online(client, "skck", "Lubuk Baja Kota",
                                         notify_every_step="y")
    assert response.status_code == 303 and application.notify_every_step

    first = inbox.wait_for_to(CITIZEN, 1)[0]
    assert first["To"] == "siti@contoh.id"
    assert first["Message-ID"] == f"<history-{application.history[0].id}-citizen-email@localhost>"
    assert application.reg_no in first["Subject"]
    for body in _bodies(first):
        assert application.reg_no in body
        assert f"http://localhost/lacak?no={application.reg_no}" in body
        assert "2171064501900001" not in body
    confirmed = open_secret_link(client, _link(first, "konfirmasi"), press=True)
    assert confirmed.status_code == 200 and "sudah dikonfirmasi" in confirmed.get_data(True)
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status == "konfirmasi" and application.pending_step == "admin"
    assert application.pending_unit.name == "Lubuk Baja Kota"

    second = inbox.wait_for_to(CITIZEN, 2)[1]
    assert "dikonfirmasi" in second["Subject"]
    admin = officer("Lubuk Baja Kota", "admin")
    with app.app_context():  # the officer's decision, in the app that sends real mail
        transitions.perform(application.id, "approve", transitions.actor_for(admin),
                            expected_version=application.version)
    third = inbox.wait_for_to(CITIZEN, 3)[2]
    text, html = _bodies(third)
    assert "Disetujui Admin Kelurahan Lubuk Baja Kota" in third["Subject"]
    assert application.reg_no in text and application.reg_no in html
    assert "2171064501900001" not in text + html
    citizen_rows = db.session.query(OutboxMessage).filter_by(recipient=CITIZEN)
    assert citizen_rows.filter_by(status="sent").count() == 3

    again = open_secret_link(client, _link(first, "konfirmasi"), press=True)  # used twice: nothing
    assert "sudah tidak menunggu konfirmasi" in again.get_data(True)
    assert len(inbox.to(CITIZEN)) == 3


def test_a_tampered_link_is_refused(client, apply_online):
    apply_online(client)
    response = open_secret_link(client, "/konfirmasi/eyJhIjoxfQ.bukan-tanda-tangan", press=True)
    assert response.status_code == 404
    assert "Tautan konfirmasi tidak valid" in response.get_data(True)


def test_the_link_expires_after_48_hours_and_the_sweep_cancels(client, app, apply_online, runner):
    start = utcnow()
    with frozen_clock(start), mail.record_messages() as sent:
        _, application = apply_online(client)
    link = link_in(sent, "/konfirmasi/")
    with frozen_clock(start + timedelta(hours=47)):
        assert "Cancelled 0" in runner.invoke(args=["sweep", "unconfirmed"]).output
    with frozen_clock(start + timedelta(hours=48, minutes=1)):
        page = open_secret_link(client, link, press=True).get_data(True)
        assert "sudah kedaluwarsa" in page
        result = runner.invoke(args=["sweep", "unconfirmed"])
    assert "Cancelled 1 unconfirmed" in result.output
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status == "dibatalkan"
    assert application.history[-1].actor_kind == "system"
    assert "tidak dikonfirmasi dalam 48 jam" in application.history[-1].remark
    cancelled = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_cancelled")).scalar_one()
    assert cancelled.status == "sent"


def test_without_a_public_address_links_point_at_the_port_make_run_serves_on(
        make_app, smtp_server, monkeypatch, demo, apply_online):
    """`PORT=5077 make run`: the confirmation email's link opens on port 5077."""
    monkeypatch.setenv("PORT", "5077")
    port, inbox = smtp_server
    app = make_app(PUBLIC_BASE_URL=None, MAIL_SUPPRESS_SEND=False, MAIL_SERVER="127.0.0.1",
                   MAIL_PORT=port)
    response, application = apply_online(app.test_client(), "skck", "Lubuk Baja Kota")
    assert response.status_code == 303
    text = inbox.wait_for_to(CITIZEN, 1)[0].get_body(("plain",)).get_content()
    assert f"http://127.0.0.1:5077/lacak?no={application.reg_no}" in text
    assert re.search(r"http://127\.0\.0\.1:5077/konfirmasi/\S+", text)
