"""Letter PDFs on the `pdf` queue: render -> sign -> SHA-256 -> store (once) -> notify.

`render_letter` makes a letter that is signed by hand (retried by RQ when wkhtmltopdf
fails); `sign_letter` makes an electronically signed one after the signer typed the
passphrase (never retried: a signing service may have signed although it did not answer).
"""
from typing import Optional

from sqlalchemy import select

from portal.extensions import db
from portal.files.storage import get_storage
from portal.letters import passphrases
from portal.letters.html import LetterTemplateError, letter_html
from portal.letters.issuing import (RenderError, record_render_failure, render_is_due,
                                    signer_columns)
from portal.letters.pdf import finish_wkhtmltopdf, html_to_pdf, start_wkhtmltopdf, stop_wkhtmltopdf
from portal.letters.signers import SigningError, provider, signer
from portal.letters.signing import record_failure, sign_request, signer_for
from portal.messaging.citizen_notices import notify_letter_ready
from portal.models import Letter, Officer, utcnow


def _store(letter_id: int, pdf: bytes, signature: Optional[dict] = None) -> None:
    """Save the final PDF unless another run already did: a stored letter file never changes."""
    key, digest = get_storage().save(pdf, "pdf")
    letter = db.session.execute(select(Letter).filter_by(id=letter_id).with_for_update()
                                .execution_options(populate_existing=True)).scalar_one()
    if letter.storage_key:
        db.session.commit()
        get_storage().delete(key)
        return
    for name, value in (signature or {}).items():
        setattr(letter, name, value)
    letter.storage_key, letter.sha256 = key, digest
    letter.render_status, letter.render_error, letter.rendered_at = "ready", "", utcnow()
    letter.render_attempts += 1
    notify_letter_ready(letter)
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
    try:  # a renderer that cannot even start is a failure the officer must see too
        process = start_wkhtmltopdf()
        try:
            html = letter_html(letter)
        except LetterTemplateError as error:
            stop_wkhtmltopdf(process)
            record_render_failure(letter_id, str(error))
            return
        pdf = finish_wkhtmltopdf(process, html)
    except RenderError as error:
        record_render_failure(letter_id, str(error))
        raise
    _store(letter_id, pdf)


def _signing_letter(letter_id: int) -> Optional[Letter]:
    letter = db.session.execute(select(Letter).filter_by(id=letter_id)
                                .execution_options(populate_existing=True)).scalar_one_or_none()
    return letter if letter is not None and letter.render_status == "signing" else None


def _signed_pdf(letter: Letter, officer: Officer, passphrase: str) -> tuple[bytes, dict]:
    """Render the letter for its signer and have it signed; raises SigningError."""
    signatory = signer_for(officer, letter)
    if signatory is None:
        raise SigningError("not_signatory")
    try:
        pdf = html_to_pdf(letter_html(letter, signatory))
    except (LetterTemplateError, RenderError) as error:
        raise SigningError("render", str(error)[:300]) from None
    result = signer()(pdf, sign_request(letter, signatory, officer, passphrase))
    return result.pdf, {**signer_columns(signatory), "signed_by_id": officer.id,
                        "signed_at": utcnow(),
                        "signature_provider": provider(), "signature_reference": result.reference,
                        "sign_error": "", "sign_error_code": ""}


def sign_letter(letter_id: int, officer_id: int, entry_id: str) -> None:
    """The `pdf` job after "Tandatangani": render, sign, hash, store and notify, once.

    The passphrase entry is opened (and so deleted) first: a second run of the same job
    finds nothing to sign with. Any refusal puts the letter back in the signer's queue.
    """
    passphrase = passphrases.open_once(entry_id)
    letter = _signing_letter(letter_id)
    if letter is None:
        return
    officer = db.session.get(Officer, officer_id)
    try:
        if passphrase is None:
            raise SigningError("expired")
        pdf, signature = _signed_pdf(letter, officer, passphrase)
    except SigningError as error:
        record_failure(letter_id, error)
        return
    finally:
        passphrase = None
    _store(letter_id, pdf, signature)
