"""`flask sla …`: the daily overdue digest and re-computing the stored clocks."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal.extensions import db
from portal.models import Application
from portal.queue import enqueue
from portal.workflow.sla import record_clocks

sla_cli = AppGroup("sla", help="Service levels: overdue digests and working-day clocks.")
BATCH = 1000


@sla_cli.command("digest")
def digest_command() -> None:
    """Email each head the overdue items of their unit (run daily, e.g. from cron)."""
    result = enqueue("jobs.sla.send_overdue_digests", queue="mail")
    if isinstance(result, int):
        click.echo(f"Ringkasan terlambat ditulis: {result}")
    else:
        click.echo(f"Ringkasan terlambat dijadwalkan: job {result.id}")


@sla_cli.command("rebuild-clocks")
def rebuild_clocks_command() -> None:
    """Recompute the working days of every finished application (after holiday changes)."""
    ids = db.session.execute(select(Application.id).where(
        Application.finished_at.is_not(None)).order_by(Application.id)).scalars().all()
    for start in range(0, len(ids), BATCH):
        batch = db.session.execute(select(Application).where(
            Application.id.in_(ids[start:start + BATCH]))).scalars().all()
        record_clocks(batch)
        db.session.commit()
    click.echo(f"Jam kerja dihitung ulang: {len(ids)} permohonan")


def register(app) -> None:
    """Attach the `sla` command group."""
    app.cli.add_command(sla_cli)
