"""`python -m jobs.scheduler`: enqueue the periodic jobs on RQ, as a table (times in UTC)."""
from rq.cron import CronScheduler
from werkzeug.utils import import_string

from portal import create_app
from portal.queue import redis_connection, wait_for_redis

# (job, queue, every N seconds or a cron line in UTC). 00:00 UTC is 07:00 WIB.
PERIODIC_JOBS = (
    ("jobs.sweeps.recover_abandoned_work", "default", {"interval": 15}),
    ("jobs.sweeps.sweep_outbox", "mail", {"interval": 120}),
    ("jobs.sweeps.sweep_undelivered_whatsapp", "mail", {"interval": 300}),
    ("jobs.sweeps.sweep_unconfirmed", "default", {"interval": 3600}),
    ("jobs.sweeps.sweep_drafts", "default", {"cron": "30 19 * * *"}),
    ("jobs.sweeps.sweep_uploads", "default", {"interval": 600}),
    ("jobs.sla.send_overdue_digests", "mail", {"cron": "0 0 * * 1-5"}),
    ("portal.messaging.officer_notices.queue_digests", "mail", {"cron": "0 0 * * *"}),
    ("jobs.retention.delete_expired_identity_images", "default", {"cron": "0 20 * * *"}),
)


def build_scheduler(connection) -> CronScheduler:
    """A CronScheduler with every periodic job registered."""
    scheduler = CronScheduler(connection=connection, name="layanan-periodic")
    for job_path, queue, timing in PERIODIC_JOBS:
        scheduler.register(import_string(job_path), queue_name=queue, **timing)
    return scheduler


def main() -> int:
    """Run the scheduler until stopped (needs REDIS_URL; without it, use cron + the CLI)."""
    app = create_app()
    with app.app_context():
        connection = redis_connection()
        if connection is None:
            print("REDIS_URL is not set: run `flask outbox sweep`, `flask outbox fallback`, "
                  "`flask sweep unconfirmed`, `flask sla digest`, `flask officer-digest` and "
                  "`flask accounts purge-identity-images` from cron instead.")
            return 1
        wait_for_redis(connection, "Scheduler")
        build_scheduler(connection).start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
