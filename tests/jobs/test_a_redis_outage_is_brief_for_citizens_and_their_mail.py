"""Acceptance (issue 21, finding 2): while Redis is unreachable a submission stays quick and
its email waits in the database; once Redis is back the email goes out within seconds."""
import socket
import time

import pytest
from redis import Redis
from rq import Worker

from portal.extensions import db
from portal.models import OutboxMessage
from portal.queue import BREAKER
from portal.watchdog import HEARTBEAT_KEY
from tests.fixtures.background import wait_until

NIKS = ("2171064501900001", "2171064501900002", "2171064501900003")


@pytest.fixture
def unreachable_redis():
    """A Redis address whose connections are never answered (like a host that went away):
    a listener whose one-place backlog is already taken, so every further SYN is dropped."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname())
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    filler.close()
    listener.close()


def mail_settings(port: int) -> dict:
    """Real SMTP delivery to the test's sink."""
    return {"MAIL_SUPPRESS_SEND": False, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}


def timed(submit) -> float:
    """Seconds one call takes."""
    started = time.monotonic()
    submit()
    return time.monotonic() - started


def test_a_submission_while_redis_does_not_answer_is_quick_and_its_email_waits_in_the_database(
        make_app, demo, apply_online, unreachable_redis):
    app = make_app(REDIS_URL=unreachable_redis)
    client = app.test_client()
    results = []
    app.extensions.pop(BREAKER, None)

    first = timed(lambda: results.append(apply_online(client, nik=NIKS[0])))
    second = timed(lambda: results.append(apply_online(client, nik=NIKS[1])))

    # One short connect try (a default client waited 42 s here); room for a loaded machine.
    assert first < 10.0, f"the first submission took {first:.1f} s"
    assert second < first  # then Redis is skipped for a few seconds
    assert [response.status_code for response, _application in results] == [303, 303]
    rows = db.session.execute(db.select(OutboxMessage.status, OutboxMessage.attempts)).all()
    assert rows == [("pending", 0), ("pending", 0)]


def worker_listening(url: str) -> bool:
    """True once a worker keeps its heartbeat in this Redis and waits for jobs."""
    connection = Redis.from_url(url)
    workers = Worker.all(connection=connection)
    listening = bool(connection.keys(HEARTBEAT_KEY + "*")) and any(
        worker.get_state() == "idle" for worker in workers)
    connection.close()
    return listening


def all_sent() -> bool:
    """True once every outbox row is recorded as sent (just after its email left)."""
    db.session.expire_all()
    return set(db.session.execute(db.select(OutboxMessage.status)).scalars()) == {"sent"}


def test_emails_written_while_redis_was_down_go_out_within_seconds_of_its_return(
        make_app, demo, apply_online, smtp_server, own_redis, background):
    port, inbox = smtp_server
    app = make_app(REDIS_URL=own_redis.url, **mail_settings(port))
    background.start(app, "jobs.worker")
    wait_until(lambda: worker_listening(own_redis.url), timeout=60)
    own_redis.stop()
    for nik in NIKS:
        response, _application = apply_online(app.test_client(), nik=nik)
        assert response.status_code == 303
    assert db.session.execute(db.select(OutboxMessage.status)).scalars().all() == ["pending"] * 3
    # Back at once: the outage may be shorter than a heartbeat, the restart is still noticed.

    # No scheduler runs here, so no sweep can send them: only the worker's relay on Redis's
    # return can (it takes seconds; the patience is for a loaded machine).
    own_redis.start()
    assert len(inbox.wait_for(3, timeout=60)) == 3
    wait_until(lambda: all_sent(), timeout=10)
    rows = db.session.execute(db.select(OutboxMessage.status, OutboxMessage.attempts)).all()
    assert rows == [("sent", 1)] * 3
    assert len(inbox.messages) == 3
