"""The background worker (`python -m jobs.worker`): warm, in one process, a clean slate per job."""
import os

import pytest
from redis import Redis
from rq import Queue

from jobs.worker import AppWorker
from portal.extensions import db
from portal.models import OutboxMessage
from tests.redis_areas import redis_url

REDIS_URL = redis_url("worker")


def objects_in_the_session() -> int:
    """A job: how many rows the job's database session holds when it starts."""
    return len(db.session.identity_map)


@pytest.fixture
def mail_queue():
    """The `mail` queue on our own, emptied Redis database."""
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield Queue("mail", connection=connection)
    connection.flushdb()
    connection.close()


def test_the_worker_sends_queued_mail_without_forking_and_each_job_starts_clean(
        make_app, demo, apply_online, smtp_server, mail_queue):
    port, inbox = smtp_server
    app = make_app(REDIS_URL=REDIS_URL, MAIL_SUPPRESS_SEND=False, MAIL_SERVER="127.0.0.1",
                   MAIL_PORT=port)
    for nik in ("2171064501900001", "2171064501900002"):
        apply_online(app.test_client(), nik=nik)
    assert mail_queue.count == 2 and inbox.messages == []
    pid_job = mail_queue.enqueue(os.getpid)
    session_job = mail_queue.enqueue(objects_in_the_session)

    AppWorker([mail_queue], connection=mail_queue.connection, app=app).work(burst=True)

    assert len(inbox.wait_for(2)) == 2
    db.session.expire_all()
    statuses = db.session.execute(db.select(OutboxMessage.status)).scalars().all()
    assert statuses == ["sent", "sent"]
    assert pid_job.latest_result().return_value == os.getpid()
    assert session_job.latest_result().return_value == 0
