"""What the background machinery is doing: RQ queues, failed jobs, and the outbox backlog."""
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage
from portal.models.outbox import OUTBOX_STATUSES
from portal.queue import redis_connection

KNOWN_QUEUES = ("default", "mail", "pdf")  # the worker's queues (jobs/worker.py)
ERROR_PREVIEW = 2000


@dataclass(frozen=True)
class FailedJob:
    """One failed RQ job, as the monitor shows it."""

    id: str
    queue: str
    description: str
    error: str
    ended_at: Optional[datetime]


def _queues(connection):
    from rq import Queue

    names = set(KNOWN_QUEUES) | {q.name for q in Queue.all(connection=connection)}
    return [Queue(name, connection=connection) for name in sorted(names)]


def queue_lengths() -> Optional[dict[str, int]]:
    """{queue name: jobs waiting}, or None when jobs run inline (no REDIS_URL)."""
    connection = redis_connection()
    if connection is None:
        return None
    return {queue.name: queue.count for queue in _queues(connection)}


def failed_jobs(limit: int = 100) -> list[FailedJob]:
    """Failed jobs of every queue, newest first, with the end of their traceback."""
    connection = redis_connection()
    if connection is None:
        return []
    from rq.job import Job

    found = []
    for queue in _queues(connection):
        ids = queue.failed_job_registry.get_job_ids()[:limit]
        for job in Job.fetch_many(ids, connection=connection):
            if job is None:
                continue
            error = (job.latest_result().exc_string if job.latest_result() else "") or ""
            found.append(FailedJob(job.id, queue.name, job.description or job.func_name,
                                   error[-ERROR_PREVIEW:],
                                   job.ended_at))
    return sorted(found, key=lambda job: job.ended_at.timestamp() if job.ended_at else 0,
                  reverse=True)[:limit]


def _failed_registry_of(job_id: str):
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    connection = redis_connection()
    if connection is None or not job_id:
        return None, None
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return None, None
    from rq import Queue

    return job, Queue(job.origin, connection=connection).failed_job_registry


def retry_job(job_id: str) -> bool:
    """Put a failed job back on its queue; False when it no longer exists."""
    job, registry = _failed_registry_of(job_id)
    if job is None or job_id not in registry.get_job_ids():
        return False
    registry.requeue(job_id)
    return True


def delete_job(job_id: str) -> bool:
    """Remove a failed job for good; False when it no longer exists."""
    job, registry = _failed_registry_of(job_id)
    if job is None:
        return False
    registry.remove(job, delete_job=True)
    return True


def outbox_backlog() -> dict[str, int]:
    """How many outbox messages are in each status (every status listed, zeros included)."""
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return {status: counts.get(status, 0) for status in OUTBOX_STATUSES}
