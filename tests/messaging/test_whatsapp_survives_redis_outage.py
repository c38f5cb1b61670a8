"""Redis down while WhatsApp notices are due: nothing is lost, each goes out once after recovery."""
import pytest
from rq import Queue, SimpleWorker

from portal.extensions import db
from portal.models import OutboxMessage
from tests.fixtures.whatsapp import mail_settings, meta_settings, meta_signature, meta_status_body
from tests.redis_areas import redis_url

REDIS_UP = redis_url("outage")
REDIS_DOWN = "redis://127.0.0.1:1/1"  # nothing listens on port 1


@pytest.fixture
def app(whatsapp_app, fake_meta):
    """The app under test sends WhatsApp through the fake Meta, with its Redis down."""
    return whatsapp_app("wa_cloud", REDIS_URL=REDIS_DOWN)


@pytest.fixture
def recovered(make_app, httpserver, smtp_server, redis_db):
    """Run `flask outbox sweep` twice and a worker, in an app whose Redis is up again."""
    def run(times: int = 2) -> list[str]:
        up = make_app(REDIS_URL=REDIS_UP, **meta_settings(httpserver),
                      **mail_settings(smtp_server[0]))
        with up.app_context():
            sweep = ["outbox", "sweep", "--min-age", "0"]
            outputs = [up.test_cli_runner().invoke(args=sweep).output for _ in range(times)]
            SimpleWorker([Queue("mail", connection=redis_db)], connection=redis_db).work(burst=True)
        db.session.expire_all()
        return outputs
    return run


def outbox_rows():
    return db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()


def test_notices_written_while_redis_is_down_are_each_sent_once_after_recovery(
        demo, make_application, fake_meta, inbox, recovered):
    first = make_application("skck")
    second = make_application("sku", applicant_nik="2171064501900002")
    assert [(m.channel, m.status, m.attempts) for m in outbox_rows()] == [
        ("whatsapp", "pending", 0)] * 2
    assert fake_meta.requests == []

    outputs = recovered(times=2)
    assert all("Outbox: 2 pending, 2 enqueued." in output for output in outputs)
    assert len(fake_meta.requests) == 2  # four jobs, two sends
    reg_nos = sorted(request["json"]["template"]["components"][0]["parameters"][1]["text"]
                     for request in fake_meta.requests)
    assert reg_nos == sorted([first.reg_no, second.reg_no])
    assert [(m.status, m.attempts, m.delivery_status) for m in outbox_rows()] == [
        ("sent", 1, "accepted")] * 2
    assert "Outbox: 0 pending" in recovered(times=1)[0]
    assert len(fake_meta.requests) == 2 and inbox.messages == []


def test_a_callback_received_while_redis_is_down_is_applied_after_recovery(
        app, demo, make_application, recovered):
    make_application("skck")
    recovered(times=1)
    [message] = outbox_rows()
    body = meta_status_body(message.provider_message_id, "delivered")
    response = app.test_client().post("/webhooks/wa/meta", data=body, headers={
        "X-Hub-Signature-256": meta_signature(body), "Content-Type": "application/json"})
    assert response.status_code == 200  # stored and answered, though not yet applied
    assert outbox_rows()[0].delivery_status == "accepted"
    assert "Callbacks: 1 waiting, 1 enqueued." in recovered(times=1)[0]
    assert outbox_rows()[0].delivery_status == "delivered"
