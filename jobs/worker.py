"""`python -m jobs.worker`: build the app once, then process RQ jobs, each in a fresh app context."""
import logging
import sys
import threading

from redis import Redis
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
    the watchdog when the worker starts and whenever Redis answers again after failing."""

    def __init__(self, app, connection, worker_name: str):
        super().__init__(name="layanan-heartbeat", daemon=True)
        self.app, self.connection, self.worker_name = app, connection, worker_name
        self.seconds = app.config["WORKER_HEARTBEAT_SECONDS"]
        self.stopped = threading.Event()

    def run(self) -> None:
        """Beat every third of the heartbeat's lifetime until stopped."""
        redis_was_away = True  # the first beat counts as Redis coming back: recover at start
        while True:
            try:
                beat(self.connection, self.worker_name, self.seconds)
            except RedisError:
                redis_was_away = True
            else:
                if redis_was_away:
                    redis_was_away = not self.recover()
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


def rq_connection(app) -> Redis:
    """RQ's own client: without the short socket timeout of the app's (made for web requests),
    on which RQ's blocking wait for the next job would give up ("Redis connection timeout,
    quitting") as soon as the worker had been idle for a few seconds."""
    client = app.extensions.get("layanan.rq_redis")
    if client is None:
        client = Redis.from_url(app.config["REDIS_URL"],
                                socket_connect_timeout=app.config["REDIS_CONNECT_TIMEOUT"])
        app.extensions["layanan.rq_redis"] = client
    return client


def main(argv=None) -> int:
    """Run a worker on the given queues (default: all) with the scheduler for retries."""
    names = (argv if argv is not None else sys.argv[1:]) or list(QUEUES)
    app = create_app()
    with app.app_context():
        connection = redis_connection()
    if connection is None:
        print("REDIS_URL is not set: jobs run inline, no worker needed.")
        return 0
    wait_for_redis(connection, "Worker")
    worker = AppWorker([Queue(name, connection=rq_connection(app)) for name in names],
                       connection=rq_connection(app), app=app)
    heartbeat = Heartbeat(app, connection, worker.name)
    heartbeat.start()
    try:
        worker.work(with_scheduler=True)
    finally:
        heartbeat.stopped.set()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
