"""`python -m jobs.worker`: build the app once, then process RQ jobs, each in a fresh app context."""
import logging
import sys
import threading

from redis.exceptions import RedisError
from rq import Queue, SimpleWorker

from portal import create_app
from portal.queue import redis_connection, wait_for_redis
from portal.watchdog import beat, recover_abandoned_work

QUEUES = ("default", "mail", "pdf")
log = logging.getLogger(__name__)


class AppWorker(SimpleWorker):
    """Runs jobs in this process (no fork per job: warm imports, pooled database connections).

    Every job gets its own application context, so its database session starts empty and is
    removed afterwards, as it would be in a forked work horse. Job timeouts still apply.
    When Redis comes back after an outage, it asks again within two seconds (RQ's default
    back-off grows to a minute).
    """

    max_connection_wait_time = 2.0

    def __init__(self, *args, app, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app

    def execute_job(self, job, queue):
        """Run one job inside a new application context."""
        with self.app.app_context():
            return super().execute_job(job, queue)


class Heartbeat(threading.Thread):
    """Keeps the worker's heartbeat key alive while the process lives (even mid-job), and runs
    the watchdog when the worker starts and whenever Redis is back: after failing, or with a
    new run id (it restarted between two beats, its queues gone)."""

    def __init__(self, app, connection, worker_name: str):
        super().__init__(name="layanan-heartbeat", daemon=True)
        self.app, self.connection, self.worker_name = app, connection, worker_name
        self.seconds = app.config["WORKER_HEARTBEAT_SECONDS"]
        self.stopped = threading.Event()

    def run(self) -> None:
        """Beat every third of the heartbeat's lifetime until stopped."""
        redis_was_away = True  # the first beat counts as Redis coming back: recover at start
        last_run_id = None
        while True:
            try:
                beat(self.connection, self.worker_name, self.seconds)
                run_id = self.connection.info("server")["run_id"]
            except RedisError:
                redis_was_away = True
            else:
                if redis_was_away or run_id != last_run_id:
                    redis_was_away = not self.recover()
                last_run_id = run_id
            if self.stopped.wait(self.seconds / 3):
                return

    def recover(self) -> bool:
        """Run the watchdog once; False when it could not finish (it runs again next beat)."""
        try:
            with self.app.app_context():
                log.info("Watchdog: %s", recover_abandoned_work())
            return True
        except Exception:  # noqa: BLE001 - e.g. the database is away too: try again
            log.exception("Watchdog: recovery failed")
            return False


def main(argv=None) -> int:
    """Run a worker on the given queues (default: all) with the scheduler for retries."""
    names = (argv if argv is not None else sys.argv[1:]) or list(QUEUES)
    app = create_app()
    # The worker's client waits on Redis for the next job: RQ gives it a socket timeout
    # longer than its blocking dequeue. Web requests' short one (REDIS_SOCKET_TIMEOUT) on any
    # of the worker's connections would make an idle worker quit ("Redis connection timeout").
    app.config["REDIS_SOCKET_TIMEOUT"] = None
    with app.app_context():
        connection = redis_connection()
    if connection is None:
        print("REDIS_URL is not set: jobs run inline, no worker needed.")
        return 0
    wait_for_redis(connection, "Worker")
    queues = [Queue(name, connection=connection) for name in names]
    worker = AppWorker(queues, connection=connection, app=app)
    heartbeat = Heartbeat(app, connection, worker.name)
    heartbeat.start()
    try:
        worker.work(with_scheduler=True)
    finally:
        heartbeat.stopped.set()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
