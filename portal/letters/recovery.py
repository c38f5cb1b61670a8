"""Letters a dead worker left "Sedang diproses": rendered again by the watchdog, or shown stuck.

The letter's number was fixed when it was printed, and the rendering job stores one file
only, so queueing it again can neither renumber nor duplicate the letter. Each recovery
counts as an attempt; after as many as RQ would retry a failing render, the letter is
marked failed with the reason, for the officer's "Proses ulang".
"""
from datetime import timedelta
from typing import Callable

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.letters.issuing import (RENDER_JOB_ID_PREFIX, record_render_failure, render_job_id,
                                    schedule_render)
from portal.models import Letter, utcnow

JOB_ID_PREFIX = RENDER_JOB_ID_PREFIX
RETRIED_NOTE = ("Pekerja berhenti sebelum surat selesai; surat diproses ulang otomatis "
                "(percobaan ke-{}).")
GAVE_UP_NOTE = ("Pekerja berhenti {} kali saat memproses surat ini. Periksa log pekerja, "
                "lalu tekan Proses ulang.")


def _pending_ids(older_than: timedelta) -> list[int]:
    query = (select(Letter.id)
             .where(Letter.render_status == "pending", Letter.application_id.is_not(None),
                    Letter.issued_at <= utcnow() - older_than)
             .order_by(Letter.id))
    ids = list(db.session.execute(query).scalars())
    db.session.commit()
    return ids


def _take_up(letter_id: int) -> bool:
    """Count the lost attempt and queue the letter again (or give up); False if it moved on."""
    letter = db.session.execute(select(Letter).filter_by(id=letter_id).with_for_update()
                                .execution_options(populate_existing=True)).scalar_one()
    if letter.render_status != "pending":
        db.session.commit()
        return False
    attempts = letter.render_attempts + 1
    if attempts > len(current_app.config["LETTER_RENDER_RETRY_INTERVALS"]) + 1:
        record_render_failure(letter_id, GAVE_UP_NOTE.format(attempts - 1), attempted=False)
        return True
    letter.render_attempts, letter.render_error = attempts, RETRIED_NOTE.format(attempts)
    db.session.commit()
    schedule_render(letter_id)
    return True


def recover(grace: timedelta, job_is_alive: Callable[[str], bool]) -> int:
    """Queue again every pending letter older than `grace` whose job is not alive."""
    return sum(_take_up(letter_id) for letter_id in _pending_ids(grace)
               if not job_is_alive(render_job_id(letter_id)))


def is_stuck(letter: Letter) -> bool:
    """True for a letter still "Sedang diproses" after LETTER_STUCK_SECONDS: it may be
    rendered again by hand ("Proses ulang")."""
    bound = timedelta(seconds=current_app.config["LETTER_STUCK_SECONDS"])
    return (letter.render_status == "pending" and not letter.is_manual
            and letter.issued_at <= utcnow() - bound)
