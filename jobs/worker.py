"""`python -m jobs.worker`: build the app once, then process RQ jobs inside its context."""
import sys

from rq import Queue, Worker

from portal import create_app
from portal.queue import redis_connection

QUEUES = ("default", "mail", "pdf")


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
        Worker(queues, connection=connection).work(with_scheduler=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
