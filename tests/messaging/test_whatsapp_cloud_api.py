"""Meta's WhatsApp Cloud API: what we send, and how each answer ends (fake Meta on localhost).

Success, a number not on WhatsApp (HTTP 400, error 131026), Meta's own trouble (500) and a
timeout each end in the right status, with exactly one fallback email where one is due.
"""
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.messaging import outbox
from portal.messaging.fallback import fall_back_undelivered
from portal.models import DeliveryEvent, utcnow
from tests.fixtures.whatsapp import (META_TOKEN, meta_error, meta_signature, meta_status_body,
                                     notice_rows)

CITIZEN_EMAIL = "siti@contoh.id"


@pytest.fixture
def app(whatsapp_app, fake_meta):
    """The app under test sends WhatsApp through the fake Meta."""
    return whatsapp_app("wa_cloud")


def events(message):
    return [(e.status, e.provider_message_id) for e in db.session.execute(
        db.select(DeliveryEvent).filter_by(message_id=message.id)
        .order_by(DeliveryEvent.id)).scalars()]


def test_a_template_message_goes_out_with_our_token_and_its_message_id_is_kept(
        inbox, fake_meta, demo, make_application):
    application = make_application("skck")
    [message] = notice_rows(application)
    [sent] = fake_meta.requests
    assert sent["headers"]["Authorization"] == f"Bearer {META_TOKEN}"
    assert sent["headers"]["Content-Type"] == "application/json"
    body = sent["json"]
    assert body["messaging_product"] == "whatsapp" and body["type"] == "template"
    assert body["to"] == "6281234567890"
    assert body["biz_opaque_callback_data"] == f"layanan-outbox-{message.id}"
    template = body["template"]
    assert template["name"] == "citizen_submitted" and template["language"] == {"code": "id"}
    values = [p["text"] for p in template["components"][0]["parameters"]]
    assert template["components"][0]["type"] == "body"
    assert values[:2] == [application.service.name, application.reg_no]
    assert values[2].startswith("http://localhost/konfirmasi/")
    assert (message.channel, message.status, message.delivery_status) == (
        "whatsapp", "sent", "accepted")
    assert message.provider_message_id == "wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjA1"
    assert events(message) == [("accepted", message.provider_message_id)]
    assert inbox.messages == []  # WhatsApp took it: no email


def test_a_number_not_on_whatsapp_fails_at_once_and_the_notice_goes_by_email_once(
        inbox, fake_meta, demo, make_application):
    fake_meta.answer = lambda request: meta_error(400, 131026, "Message Undeliverable.")
    application = make_application("skck")
    whatsapp, email = notice_rows(application)
    assert (whatsapp.status, whatsapp.delivery_status, whatsapp.attempts) == ("failed", "failed", 1)
    assert "131026" in whatsapp.last_error
    assert (email.channel, email.recipient, email.fallback_reason) == (
        "email", CITIZEN_EMAIL, "rejected")
    assert email.status == "sent" and email.notice_key == whatsapp.notice_key
    [mail] = inbox.wait_for_to(CITIZEN_EMAIL, 1)
    assert application.reg_no in mail["Subject"]
    assert "/konfirmasi/" in mail.get_body(("plain",)).get_content()
    assert outbox.sweep(min_age=timedelta(0)) == (0, 0)  # nothing is sent again
    assert fall_back_undelivered(utcnow() + timedelta(hours=2)) == 0
    assert len(fake_meta.requests) == 1 and len(inbox.messages) == 1


def test_meta_trouble_is_retried_then_the_email_goes_once(
        app, inbox, fake_meta, demo, make_application):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    fake_meta.answer = lambda request: meta_error(500, 131000, "Something went wrong")
    application = make_application("skck")
    [whatsapp] = notice_rows(application)
    assert (whatsapp.status, whatsapp.attempts) == ("pending", 1)
    assert "HTTP 500" in whatsapp.last_error and inbox.messages == []
    assert outbox.sweep(min_age=timedelta(0)) == (1, 1)  # the second and last try
    whatsapp, email = notice_rows(application)
    assert (whatsapp.status, whatsapp.delivery_status, whatsapp.attempts) == ("failed", "failed", 2)
    assert (email.fallback_reason, email.status) == ("send_failed", "sent")
    assert len(inbox.wait_for_to(CITIZEN_EMAIL, 1)) == 1
    assert outbox.sweep(min_age=timedelta(0)) == (0, 0)
    assert len(fake_meta.requests) == 2 and len(inbox.messages) == 1


def test_a_timeout_after_sending_is_never_sent_twice_and_the_deadline_sends_the_email(
        inbox, fake_meta, demo, make_application):
    fake_meta.answer = fake_meta.too_slow
    application = make_application("skck")
    [whatsapp] = notice_rows(application)
    assert (whatsapp.status, whatsapp.delivery_status) == ("unknown", "unknown")
    assert "timeout" in whatsapp.last_error
    assert outbox.sweep(min_age=timedelta(0)) == (0, 0)  # unknown: not sent again blindly
    assert fall_back_undelivered(utcnow() + timedelta(minutes=29)) == 0
    assert fall_back_undelivered(utcnow() + timedelta(minutes=31)) == 1
    assert fall_back_undelivered(utcnow() + timedelta(minutes=60)) == 0
    whatsapp, email = notice_rows(application)
    assert (email.fallback_reason, email.status) == ("no_delivery", "sent")
    assert len(inbox.wait_for_to(CITIZEN_EMAIL, 1)) == 1
    assert len(fake_meta.requests) == 1 and len(inbox.messages) == 1


def test_a_delivered_notice_needs_no_email_even_without_a_read(
        app, inbox, fake_meta, demo, make_application):
    application = make_application("skck")
    [whatsapp] = notice_rows(application)
    body = meta_status_body(whatsapp.provider_message_id, "delivered")
    response = app.test_client().post("/webhooks/wa/meta", data=body,
                           headers={"X-Hub-Signature-256": meta_signature(body),
                                    "Content-Type": "application/json"})
    assert response.status_code == 200
    assert notice_rows(application)[0].delivery_status == "delivered"
    assert fall_back_undelivered(utcnow() + timedelta(days=1)) == 0
    assert inbox.messages == [] and len(notice_rows(application)) == 1
    assert len(fake_meta.requests) == 1
