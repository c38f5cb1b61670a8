"""Officers see each notice of an application on Lihat Data (channel and status); the job
monitor lists failed and stuck messages, each with "Kirim ulang"; the Administrator reads the
`log` driver's WhatsApp texts on "Kotak keluar WhatsApp (uji)" (as in `make run`'s demo)."""
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import AuditEntry, OutboxMessage, frozen_clock, utcnow
from portal.workflow import transitions
from tests.fixtures.whatsapp import meta_accepted, meta_error


@pytest.fixture
def app(whatsapp_app, fake_meta):
    """The app under test sends WhatsApp through the fake Meta."""
    return whatsapp_app("wa_cloud")


def notices_table(page: str) -> str:
    return page.split('id="notices"', 1)[1].split("</table>", 1)[0]


def test_lihat_data_lists_each_notice_with_channel_status_and_why_email_went(
        client, login_as, officer, fake_meta, demo, make_application):
    fake_meta.answer = lambda request: meta_error(400, 131026, "Message Undeliverable.")
    application = make_application("skck")
    transitions.perform(application.id, "confirm", transitions.CITIZEN)
    login_as(officer("Lubuk Baja Kota", "admin"))
    page = client.get(f"/admin/data-baru/details/?id={application.id}").get_data(as_text=True)
    table = notices_table(page)
    assert table.count("<tr>") == 3  # the header, the WhatsApp try, its fallback email
    assert "Permohonan diterima, tautan konfirmasi" in table
    assert "WhatsApp" in table and "+6281234567890" in table and "Gagal" in table
    assert "Email" in table and "siti@contoh.id" in table and "Terkirim" in table
    assert "Pengganti WhatsApp: WhatsApp menolak" in table


def test_the_job_monitor_lists_failed_and_stuck_messages_and_sends_one_again(
        client, login_as, administrator, fake_meta, demo, make_application):
    fake_meta.answer = lambda request: meta_error(401, 190, "Access token has expired")
    start = utcnow()
    with frozen_clock(start - timedelta(hours=1)):
        failed_app = make_application("skck")
    failed = db.session.execute(db.select(OutboxMessage).filter_by(
        application_id=failed_app.id, channel="whatsapp")).scalar_one()
    stuck = OutboxMessage(channel="whatsapp", recipient="+6281299990000",
                          template="citizen_submitted", payload={}, idempotency_key="macet-1",
                          status="sending", attempts=1, created_at=start - timedelta(hours=1),
                          last_attempt_at=start - timedelta(minutes=30))
    fresh = OutboxMessage(channel="email", recipient="baru@contoh.id", template="citizen_submitted",
                          payload={}, idempotency_key="baru-1", status="sending", attempts=1,
                          last_attempt_at=start)
    db.session.add_all([stuck, fresh])
    db.session.commit()
    login_as(administrator)
    page = client.get("/admin/pekerjaan/").get_data(as_text=True)
    listed = page.split('id="outbox-attention"', 1)[1].split("</table>", 1)[0]
    assert "HTTP 401: error 190" in listed and "+6281299990000" in listed
    assert "baru@contoh.id" not in listed  # still within its first minutes
    assert listed.count("Kirim ulang") == 2

    fake_meta.answer = lambda request: meta_accepted("wamid.setelah-token-baru")
    response = client.post("/admin/pekerjaan/kirim-ulang/", data={"message_id": failed.id})
    assert response.status_code == 302
    db.session.expire_all()
    failed = db.session.get(OutboxMessage, failed.id)
    assert (failed.status, failed.delivery_status, failed.provider_message_id) == (
        "sent", "accepted", "wamid.setelah-token-baru")
    assert db.session.execute(db.select(AuditEntry).filter_by(action="outbox_retry")).scalar_one()
    assert client.post("/admin/pekerjaan/kirim-ulang/",
                       data={"message_id": fresh.id + 99}).status_code == 302
    assert len(fake_meta.requests) == 2


class TestWhatsAppTestOutbox:
    """The `log` driver of `make run`: what would have gone to citizens, readable in the console."""

    @pytest.fixture
    def app(self, whatsapp_app):
        """The app under test has the `log` WhatsApp driver, as `make run`."""
        return whatsapp_app("log")

    def test_the_demo_shows_a_citizens_whatsapp_message_to_the_administrator(
            self, client, runner, apply_online, login_as):
        from portal.models import Officer

        assert runner.invoke(args=["seed-demo"]).exit_code == 0  # what `make run` loads
        response, application = apply_online(client, "skck", "Lubuk Baja Kota")
        assert response.status_code == 303
        administrator = db.session.execute(
            db.select(Officer).filter_by(is_administrator=True)).scalar_one()
        login_as(administrator)
        home = client.get("/admin/").get_data(as_text=True)
        assert "Kotak keluar WhatsApp (uji)" in home
        page = client.get("/admin/kotak-keluar-wa/").get_data(as_text=True)
        assert "+6281234567890" in page and "citizen_submitted" in page
        assert f"nomor registrasi {application.reg_no}" in page
        assert "http://localhost/konfirmasi/" in page

    def test_officers_cannot_open_it(self, client, demo, login_as, officer):
        login_as(officer("Lubuk Baja Kota", "admin"))
        assert client.get("/admin/kotak-keluar-wa/").status_code in (302, 403)
