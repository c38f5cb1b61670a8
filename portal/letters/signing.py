"""Signing letters: the signer's queue, the request with the passphrase, and its outcome.

A letter to be signed waits as "unsigned" in the queue of whoever may sign it today (the
head, the Sekretaris "a.n." or a Kasi "u.b.", or their Plh./Plt.). The signer types the
passphrase; the request seals it (`passphrases`) and queues `jobs.letters.sign_letter`,
which renders, signs, hashes, stores and notifies. A failed signature puts the letter back
in the queue with the reason; nothing retries a signature by itself.
"""
from datetime import timedelta
from typing import Optional

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import and_, select

from portal.extensions import db
from portal.letters import passphrases
from portal.letters.html import verification_url
from portal.letters.signatories import SIGNING_RULES, Signer, signatory
from portal.letters.signers import PLACE_MARKER, SignRequest, SigningError
from portal.models import Letter, Officer, Service, utcnow
from portal.queue import enqueue
from portal.workflow.substitutes import positions_of

SIGN_JOB = "jobs.letters.sign_letter"
AWAITING = ("unsigned", "signing")
# A job that has said nothing for this long died with its worker: the signer may sign again.
STALE_SIGNING = timedelta(minutes=15)
REFUSALS = {
    "passphrase_required": "Passphrase wajib diisi untuk menandatangani.",
    "not_awaiting": "Surat ini tidak sedang menunggu tanda tangan.",
    "in_progress": "Surat ini sedang ditandatangani. Tunggu beberapa saat.",
    "confirm_uncertain": "Centang pernyataan bahwa Anda sudah memeriksa surat ini belum "
                         "ditandatangani, lalu tandatangani ulang.",
}


class SigningRefused(Exception):
    """The signing request cannot be taken; the message is user-facing (Indonesian)."""

    def __init__(self, code: str):
        super().__init__(REFUSALS[code] if code in REFUSALS else SigningError(code).text)
        self.code = code


def awaiting_for(officer: Officer):
    """SQL condition: letters of the officer's unit waiting for a signature they may give."""
    positions = set(positions_of(officer)) if not officer.is_administrator else set()
    modes = [mode for mode, rule in SIGNING_RULES.items() if rule.position in positions]
    service_ids = select(Service.id).where(Service.signer_mode.in_(modes))
    return and_(Letter.unit_id == officer.unit_id, Letter.render_status.in_(AWAITING),
                Letter.service_id.in_(service_ids))


def signer_for(officer: Officer, letter: Letter) -> Optional[Signer]:
    """The Signer `officer` is for this letter today, or None."""
    return signatory(officer, letter.unit, letter.service)


def signing_is_stale(letter: Letter) -> bool:
    """True when a signing job has been silent too long: it died, the signer may sign again."""
    started = letter.signing_started_at
    return started is None or utcnow() - started > STALE_SIGNING


def _check(letter: Letter, officer: Officer, passphrase: str, confirmed: bool) -> None:
    if not passphrase:
        raise SigningRefused("passphrase_required")
    if letter.render_status not in AWAITING or letter.is_revoked:
        raise SigningRefused("not_awaiting")
    if letter.render_status == "signing" and not signing_is_stale(letter):
        raise SigningRefused("in_progress")
    if signer_for(officer, letter) is None:
        raise SigningRefused("not_signatory")
    uncertain = letter.sign_error_code == "uncertain" or letter.render_status == "signing"
    if uncertain and not confirmed:
        raise SigningRefused("confirm_uncertain")


def _locked(letter_id: int) -> Letter:
    return db.session.execute(select(Letter).filter_by(id=letter_id).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one()


def request_signature(letter_id: int, officer: Officer, passphrase: str,
                      confirmed: bool = False) -> Letter:
    """Take the signer's passphrase and queue the signature; raises SigningRefused."""
    try:
        letter = _locked(letter_id)
        _check(letter, officer, passphrase or "", confirmed)
        letter.render_status, letter.signing_started_at = "signing", utcnow()
        letter.sign_error = letter.sign_error_code = ""
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    entry = passphrases.seal(passphrase)
    try:
        enqueue(SIGN_JOB, letter_id, officer.id, entry, queue="pdf",
                job_timeout=current_app.config["WKHTMLTOPDF_TIMEOUT"]
                + current_app.config["SIGNING_BSRE_TIMEOUT"] + 60)
    except RedisError:
        passphrases.discard(entry)
        record_failure(letter_id, SigningError("queue"))
    return letter


def record_failure(letter_id: int, error: SigningError) -> None:
    """Put the letter back in the signer's queue with the reason it was not signed."""
    db.session.rollback()
    letter = _locked(letter_id)
    if letter.render_status == "signing":
        letter.render_status = "unsigned"
    letter.sign_error, letter.sign_error_code = error.text[:2000], error.code
    db.session.commit()


def sign_request(letter: Letter, signer: Signer, officer: Officer, passphrase: str) -> SignRequest:
    """What the signing service needs to sign this letter for `signer`."""
    remote = current_app.config.get("LETTER_SIGNING") == "bsre"
    return SignRequest(
        passphrase=passphrase, signer_name=signer.name, signer_title=signer.title,
        nik=officer.nik or "", reason=f"Surat {letter.number}",
        location=current_app.config["LETTER_PLACE"],
        verify_url=verification_url(letter.verification_token),
        marker=PLACE_MARKER if remote else "")
