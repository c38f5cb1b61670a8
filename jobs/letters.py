"""Letter PDFs: rendered by wkhtmltopdf on the `pdf` queue, stored once with their SHA-256."""
from typing import Optional

from sqlalchemy import select

from portal.extensions import db
from portal.letters.html import LetterTemplateError, letter_html
from portal.letters.issuing import RenderError, record_render_failure, render_is_due
from portal.models import Letter, utcnow
from portal.letters.pdf import finish_wkhtmltopdf, start_wkhtmltopdf, stop_wkhtmltopdf
from portal.messaging.citizen_notices import notify_letter_ready
from portal.files.storage import get_storage


def _store(letter_id: int, pdf: bytes) -> None:
    """Save the PDF unless another run already did: a stored letter file never changes."""
    key, digest = get_storage().save(pdf, "pdf")
    letter = db.session.execute(select(Letter).filter_by(id=letter_id).with_for_update()
                                .execution_options(populate_existing=True)).scalar_one()
    if letter.storage_key:
        db.session.commit()
        get_storage().delete(key)
        return
    letter.storage_key, letter.sha256 = key, digest
    letter.render_status, letter.render_error, letter.rendered_at = "ready", "", utcnow()
    letter.render_attempts += 1
    notify_letter_ready(letter)  # in the same transaction: the letter exists, so say so
    db.session.commit()


def _due_letter(letter_id: int) -> Optional[Letter]:
    letter = db.session.execute(select(Letter).filter_by(id=letter_id)
                                .execution_options(populate_existing=True)).scalar_one_or_none()
    return letter if letter is not None and render_is_due(letter) else None


def render_letter(letter_id: int) -> None:
    """The `pdf` job: render a letter's PDF once; idempotent, retried by RQ on failure.

    A template error is recorded without raising, since retrying cannot fix it (the
    Administrator must); a renderer failure is recorded and raised so RQ retries it.
    """
    letter = _due_letter(letter_id)
    if letter is None:
        return
    process = start_wkhtmltopdf()
    try:
        html = letter_html(letter)
    except LetterTemplateError as error:
        stop_wkhtmltopdf(process)
        record_render_failure(letter_id, str(error))
        return
    try:
        pdf = finish_wkhtmltopdf(process, html)
    except RenderError as error:
        record_render_failure(letter_id, str(error))
        raise
    _store(letter_id, pdf)
