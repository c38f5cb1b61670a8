"""Providers' status callbacks: checked, stored, answered at once, applied once, forward only."""
import json
import logging

import pytest

from portal.extensions import db
from portal.models import DeliveryCallback, DeliveryEvent, OutboxMessage
from tests.fixtures.whatsapp import (FONNTE_SECRET, META_VERIFY_TOKEN, meta_signature,
                                     meta_status_body)

WAMID = "wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjA1"


@pytest.fixture
def app(whatsapp_app, fake_meta):
    """The app under test sends WhatsApp through the fake Meta."""
    return whatsapp_app("wa_cloud")


@pytest.fixture
def notice(demo, make_application):
    """A submission notice Meta accepted (wamid WAMID)."""
    application = make_application("skck")
    return db.session.execute(db.select(OutboxMessage).filter_by(
        application_id=application.id)).scalar_one()


def post_meta(client, body: bytes, signature=None):
    return client.post("/webhooks/wa/meta", data=body, headers={
        "Content-Type": "application/json",
        "X-Hub-Signature-256": signature if signature is not None else meta_signature(body)})


def state(message):
    db.session.expire_all()
    row = db.session.get(OutboxMessage, message.id)
    logged = db.session.execute(db.select(DeliveryEvent.status).filter_by(message_id=row.id)
                                .order_by(DeliveryEvent.id)).scalars().all()
    return row.delivery_status, logged


def test_meta_verifies_the_subscription_with_our_token_only(client):
    ok = client.get("/webhooks/wa/meta", query_string={"hub.mode": "subscribe",
                                                       "hub.verify_token": META_VERIFY_TOKEN,
                                                       "hub.challenge": "1158201444"})
    assert (ok.status_code, ok.get_data(as_text=True)) == (200, "1158201444")
    wrong = client.get("/webhooks/wa/meta", query_string={
        "hub.mode": "subscribe", "hub.verify_token": "tebakan", "hub.challenge": "1158201444"})
    assert wrong.status_code == 403 and "1158201444" not in wrong.get_data(as_text=True)


def test_a_bad_signature_is_refused_and_changes_nothing(client, notice):
    body = meta_status_body(WAMID, "delivered")
    for signature in ("", "sha256=" + "0" * 64, meta_signature(body, "rahasia-lain")):
        assert post_meta(client, body, signature).status_code == 403
    tampered = body.replace(b"delivered", b"read")
    assert post_meta(client, tampered, meta_signature(body)).status_code == 403
    assert db.session.execute(db.select(DeliveryCallback)).first() is None
    assert state(notice) == ("accepted", ["accepted"])


def test_the_same_event_twice_changes_nothing_the_second_time(client, notice):
    body = meta_status_body(WAMID, "delivered", outbox_id=notice.id)
    assert post_meta(client, body).status_code == 200
    first = state(notice)
    updated_at = db.session.get(OutboxMessage, notice.id).delivery_updated_at
    assert post_meta(client, body).status_code == 200
    assert state(notice) == first == ("delivered", ["accepted", "delivered"])
    assert db.session.get(OutboxMessage, notice.id).delivery_updated_at == updated_at
    outcomes = db.session.execute(db.select(DeliveryCallback.outcome)
                                  .order_by(DeliveryCallback.id)).scalars().all()
    assert outcomes == ["1 applied", "1 duplicate"]


def test_delivered_before_sent_ends_as_delivered(client, notice):
    post_meta(client, meta_status_body(WAMID, "delivered"))
    post_meta(client, meta_status_body(WAMID, "sent"))
    assert state(notice) == ("delivered", ["accepted", "delivered", "sent"])
    post_meta(client, meta_status_body(WAMID, "read"))
    assert state(notice)[0] == "read"


def test_an_event_for_an_unknown_message_is_ignored_and_logged(client, notice, caplog):
    caplog.set_level(logging.WARNING, logger="portal.messaging.delivery")
    body = meta_status_body("wamid.bukan-milik-kita", "failed", outbox_id=999999)
    assert post_meta(client, body).status_code == 200
    assert "unknown message 'wamid.bukan-milik-kita'" in caplog.text
    assert state(notice) == ("accepted", ["accepted"])
    assert db.session.execute(db.select(DeliveryCallback.outcome)).scalar_one() == "1 unknown"


def test_a_failed_status_sends_the_email_once_and_a_late_delivered_still_wins(
        client, notice, inbox):
    error = [{"code": 131026, "title": "Message undeliverable"}]
    failed = meta_status_body(WAMID, "failed", errors=error)
    post_meta(client, failed)
    post_meta(client, failed)
    post_meta(client, meta_status_body(WAMID, "failed", timestamp=1764000099, errors=error))
    assert state(notice)[0] == "failed"
    emails = db.session.execute(db.select(OutboxMessage).filter_by(channel="email")).scalars().all()
    assert [(e.fallback_reason, e.status) for e in emails] == [("failed", "sent")]
    assert len(inbox.wait_for_to("siti@contoh.id", 1)) == 1
    logged = db.session.execute(db.select(DeliveryEvent).filter_by(status="failed")).scalar_one()
    assert logged.error == "131026 Message undeliverable"
    post_meta(client, meta_status_body(WAMID, "delivered"))
    assert state(notice)[0] == "delivered"
    assert len(inbox.messages) == 1


def test_a_callback_finds_a_message_whose_send_answer_never_came(client, fake_meta, demo,
                                                                  make_application):
    fake_meta.answer = fake_meta.too_slow
    application = make_application("skck")
    message = db.session.execute(db.select(OutboxMessage).filter_by(
        application_id=application.id)).scalar_one()
    assert message.status == "unknown" and message.provider_message_id is None
    post_meta(client, meta_status_body("wamid.terlambat", "delivered", outbox_id=message.id))
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message.id)
    assert (message.status, message.delivery_status, message.provider_message_id) == (
        "sent", "delivered", "wamid.terlambat")


class TestFonnte:
    """Fonnte's callbacks come to a secret path, unsigned."""

    @pytest.fixture
    def app(self, whatsapp_app, fake_fonnte):
        """The app under test sends WhatsApp through the fake Fonnte."""
        return whatsapp_app("wa_fonnte")

    def post(self, client, data: dict, secret: str = FONNTE_SECRET):
        return client.post(f"/webhooks/wa/fonnte/{secret}", data=json.dumps(data),
                           content_type="application/json")

    def test_a_wrong_secret_is_not_found_and_changes_nothing(self, client, notice):
        response = self.post(client, {"id": "80367170", "status": "sent", "state": "read"},
                             secret="tebakan-rahasia")
        assert response.status_code == 404
        assert db.session.execute(db.select(DeliveryCallback)).first() is None
        assert state(notice) == ("accepted", ["accepted"])

    def test_status_and_state_apply_and_a_state_by_stateid_alone_finds_its_message(
            self, client, notice):
        first = {"device": "6281100001111", "id": "80367170", "stateid": "st-77",
                 "status": "sent", "state": "delivered"}
        assert self.post(client, first).status_code == 200
        assert state(notice) == ("delivered", ["accepted", "sent", "delivered"])
        assert self.post(client, {"device": "6281100001111", "stateid": "st-77",
                                  "state": "read"}).status_code == 200
        assert state(notice)[0] == "read"

    def test_a_body_that_is_not_json_is_refused(self, client, notice):
        response = client.post(f"/webhooks/wa/fonnte/{FONNTE_SECRET}", data="id=1&status=sent")
        assert response.status_code == 400
