"""The watchdog: workers say they are alive; work a dead worker left behind is taken up again.

Each worker keeps a heartbeat key in Redis (WORKER_HEARTBEAT_SECONDS, refreshed by a thread
while it works, so it stops the moment the process is killed). `recover_abandoned_work` runs
every 15 seconds (jobs/scheduler.py), when a worker starts and when Redis comes back: a job
that was running on a worker without a heartbeat is abandoned; the letters and messages
whose job is neither waiting nor running on a live worker are queued again, by their rows
(their own rules keep a letter's one number and send a message once). What it did last is
kept for the job monitor.
"""
import json
from datetime import datetime, timedelta
from typing import Optional

from flask import current_app

from portal.letters import recovery as letter_recovery
from portal.messaging import outbox
from portal.models import utcnow
from portal.queue import HEARTBEAT_KEY, job_is_alive, redis_connection, worker_is_alive

LAST_RECOVERY_KEY = "layanan:watchdog:last"
# Jobs named after the row they work on: the row's own recovery queues them again.
TAKEN_UP_BY_ROWS = (letter_recovery.JOB_ID_PREFIX, outbox.JOB_ID_PREFIX)
ABANDONED = "AbandonedJobError: pekerja {} berhenti saat menjalankan pekerjaan ini"


def beat(connection, worker_name: str, seconds: int) -> None:
    """Announce that `worker_name` is alive for the next `seconds`."""
    connection.set(HEARTBEAT_KEY + worker_name, "1", ex=seconds)


def live_workers(connection) -> list[str]:
    """The names of the workers whose heartbeat has not expired."""
    return sorted(key.decode()[len(HEARTBEAT_KEY):]
                  for key in connection.scan_iter(match=HEARTBEAT_KEY + "*"))


def _worker_of(connection, entry: str, job) -> str:
    """The worker running one execution (the job's last worker if the execution is gone)."""
    from rq.executions import Execution

    try:
        execution = Execution.from_composite_key(entry, connection)
        execution.refresh()
        return execution.worker_name
    except ValueError:
        return job.worker_name or ""


def _abandon(queue, entry: str) -> bool:
    """Drop one execution of a dead worker; a job no row takes up is shown as failed."""
    from rq.job import JobStatus
    from rq.results import Result

    job = queue.fetch_job(entry.split(":")[0])
    worker = _worker_of(queue.connection, entry, job) if job is not None else ""
    if worker_is_alive(queue.connection, worker):
        return False
    queue.connection.zrem(queue.started_job_registry.key, entry)
    if job is not None and not job.id.startswith(TAKEN_UP_BY_ROWS):
        error = ABANDONED.format(worker)
        job.set_status(JobStatus.FAILED)
        queue.failed_job_registry.add(job, ttl=job.failure_ttl, exc_string=error)
        Result.create_failure(job, job.failure_ttl, error, worker_name=worker)
    return True


def abandon_dead_workers_jobs(connection, queue_names) -> int:
    """Take the jobs of dead workers out of the running lists; returns how many."""
    from rq import Queue

    abandoned = 0
    for name in queue_names:
        queue = Queue(name, connection=connection)
        for entry in connection.zrange(queue.started_job_registry.key, 0, -1):
            abandoned += _abandon(queue, entry.decode())
    return abandoned


def recover_abandoned_work() -> dict:
    """Queue again what dead workers left behind; returns (and keeps) what was done."""
    connection = redis_connection()
    if connection is None:
        return {}
    from portal.job_status import KNOWN_QUEUES

    grace = timedelta(seconds=current_app.config["RECOVERY_GRACE_SECONDS"])

    def alive(job_id: str) -> bool:
        return job_is_alive(connection, job_id)

    done = {"jobs": abandon_dead_workers_jobs(connection, KNOWN_QUEUES),
            "letters": letter_recovery.recover(grace, alive),
            "messages": outbox.recover(grace, alive)}
    connection.set(LAST_RECOVERY_KEY, json.dumps({"at": utcnow().isoformat(), **done}))
    return done


def state() -> Optional[dict]:
    """For the job monitor: the live workers and what the last recovery did (None inline)."""
    connection = redis_connection()
    if connection is None:
        return None
    raw = connection.get(LAST_RECOVERY_KEY)
    last = json.loads(raw) if raw else None
    if last:
        last["at"] = datetime.fromisoformat(last["at"])
    return {"workers": live_workers(connection), "last": last}
