"""Background jobs: enqueue on RQ when REDIS_URL is set, otherwise run inline.

Every Redis client of the app (the queue's, the page cache's, the rate limiter's) is built
with `redis_options`: a short connect timeout and one retry without back-off, so a Redis
that is down costs a request well under a second. After a failure, web requests skip Redis
for REDIS_BREAKER_SECONDS (their work waits in the database for the watchdog); workers, the
scheduler and the CLI never skip it, so they take the work up as soon as Redis is back.
"""
import logging
import time

from flask import current_app, has_request_context
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from werkzeug.utils import import_string

log = logging.getLogger(__name__)
BREAKER = "layanan.redis_breaker"  # app.extensions: monotonic time until requests skip Redis
REDIS_WAIT_SECONDS = 3  # how often a worker or scheduler started before Redis asks again
HEARTBEAT_KEY = "layanan:worker-alive:"  # + a worker's name, while it lives (portal.watchdog)
WAITING = ("queued", "scheduled", "deferred")


def redis_options(config) -> dict:
    """The Redis client settings of every client the app builds (REDIS_*_TIMEOUT)."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {"socket_connect_timeout": config["REDIS_CONNECT_TIMEOUT"],
            "socket_timeout": config["REDIS_SOCKET_TIMEOUT"],
            "retry": Retry(NoBackoff(), config["REDIS_RETRIES"])}


def redis_connection():
    """The app's Redis client, or None when no REDIS_URL is configured."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("layanan.redis")
    if client is None:
        from redis import Redis

        client = Redis.from_url(url, **redis_options(current_app.config))
        current_app.extensions["layanan.redis"] = client
    return client


def redis_skipped() -> bool:
    """True inside a web request while Redis rests after a failure (REDIS_BREAKER_SECONDS)."""
    return has_request_context() and time.monotonic() < current_app.extensions.get(BREAKER, 0.0)


def note_redis_failure(error: Exception) -> None:
    """Remember a failed Redis call: web requests of this process skip Redis for a while."""
    current_app.extensions[BREAKER] = time.monotonic() + current_app.config["REDIS_BREAKER_SECONDS"]
    log.warning("Redis unavailable, requests skip it for %ss: %s",
                current_app.config["REDIS_BREAKER_SECONDS"], error)


def enqueue_each(job_path: str, ids: list[int], queue: str, what: str, job_id=None) -> int:
    """Enqueue `job_path(id)` for each id, stopping at the first Redis failure; returns how many.

    For work kept in the database (outbox rows, provider callbacks): what is not enqueued
    now waits there for its sweep. Inline, a failing job is logged, never raised, since the
    caller has already committed what the job is about. `job_id(id)` names each job.
    """
    queued = 0
    for row_id in ids:
        try:
            enqueue(job_path, row_id, queue=queue, job_id=job_id(row_id) if job_id else None)
        except RedisError as error:
            log.warning("%s: Redis unavailable, %d left for the sweep: %s", what,
                        len(ids) - queued, error)
            break
        except Exception:  # noqa: BLE001 - the caller's commit stands; the sweep retries
            log.exception("%s: job for %s failed", what, row_id)
        queued += 1
    return queued


def enqueue(job_path: str, *args, queue: str = "default", **job_options):
    """Run `job_path(*args)` in the background on `queue`, or inline without Redis.

    Jobs receive ids only and load fresh state themselves. Raises redis errors when
    Redis is configured but down (at once, in a request, while the breaker is open);
    callers that must not fail keep the work in the database (e.g. the outbox) so the
    watchdog enqueues it later.
    """
    connection = redis_connection()
    if connection is None:
        return import_string(job_path)(*args)
    if redis_skipped():
        raise RedisConnectionError("Redis skipped after a recent failure")
    from rq import Queue

    try:
        return Queue(queue, connection=connection).enqueue(job_path, *args, **job_options)
    except RedisError as error:
        note_redis_failure(error)
        raise


def worker_is_alive(connection, worker_name: str) -> bool:
    """True while `worker_name` keeps its heartbeat."""
    return bool(worker_name) and connection.exists(HEARTBEAT_KEY + worker_name) == 1


def job_is_alive(connection, job_id: str) -> bool:
    """True while a job waits on its queue or runs on a worker that is alive."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False).value
    return status in WAITING or (status == "started" and worker_is_alive(connection,
                                                                         job.worker_name))


def enqueue_once(job_path: str, *args, queue: str, job_id: str, **job_options):
    """`enqueue` a job named `job_id`, unless that job already waits or runs on a live worker
    (a second copy would run the work twice); returns the job, or None when it was alive."""
    connection = redis_connection()
    if connection is not None and not redis_skipped():
        try:
            if job_is_alive(connection, job_id):
                return None
        except RedisError as error:
            note_redis_failure(error)
            raise
    return enqueue(job_path, *args, queue=queue, job_id=job_id, **job_options)


def wait_for_redis(connection, who: str, seconds: float = REDIS_WAIT_SECONDS) -> None:
    """Return once Redis answers; until then log that `who` waits, and ask again.

    RQ's worker and cron scheduler give up at once when Redis is down as they start, so a
    process started before Redis (e.g. at boot) would otherwise crash instead of working."""
    while True:
        try:
            connection.ping()
            return
        except RedisError as error:
            log.warning("%s: waiting for Redis (%s); trying again in %s s", who, error, seconds)
            time.sleep(seconds)
