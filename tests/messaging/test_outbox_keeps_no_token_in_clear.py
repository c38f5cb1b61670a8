"""Acceptance (issue 21, finding 7): the outbox stores the tokens of its links only sealed
(Fernet), drops them once the message is delivered, and the email still carries a working
link."""
import json
import re

from sqlalchemy import text

from portal.extensions import db, mail
from portal.models import Application, OutboxMessage
from tests.fixtures.citizen import open_secret_link


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
