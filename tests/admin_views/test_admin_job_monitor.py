"""Job monitor: queue lengths, failed jobs with their error (retry, delete), outbox backlog."""
import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from portal.extensions import db
from portal.messaging.citizen_notices import queue_message
from portal.messaging.outbox import relay_paused
from tests.redis_areas import redis_url

REDIS_URL = redis_url("monitor")  # emptied per test


def explode(reg_no):
    """A job that fails the way a broken mail server would."""
    raise ConnectionRefusedError(f"SMTP menolak koneksi untuk {reg_no}")


@pytest.fixture
def redis_app(make_app):
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(REDIS_URL=REDIS_URL)
    with app.app_context():
        yield app
    connection.flushdb()
    connection.close()


@pytest.fixture
def monitor(redis_app, login_as):
    from portal.seed import seed_demo
    from portal.models import Officer
    from tests.conftest import TEST_PASSWORD

    seed_demo(TEST_PASSWORD, with_applications=False)
    client = redis_app.test_client()
    administrator = db.session.execute(
        db.select(Officer).filter_by(is_administrator=True)).scalar_one()
    return login_as(administrator, client)


def failed_job(connection):
    queue = Queue("mail", connection=connection)
    job = queue.enqueue("tests.admin_views.test_admin_job_monitor.explode", "LBK-2611-ABCDEFGH")
    SimpleWorker([queue], connection=connection).work(burst=True)
    return job


def test_without_redis_the_monitor_says_jobs_run_inline(console, client, login_as,
                                                       administrator):
    with relay_paused():  # a message still waiting in the outbox
        queue_message("email", "siti@contoh.id", "citizen_submitted", {}, "k-1")
        db.session.commit()
    login_as(administrator)
    html = client.get("/admin/pekerjaan/").get_data(as_text=True)
    assert "Redis tidak dikonfigurasi" in html
    assert "<td>Menunggu dikirim</td><td>1</td>" in html


def test_failed_job_is_shown_with_its_error_and_can_be_retried(monitor):
    connection = Redis.from_url(REDIS_URL)
    job = failed_job(connection)
    Queue("pdf", connection=connection).enqueue("tests.admin_views.test_admin_job_monitor.explode", "X")
    html = monitor.get("/admin/pekerjaan/").get_data(as_text=True)
    assert "<td>pdf</td><td>1</td>" in html and "<td>mail</td><td>0</td>" in html
    assert job.id in html and "SMTP menolak koneksi untuk LBK-2611-ABCDEFGH" in html
    response = monitor.post("/admin/pekerjaan/retry/", data={"job_id": job.id})
    assert response.status_code == 302
    queue = Queue("mail", connection=connection)
    assert queue.count == 1 and job.id not in queue.failed_job_registry.get_job_ids()


def test_failed_job_can_be_deleted(monitor):
    connection = Redis.from_url(REDIS_URL)
    job = failed_job(connection)
    monitor.post("/admin/pekerjaan/delete/", data={"job_id": job.id})
    assert Queue("mail", connection=connection).failed_job_registry.get_job_ids() == []
    html = monitor.get("/admin/pekerjaan/").get_data(as_text=True)
    assert "Tidak ada pekerjaan gagal." in html
    assert monitor.post("/admin/pekerjaan/retry/", data={"job_id": job.id}).status_code == 302
