"""`flask audit purge --before DATE`: the one path that removes old rows of the audit log."""
from datetime import date, datetime, time

import click
from flask.cli import AppGroup
from sqlalchemy import delete

from portal.extensions import db
from portal.models import AuditEntry, utcnow
from portal.models.append_only import guard_lifted
from portal.officers.audit import record

audit_cli = AppGroup("audit", help="Audit log retention.")


def purge_before(day: date, operator: str) -> int:
    """Delete the audit rows written before `day` (UTC) in one transaction that lifts the
    append-only guard for itself only, and log the purge itself; returns the rows removed."""
    if day > utcnow().date():
        raise ValueError("the cut-off date is in the future")
    with guard_lifted(db.session.connection(), "audit purge"):
        removed = db.session.execute(delete(AuditEntry).where(
            AuditEntry.created_at < datetime.combine(day, time.min))).rowcount
    record("audit_purged", "audit_log", detail={"before": day.isoformat(), "rows": removed},
           actor=operator)
    db.session.commit()
    return removed


@audit_cli.command("purge")
@click.option("--before", "before", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Remove rows written before this day (YYYY-MM-DD, UTC).")
def purge_command(before: datetime) -> None:
    """Remove audit-log rows older than the retention period (run by the operator)."""
    try:
        removed = purge_before(before.date(), operator="flask audit purge")
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--before") from error
    click.echo(f"Baris log audit dihapus: {removed} (sebelum {before.date().isoformat()})")


def register(app) -> None:
    """Attach the `audit` command group."""
    app.cli.add_command(audit_cli)
