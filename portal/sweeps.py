"""Periodic clean-ups: unconfirmed applications, the outbox, abandoned and raw uploads; CLI.

Run them from cron (`flask sweep unconfirmed`, `flask sweep uploads`, `flask outbox sweep`,
`flask outbox fallback`) or as RQ jobs (`jobs.sweeps`).
"""
from datetime import timedelta

import click
from flask.cli import AppGroup

from portal.messaging import callbacks, outbox
from portal.messaging.fallback import fall_back_undelivered
from portal.workflow import transitions
from portal.messaging.email_links import CONFIRMATION_VALID_FOR
from portal.extensions import db
from portal.models import Application, Document, utcnow
from portal.files import processing
from portal.files.storage import get_storage
from portal.queue import enqueue_each
from portal.workflow.engine import WorkflowError

UNCONFIRMED_REMARK = "Dibatalkan otomatis: tidak dikonfirmasi dalam 48 jam."
ABANDONED_DRAFT_AGE = timedelta(days=2)
RAW_UPLOAD_AGE = timedelta(minutes=5)  # an image's re-encoding job should have run by then


def cancel_unconfirmed() -> int:
    """Cancel applications still Terdaftar after the confirmation deadline; return how many."""
    deadline = utcnow() - CONFIRMATION_VALID_FOR
    ids = list(db.session.execute(
        db.select(Application.id).where(Application.status == "terdaftar",
                                        Application.created_at < deadline)
        .order_by(Application.id)).scalars())
    db.session.commit()
    cancelled = 0
    for application_id in ids:
        try:
            transitions.perform(application_id, "cancel", transitions.SYSTEM,
                                remark=UNCONFIRMED_REMARK)
            cancelled += 1
        except WorkflowError:
            continue  # confirmed meanwhile
    return cancelled


def purge_abandoned_drafts() -> int:
    """Delete uploads of forms never submitted (older than two days); return how many."""
    old = db.session.execute(db.select(Document).where(
        Document.application_id.is_(None), Document.draft_token.is_not(None),
        Document.uploaded_at < utcnow() - ABANDONED_DRAFT_AGE)).scalars().all()
    for document in old:
        get_storage().delete(document.storage_key)
        db.session.delete(document)
    db.session.commit()
    return len(old)


def process_raw_uploads() -> int:
    """Enqueue the re-encoding of images still stored as received (Redis was down); how many."""
    return enqueue_each("jobs.documents.process_document", processing.waiting(RAW_UPLOAD_AGE),
                        queue="default", what="raw upload sweep")


outbox_cli = AppGroup("outbox", help="Notification outbox.")
sweep_cli = AppGroup("sweep", help="Periodic clean-ups.")


@outbox_cli.command("sweep")
@click.option("--min-age", default=60, show_default=True,
              help="Only rows older than this many seconds.")
def outbox_sweep_command(min_age: int) -> None:
    """Enqueue every message still pending, and every provider callback not yet applied."""
    found, queued = outbox.sweep(min_age=timedelta(seconds=min_age))
    click.echo(f"Outbox: {found} pending, {queued} enqueued.")
    found, queued = callbacks.sweep(min_age=timedelta(seconds=min_age))
    click.echo(f"Callbacks: {found} waiting, {queued} enqueued.")


@outbox_cli.command("fallback")
def outbox_fallback_command() -> None:
    """Email every WhatsApp notice not delivered within WHATSAPP_DELIVERY_DEADLINE_MINUTES."""
    click.echo(f"Fallback emails queued: {fall_back_undelivered()}.")


@sweep_cli.command("unconfirmed")
def sweep_unconfirmed_command() -> None:
    """Cancel applications not confirmed within 48 hours."""
    click.echo(f"Cancelled {cancel_unconfirmed()} unconfirmed application(s).")


@sweep_cli.command("drafts")
def sweep_drafts_command() -> None:
    """Delete uploads of application forms never submitted."""
    click.echo(f"Deleted {purge_abandoned_drafts()} abandoned upload(s).")


@sweep_cli.command("uploads")
def sweep_uploads_command() -> None:
    """Re-encode uploaded images whose job did not run."""
    click.echo(f"Queued {process_raw_uploads()} upload(s) for re-encoding.")


def register(app) -> None:
    """Attach `flask outbox sweep|fallback` and `flask sweep unconfirmed|drafts|uploads`."""
    app.cli.add_command(outbox_cli)
    app.cli.add_command(sweep_cli)
