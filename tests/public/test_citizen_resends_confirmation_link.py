""""Kirim ulang tautan konfirmasi" on /lacak: to the form's contact, never shown, rate limited."""
import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.messaging.channels.whatsapp_text import text
from portal.models import Application, OutboxMessage, frozen_clock, utcnow
from portal.workflow import transitions
from tests.fixtures.citizen import open_secret_link


@pytest.fixture
def app(whatsapp_app):
    """The app under test has the `log` WhatsApp driver, as `make run`."""
    return whatsapp_app("log")


def resends(application):
    db.session.expire_all()
    return db.session.execute(db.select(OutboxMessage).filter_by(application_id=application.id)
                              .where(OutboxMessage.notice_key.like("confirm-resend-%"))
                              .order_by(OutboxMessage.id)).scalars().all()


def resend(client, number):
    return client.post("/lacak/kirim-ulang-konfirmasi", data={"no": number},
                       follow_redirects=True)


def test_a_new_link_goes_to_the_number_given_and_confirms(client, make_application, officer,
                                                         login_as):
    application = make_application("skck")
    page = client.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert "Kirim ulang tautan konfirmasi" in page
    done = resend(client, application.reg_no).get_data(as_text=True)
    assert "Tautan konfirmasi baru sudah dikirim" in done
    assert "+6281234567890" not in done and "siti@contoh.id" not in done
    [message] = resends(application)
    assert (message.channel, message.recipient, message.template) == (
        "whatsapp", "+6281234567890", "citizen_submitted")
    link = re.search(r"http://localhost(/konfirmasi/\S+)", text(message)).group(1)
    assert "sudah dikonfirmasi" in open_secret_link(client, link, press=True).get_data(True)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "konfirmasi"
    after = client.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert "Kirim ulang tautan konfirmasi" not in after
    login_as(officer("Lubuk Baja Kota", "admin"))
    details = client.get(f"/admin/data-baru/details/?id={application.id}").get_data(as_text=True)
    assert "Tautan konfirmasi dikirim ulang" in details.split('id="notices"', 1)[1]


def test_a_few_times_a_day_then_not_until_tomorrow(client, make_application):
    application = make_application("skck", notify_channel="email")
    start = utcnow()
    with frozen_clock(start):
        for _ in range(3):
            assert "baru sudah dikirim" in resend(client, application.reg_no).get_data(True)
        refused = resend(client, application.reg_no).get_data(as_text=True)
    assert "sudah beberapa kali dikirim ulang hari ini" in refused
    assert [m.channel for m in resends(application)] == ["email"] * 3
    with frozen_clock(start + timedelta(days=1, minutes=1)):
        assert "baru sudah dikirim" in resend(client, application.reg_no).get_data(True)
    assert len(resends(application)) == 4


def test_nothing_is_sent_for_a_confirmed_or_unknown_application(client, make_application):
    application = make_application("skck")
    transitions.perform(application.id, "confirm", transitions.CITIZEN)
    page = resend(client, application.reg_no).get_data(as_text=True)
    assert "baru sudah dikirim" not in page and "Kirim ulang" not in page
    unknown = resend(client, "LBK-2611-ZZZZZZZZ")
    assert unknown.status_code == 404 and "baru sudah dikirim" not in unknown.get_data(True)
    assert resends(application) == []


def test_one_address_cannot_flood(make_app, demo, make_application):
    limited = make_app(WHATSAPP_DRIVER="log", RATELIMIT_ENABLED=True)
    client = limited.test_client()
    application = make_application("skck")
    form = {"no": application.reg_no}
    codes = [client.post("/lacak/kirim-ulang-konfirmasi", data=form).status_code
             for _ in range(11)]
    assert codes[:10] == [303] * 10 and codes[10] == 429
