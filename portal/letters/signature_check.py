"""What the verification page says about a stored letter's electronic signature.

pyHanko validates every signature in the stored file against the configured trust roots
(SIGNING_TRUST_ROOTS) and nothing else: intact (the bytes are those signed), valid (the
cryptography holds) and trusted (the certificate chains to one of our roots).
"""
import io
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Optional

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from portal.files.storage import get_storage
from portal.letters.signer_local import validation_context
from portal.models import Letter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignatureReport:
    """One signature as checked: who signed, when, and whether it holds."""

    signer_name: str
    subject: str
    signed_at: Optional[datetime]
    intact: bool
    trusted: bool
    whole_file: bool

    @property
    def holds(self) -> bool:
        """Intact, trusted and covering the whole letter."""
        return self.intact and self.trusted and self.whole_file


def _report(signature) -> SignatureReport:
    status = validate_pdf_signature(signature, validation_context())
    return SignatureReport(
        signer_name=str(signature.sig_object.get("/Name", "")),
        subject=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt, intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage.name in ("ENTIRE_FILE", "ENTIRE_REVISION"))


def check_pdf(pdf: bytes) -> list[SignatureReport]:
    """Every embedded signature of `pdf`, validated; [] for an unsigned or unreadable file."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        return [_report(signature) for signature in reader.embedded_signatures]
    except Exception:  # noqa: BLE001 - a damaged file is "not signed", never a crash page
        log.warning("signature check: the file could not be read", exc_info=True)
        return []


@lru_cache(maxsize=256)
def _cached(storage_key: str, sha256: str, roots: tuple) -> tuple[SignatureReport, ...]:
    return tuple(check_pdf(get_storage().read(storage_key)))


def check_letter(letter: Letter, roots: tuple) -> tuple[SignatureReport, ...]:
    """The signatures of a letter's stored file (cached per file and trust roots)."""
    if not letter.storage_key:
        return ()
    return _cached(letter.storage_key, letter.sha256 or "", roots)
