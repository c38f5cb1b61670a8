"""Fonnte: a form POST with the device token, and how each answer ends (a fake Fonnte server)."""
from datetime import timedelta

import pytest

from portal.messaging import outbox
from portal.messaging.fallback import fall_back_undelivered
from portal.models import utcnow
from tests.fixtures.whatsapp import FONNTE_TOKEN, fonnte_answer, notice_rows

CITIZEN_EMAIL = "siti@contoh.id"


@pytest.fixture
def app(whatsapp_app, fake_fonnte):
    """The app under test sends WhatsApp through the fake Fonnte."""
    return whatsapp_app("wa_fonnte")


def test_the_text_goes_as_a_form_with_the_device_token_and_fonntes_id_is_kept(
        inbox, fake_fonnte, demo, make_application):
    application = make_application("skck")
    [message] = notice_rows(application)
    [sent] = fake_fonnte.requests
    assert sent["headers"]["Authorization"] == FONNTE_TOKEN
    assert sent["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    form = sent["form"]
    assert (form["target"], form["countryCode"]) == ("6281234567890", "62")
    text = form["message"]
    assert application.reg_no in text and application.service.name in text
    assert "http://localhost/konfirmasi/" in text and "{{" not in text
    assert (message.status, message.delivery_status, message.provider_message_id) == (
        "sent", "accepted", "80367170")
    assert inbox.messages == []


def test_an_invalid_target_is_refused_for_good_and_the_email_goes_once(
        inbox, fake_fonnte, demo, make_application):
    fake_fonnte.answer = lambda request: fonnte_answer({"reason": "target invalid",
                                                        "status": False})
    application = make_application("skck")
    whatsapp, email = notice_rows(application)
    assert (whatsapp.status, whatsapp.delivery_status) == ("failed", "failed")
    assert "target invalid" in whatsapp.last_error
    assert (email.fallback_reason, email.status) == ("rejected", "sent")
    assert len(inbox.wait_for_to(CITIZEN_EMAIL, 1)) == 1
    assert outbox.sweep(min_age=timedelta(0)) == (0, 0)
    assert len(fake_fonnte.requests) == 1 and len(inbox.messages) == 1


def test_an_expired_device_is_refused_for_good_too(inbox, fake_fonnte, demo, make_application):
    fake_fonnte.answer = lambda request: fonnte_answer({"reason": "device expired",
                                                        "status": False})
    whatsapp, email = notice_rows(make_application("skck"))
    assert (whatsapp.status, email.fallback_reason) == ("failed", "rejected")
    assert len(inbox.wait_for_to(CITIZEN_EMAIL, 1)) == 1


def test_a_disconnected_device_and_a_server_error_are_retried_then_emailed_once(
        app, inbox, fake_fonnte, demo, make_application):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 3
    answers = iter([fonnte_answer({"reason": "request invalid on disconnected device",
                                   "status": False}),
                    fonnte_answer({"reason": "server error"}, status=500),
                    fonnte_answer({"reason": "server error"}, status=500)])
    fake_fonnte.answer = lambda request: next(answers)
    application = make_application("skck")
    assert [(m.status, m.attempts) for m in notice_rows(application)] == [("pending", 1)]
    outbox.sweep(min_age=timedelta(0))
    assert [(m.status, m.attempts) for m in notice_rows(application)] == [("pending", 2)]
    outbox.sweep(min_age=timedelta(0))
    whatsapp, email = notice_rows(application)
    assert (whatsapp.status, whatsapp.attempts, email.fallback_reason) == (
        "failed", 3, "send_failed")
    assert "HTTP 500" in whatsapp.last_error
    assert len(inbox.wait_for_to(CITIZEN_EMAIL, 1)) == 1
    assert len(fake_fonnte.requests) == 3


def test_no_answer_in_time_is_not_sent_again_and_the_deadline_emails_once(
        inbox, fake_fonnte, demo, make_application):
    fake_fonnte.answer = fake_fonnte.too_slow
    application = make_application("skck")
    [whatsapp] = notice_rows(application)
    assert (whatsapp.status, whatsapp.delivery_status) == ("unknown", "unknown")
    assert outbox.sweep(min_age=timedelta(0)) == (0, 0)
    assert fall_back_undelivered(utcnow() + timedelta(minutes=31)) == 1
    assert fall_back_undelivered(utcnow() + timedelta(minutes=45)) == 0
    assert notice_rows(application)[1].fallback_reason == "no_delivery"
    assert len(inbox.wait_for_to(CITIZEN_EMAIL, 1)) == 1
    assert len(fake_fonnte.requests) == 1
