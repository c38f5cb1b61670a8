"""Redis down when a citizen submits: the submission stands, and the email goes out once Redis is back."""
import threading
from datetime import timedelta

from rq import Queue, SimpleWorker

from jobs.mail import deliver
from portal.messaging import outbox
from portal.extensions import db
from portal.models import OutboxMessage
from tests.redis_areas import redis_url

REDIS_UP = redis_url("outage")
REDIS_DOWN = "redis://127.0.0.1:1/1"  # nothing listens on port 1


def _mail_settings(port: int) -> dict:
    return {"MAIL_SUPPRESS_SEND": False, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}


def test_submission_with_redis_down_is_kept_and_mailed_exactly_once_after_the_sweep(
        make_app, demo, smtp_server, apply_online, redis_db, runner):
    port, inbox = smtp_server
    down = make_app(REDIS_URL=REDIS_DOWN, **_mail_settings(port))
    response, application = apply_online(down.test_client())
    assert response.status_code == 303 and application.status == "terdaftar"
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert (message.status, message.attempts) == ("pending", 0)
    assert inbox.messages == []

    up = make_app(REDIS_URL=REDIS_UP, **_mail_settings(port))
    with up.app_context():
        assert outbox.sweep(min_age=timedelta(0)) == (1, 1)
        result = up.test_cli_runner().invoke(args=["outbox", "sweep", "--min-age", "0"])
        assert "1 pending, 1 enqueued" in result.output  # the same row, queued a second time
        queue = Queue("mail", connection=redis_db)
        assert queue.count == 2
        SimpleWorker([queue], connection=redis_db).work(burst=True)
    assert len(inbox.wait_for(1)) == 1
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message.id)
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    assert application.reg_no in inbox.messages[0]["Subject"]
    with up.app_context():
        assert outbox.sweep(min_age=timedelta(0)) == (0, 0)
    assert len(inbox.messages) == 1


def test_a_failed_send_stays_pending_with_its_error_and_is_retried(make_app, demo, apply_online,
                                                                   smtp_server):
    port, inbox = smtp_server
    broken = make_app(MAIL_SUPPRESS_SEND=False, MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    apply_online(broken.test_client())
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert (message.status, message.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in message.last_error
    with make_app(**_mail_settings(port)).app_context():
        assert outbox.sweep(min_age=timedelta(0)) == (1, 1)
    inbox.wait_for(1)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == "sent"


def test_two_deliveries_of_the_same_row_at_once_send_one_email(make_app, demo, apply_online,
                                                                smtp_server):
    port, inbox = smtp_server
    apply_online(make_app(REDIS_URL=REDIS_DOWN).test_client())
    message_id = db.session.execute(db.select(OutboxMessage.id)).scalar_one()
    db.session.commit()
    mailer = make_app(**_mail_settings(port))
    outcomes = []

    def run():
        with mailer.app_context():
            outcomes.append(deliver(message_id))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["sent", "skipped"]
    assert len(inbox.wait_for(1)) == 1
