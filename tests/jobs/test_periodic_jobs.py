"""The IT office runs one scheduler process that enqueues every periodic job on time."""
from redis import Redis

from jobs.scheduler import PERIODIC_JOBS, build_scheduler
from tests.redis_areas import redis_url


def test_every_periodic_job_is_registered_and_the_due_ones_are_enqueued(app):
    connection = Redis.from_url(redis_url("periodic"))
    connection.flushdb()
    try:
        scheduler = build_scheduler(connection)
        registered = {f"{job.func.__module__}.{job.func.__name__}" for job in scheduler.get_jobs()}
        assert registered == {path for path, _queue, _timing in PERIODIC_JOBS}
        enqueued = scheduler.enqueue_jobs()
        interval_jobs = {path for path, _q, timing in PERIODIC_JOBS if "interval" in timing}
        assert {f"{j.func.__module__}.{j.func.__name__}" for j in enqueued} == interval_jobs
        assert connection.llen("rq:queue:mail") >= 1
        assert connection.llen("rq:queue:default") >= 1
    finally:
        connection.flushdb()
        connection.close()
