"""Sweep jobs for RQ (or cron through the CLI): they load fresh state and are idempotent."""
from datetime import timedelta

from portal.messaging import callbacks, outbox
from portal.messaging.fallback import fall_back_undelivered
from portal.sweeps import cancel_unconfirmed, process_raw_uploads, purge_abandoned_drafts
from portal.watchdog import recover_abandoned_work as recover


def sweep_outbox() -> int:
    """Enqueue outbox messages and provider callbacks still waiting; returns how many."""
    return (outbox.sweep(min_age=timedelta(minutes=1))[1]
            + callbacks.sweep(min_age=timedelta(minutes=1))[1])


def sweep_undelivered_whatsapp() -> int:
    """Email WhatsApp notices not delivered in time (once each); returns how many."""
    return fall_back_undelivered()


def sweep_unconfirmed() -> int:
    """Cancel applications not confirmed within 48 hours; returns how many."""
    return cancel_unconfirmed()


def sweep_drafts() -> int:
    """Delete uploads of forms never submitted; returns how many."""
    return purge_abandoned_drafts()


def sweep_uploads() -> int:
    """Queue the re-encoding of images whose job did not run; returns how many."""
    return process_raw_uploads()


def recover_abandoned_work() -> dict:
    """Queue again the letters and messages whose worker died; returns what was done."""
    return recover()
