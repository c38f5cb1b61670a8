"""Local PAdES signatures with pyHanko and the office's PKCS#12 certificate.

PAdES-B-B by default; with SIGNING_TSA_URL a timestamp and the validation data are added
(PAdES-B-LT). The visible signature goes where the letter marks the signature place: the
link to the verification page that base.html draws there (wkhtmltopdf turns it into a link
annotation with its rectangle). It shows the signer's name and position and a QR code of
the same verification link. Trust roots are passed explicitly (SIGNING_TRUST_ROOTS).
"""
import io
from pathlib import Path
from typing import Optional

from flask import current_app
from pyhanko import keys
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.stamp import QRStampStyle
from pyhanko_certvalidator import ValidationContext

from portal.letters.signers import SignRequest, SignResult, SigningError

FIELD_NAME = "TTE"
SIGNATURE_PLACE = "#tanda-tangan"  # the fragment of the link base.html puts at the place
STAMP_TEXT = ("Ditandatangani secara elektronik oleh\n%(signer)s\n%(title)s\n"
              "Waktu: %(ts)s")


def trust_roots() -> list:
    """The configured trust roots (certificates in PEM or DER files)."""
    paths = [Path(p) for p in current_app.config.get("SIGNING_TRUST_ROOTS") or []]
    return list(keys.load_certs_from_pemder([str(p) for p in paths if p.is_file()]))


def validation_context(fetch: bool = False) -> ValidationContext:
    """Validation against our trust roots only (no system store), revocation soft-failing."""
    return ValidationContext(trust_roots=trust_roots(), allow_fetching=fetch)


def _load_signer(passphrase: str) -> signers.SimpleSigner:
    path = Path(current_app.config.get("SIGNING_PKCS12_PATH") or "")
    if not path.is_file():
        raise SigningError("no_keystore")
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            path.read_bytes(), other_certs=trust_roots(), passphrase=passphrase.encode("utf-8"))
    except ValueError:
        raise SigningError("wrong_passphrase") from None


def _pages(node) -> list:
    """The leaf pages of a page tree, in order."""
    node = node.get_object()
    if node.get("/Type") == "/Pages":
        return [page for kid in node["/Kids"] for page in _pages(kid)]
    return [node]


def signature_place(pdf: bytes) -> Optional[tuple[int, tuple]]:
    """(page index, rectangle) of the letter's signature place, if it marks one."""
    reader = PdfFileReader(io.BytesIO(pdf))
    for index, page in enumerate(_pages(reader.root["/Pages"])):
        annotations = page.get("/Annots")
        for annotation in (annotations.get_object() if annotations is not None else []):
            annotation = annotation.get_object()
            uri = str((annotation.get("/A") or {}).get("/URI", ""))
            if annotation.get("/Subtype") == "/Link" and uri.endswith(SIGNATURE_PLACE):
                return index, tuple(int(float(v)) for v in annotation["/Rect"])
    return None


def _field_spec(pdf: bytes) -> fields.SigFieldSpec:
    place = signature_place(pdf)
    if place is None:  # an Administrator's template without the place: invisible signature
        return fields.SigFieldSpec(FIELD_NAME)
    page, box = place
    return fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box)


def _metadata(request: SignRequest, with_timestamp: bool) -> signers.PdfSignatureMetadata:
    return signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, name=request.signer_name, reason=request.reason,
        location=request.location, subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=with_timestamp,
        validation_context=validation_context(fetch=True) if with_timestamp else None)


def sign(pdf: bytes, request: SignRequest) -> SignResult:
    """Sign `pdf` with the office's certificate, as `request` says; raises SigningError."""
    signer = _load_signer(request.passphrase)
    tsa_url = current_app.config.get("SIGNING_TSA_URL")
    pdf_signer = signers.PdfSigner(
        _metadata(request, bool(tsa_url)), signer,
        timestamper=timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None,
        stamp_style=QRStampStyle(stamp_text=STAMP_TEXT, border_width=0),
        new_field_spec=_field_spec(pdf))
    output = io.BytesIO()
    pdf_signer.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output,
        appearance_text_params={"url": request.verify_url, "signer": request.signer_name,
                                "title": request.signer_title})
    subject = signer.signing_cert.subject.human_friendly
    return SignResult(pdf=output.getvalue(), reference=subject[:120])
