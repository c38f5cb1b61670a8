"""Background jobs: enqueue on RQ when REDIS_URL is set, otherwise run inline."""
import logging

from flask import current_app
from redis.exceptions import RedisError
from werkzeug.utils import import_string

log = logging.getLogger(__name__)


def redis_connection():
    """The app's Redis client, or None when no REDIS_URL is configured."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("layanan.redis")
    if client is None:
        from redis import Redis

        client = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        current_app.extensions["layanan.redis"] = client
    return client


def enqueue_each(job_path: str, ids: list[int], queue: str, what: str) -> int:
    """Enqueue `job_path(id)` for each id, stopping at the first Redis failure; returns how many.

    For work kept in the database (outbox rows, provider callbacks): what is not enqueued
    now waits there for its sweep. Inline, a failing job is logged, never raised, since the
    caller has already committed what the job is about.
    """
    queued = 0
    for row_id in ids:
        try:
            enqueue(job_path, row_id, queue=queue)
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
    Redis is configured but down; callers that must not fail keep the work in the
    database (e.g. the outbox) so a sweeper can enqueue it later.
    """
    connection = redis_connection()
    if connection is None:
        return import_string(job_path)(*args)
    from rq import Queue

    return Queue(queue, connection=connection).enqueue(job_path, *args, **job_options)
