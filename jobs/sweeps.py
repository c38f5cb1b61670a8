"""Sweep jobs for RQ (or cron through the CLI): they load fresh state and are idempotent."""
from datetime import timedelta

from portal.messaging import outbox
from portal.sweeps import cancel_unconfirmed, purge_abandoned_drafts


def sweep_outbox() -> int:
    """Enqueue outbox messages still pending; returns how many were enqueued."""
    return outbox.sweep(min_age=timedelta(minutes=1))[1]


def sweep_unconfirmed() -> int:
    """Cancel applications not confirmed within 48 hours; returns how many."""
    return cancel_unconfirmed()


def sweep_drafts() -> int:
    """Delete uploads of forms never submitted; returns how many."""
    return purge_abandoned_drafts()
