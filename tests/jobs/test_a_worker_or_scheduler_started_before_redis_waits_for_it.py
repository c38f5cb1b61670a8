"""Acceptance (issue 21 follow-up): `python -m jobs.worker` or `python -m jobs.scheduler`
started while Redis is down does not crash: it says it is waiting, tries again every few
seconds, and works once Redis is up."""
from redis import Redis
from rq import Queue

from tests.fixtures.background import RedisServer, print_and_wait_for_the_letter, wait_until


def test_a_worker_started_while_redis_is_down_waits_then_renders_a_letter(
        client, app, background, finish_application, officer, switch_officer, tmp_path):
    redis = RedisServer(tmp_path)  # its port, not started yet
    app.config.update(REDIS_URL=redis.url)
    worker = background.start(app, "jobs.worker")
    log = tmp_path / "jobs.worker-0.log"
    wait_until(lambda: log.read_text().count("waiting for Redis") >= 2, timeout=30)
    assert worker.poll() is None  # still running, not crashed

    try:
        redis.start()
        application = finish_application("sku")
        switch_officer(officer("Lubuk Baja Kota", "admin"))
        letter = print_and_wait_for_the_letter(client, application)
        assert worker.poll() is None
        page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
        assert "Unduh PDF" in page
    finally:
        background.stop_all()
        if redis.process is not None:
            redis.stop()


def test_the_scheduler_started_while_redis_is_down_waits_then_queues_its_jobs(
        app, background, tmp_path):
    redis = RedisServer(tmp_path)
    app.config.update(REDIS_URL=redis.url)
    scheduler = background.start(app, "jobs.scheduler")
    log = tmp_path / "jobs.scheduler-0.log"
    wait_until(lambda: log.read_text().count("waiting for Redis") >= 2, timeout=30)
    assert scheduler.poll() is None

    try:
        redis.start()
        connection = Redis.from_url(redis.url)
        wait_until(lambda: Queue("default", connection=connection).count > 0, timeout=60)
        queued = Queue("default", connection=connection).jobs
        assert any(job.func_name.endswith("recover_abandoned_work") for job in queued)
        assert scheduler.poll() is None
        connection.close()
    finally:
        background.stop_all()
        if redis.process is not None:
            redis.stop()
