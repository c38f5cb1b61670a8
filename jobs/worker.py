"""`python -m jobs.worker`: build the app once, then process RQ jobs, each in a fresh app context."""
import sys

from rq import Queue, SimpleWorker

from portal import create_app
from portal.queue import redis_connection

QUEUES = ("default", "mail", "pdf")


class AppWorker(SimpleWorker):
    """Runs jobs in this process (no fork per job: warm imports, pooled database connections).

    Every job gets its own application context, so its database session starts empty and is
    removed afterwards, as it would be in a forked work horse. Job timeouts still apply.
    """

    def __init__(self, *args, app, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app

    def execute_job(self, job, queue):
        """Run one job inside a new application context."""
        with self.app.app_context():
            return super().execute_job(job, queue)


def main(argv=None) -> int:
    """Run a worker on the given queues (default: all) with the scheduler for retries."""
    names = (argv if argv is not None else sys.argv[1:]) or list(QUEUES)
    app = create_app()
    with app.app_context():
        connection = redis_connection()
    if connection is None:
        print("REDIS_URL is not set: jobs run inline, no worker needed.")
        return 0
    queues = [Queue(name, connection=connection) for name in names]
    AppWorker(queues, connection=connection, app=app).work(with_scheduler=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
