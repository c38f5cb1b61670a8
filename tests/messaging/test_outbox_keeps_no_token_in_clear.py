"""Acceptance (issue 21, finding 7): the outbox stores the tokens of its links, login codes and
pickup codes only sealed (Fernet), drops them once the message is delivered, and the message
still carries a working link or code."""
import json
import re
from datetime import datetime

from sqlalchemy import text

from portal.extensions import db, mail
from portal.models import Application, OutboxMessage, PickupBooking, frozen_clock
from tests.fixtures.citizen import open_secret_link

CITIZEN_NIK = "2171064501900001"  # the citizen_account fixture's


def _stored_payloads(application_id: int) -> list[tuple[str, str]]:
    """(status, payload as the database holds it) of the application's rows, by raw SQL."""
    rows = db.session.execute(text("SELECT status, payload FROM outbox WHERE application_id = :id"),
                              {"id": application_id}).all()
    return [(status, payload if isinstance(payload, str) else json.dumps(payload))
            for status, payload in rows]


def test_the_confirmation_token_is_sealed_then_dropped_and_the_link_still_confirms(
        make_app, demo, apply_online):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")  # Redis down: the row waits, pending
    client = app.test_client()
    with app.app_context():
        _, application = apply_online(client)
        [pending] = _stored_payloads(application.id)
        message = db.session.execute(db.select(OutboxMessage).filter_by(
            application_id=application.id)).scalar_one()
        token = message.payload["confirm_token"]  # the ORM opens it for the sender
        assert pending[0] == "pending" and token not in pending[1] and '"sealed"' in pending[1]

        from jobs.mail import deliver
        with mail.record_messages() as sent:
            assert deliver(message.id) == "sent"
        [delivered] = _stored_payloads(application.id)
        assert delivered[0] == "sent" and token not in delivered[1] and '"sealed"' not in \
            delivered[1]
        link = re.search(r"http://localhost(/konfirmasi/\S+)", sent[0].body).group(1)
        assert token in link
        open_secret_link(client, link, press=True)
        db.session.expire_all()
        assert db.session.get(Application, application.id).status == "konfirmasi"


def _stored_payload_of(template: str) -> tuple[str, str]:
    """(status, payload as the database holds it) of the one row of this template, by raw SQL."""
    status, payload = db.session.execute(text(
        "SELECT status, payload FROM outbox WHERE template = :template"),
        {"template": template}).one()
    return status, payload if isinstance(payload, str) else json.dumps(payload)


def test_a_login_code_is_sealed_while_waiting_then_dropped_and_still_logs_in(
        make_app, demo, citizen_account):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")  # Redis down: the row waits, pending
    client = app.test_client()
    with app.app_context():
        citizen_account()
        assert client.post("/api/v1/masuk/kode", json={"nik": CITIZEN_NIK}).status_code == 202
        message = db.session.execute(db.select(OutboxMessage).filter_by(
            template="citizen_login_code")).scalar_one()
        code = message.payload["code"]
        status, stored = _stored_payload_of("citizen_login_code")
        assert status == "pending" and f'"{code}"' not in stored and '"sealed"' in stored

        from jobs.mail import deliver
        with mail.record_messages() as sent:
            assert deliver(message.id) == "sent"
        status, stored = _stored_payload_of("citizen_login_code")
        assert status == "sent" and f'"{code}"' not in stored and '"sealed"' not in stored
        assert code in sent[0].body
        answer = client.post("/api/v1/masuk", json={"nik": CITIZEN_NIK, "code": code})
        assert answer.status_code == 201


def test_a_pickup_code_and_its_qr_are_dropped_once_delivered(
        client, finish_application, issue_letter, citizen_account, citizen_login):
    citizen_account()
    application = finish_application("sku")
    issue_letter(application)
    citizen_login(client)
    with frozen_clock(datetime(2026, 7, 10, 2, 0)), mail.record_messages() as sent:
        booked = client.post(f"/akun/permohonan/{application.reg_no}/ambil?day=2026-07-13",
                             data={"slot": "08:00"})
    assert booked.status_code == 303
    code = db.session.execute(db.select(PickupBooking.code)).scalar_one()
    status, stored = _stored_payload_of("citizen_pickup_booked")
    assert status == "sent" and code not in stored and '"sealed"' not in stored
    assert code in sent[0].body
