"""Public verification of printed letters (QR link, short code, PDF upload) and citizen copies."""
import hashlib
import io

from flask import (Blueprint, abort, current_app, redirect, render_template, request, send_file,
                   url_for)
from flask_babel import _

from portal.citizens.secret_links import DOWNLOAD, find_by_token
from portal.extensions import db, limiter
from portal.letters.html import indonesian_date
from portal.letters.issuing import (citizen_copy, find_by_short_code, find_by_verification, local_date,
                            masked_name)
from portal.files.storage import get_storage
from portal.letters.signature_check import check_letter
from portal.standards import survey
from public.secret_landing import park, parked

bp = Blueprint("verification", __name__, template_folder="templates")

CHUNK = 64 * 1024
LOOKUP_RATE_LIMIT = "30 per minute"  # per address, on each route that looks a letter up


def _sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def verdict(letter, signatures) -> str:
    """'valid', 'revoked', 'unsigned' (awaiting its signature) or 'broken' (a bad signature)."""
    if letter.is_revoked:
        return "revoked"
    if letter.render_status in ("unsigned", "signing"):
        return "unsigned"
    if letter.is_signed and not any(signature.holds for signature in signatures):
        return "broken"
    return "valid"


def _page(letter, upload_result=None, upload_error=None, status=200):
    roots = tuple(current_app.config.get("SIGNING_TRUST_ROOTS") or ())
    signatures = check_letter(letter, roots) if letter.is_signed else ()
    return render_template(
        "verification/letter.html", letter=letter, signatures=signatures,
        verdict=verdict(letter, signatures),
        citizen=masked_name(letter.application.applicant_name) if letter.application else "",
        issued_on=indonesian_date(local_date(letter.issued_at)),
        upload_result=upload_result, upload_error=upload_error), status


@bp.route("/verifikasi", methods=["GET", "POST"])
@limiter.limit(LOOKUP_RATE_LIMIT, exempt_when=lambda: not request.values.get("kode"))
def lookup():
    """Type the short code printed on a letter to reach its verification page."""
    code = (request.values.get("kode") or "").strip()
    error = None
    if code:
        letter = find_by_short_code(code)
        if letter is not None:
            return redirect(url_for("verification.letter", token=letter.verification_token))
        error = _("Kode verifikasi tidak ditemukan. Periksa kembali kode pada surat.")
    return render_template("verification/lookup.html", code=code, error=error)


@bp.get("/verifikasi/<token>")
def letter(token: str):
    """What the QR code opens: number, service, unit, date, signer, validity, SHA-256."""
    found = find_by_verification(token)
    if found is None:
        return render_template("verification/unknown.html"), 404
    return _page(found)


@bp.post("/verifikasi/<token>")
@limiter.limit(LOOKUP_RATE_LIMIT)
def check_upload(token: str):
    """Compare an uploaded PDF byte for byte (by SHA-256) with the stored original."""
    found = find_by_verification(token)
    if found is None:
        return render_template("verification/unknown.html"), 404
    upload = request.files.get("berkas")
    if upload is None or not upload.filename:
        return _page(found, upload_error=_("Pilih berkas PDF surat yang akan diperiksa."),
                     status=400)
    if not found.sha256:
        return _page(found, upload_error=_("Berkas asli surat ini tidak tersimpan di sistem."),
                     status=400)
    matches = _sha256_of(upload.stream) == found.sha256
    return _page(found, upload_result="match" if matches else "mismatch")


def send_citizen_copy(application):
    """The application's letter PDF as a download, where the citizen may have it; else 404."""
    letter_row = citizen_copy(application) if application is not None else None
    if letter_row is None:
        abort(404)
    data = get_storage().read(letter_row.storage_key)
    survey.invite(application)  # the letter is in the citizen's hands: ask how it went
    db.session.commit()
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=f"surat-{application.reg_no}.pdf")


@bp.get("/surat/unduh/<secret>")
def citizen_download(secret: str):
    """The download link from the email: kept for this browser, shown without the token."""
    return park(DOWNLOAD, secret, "verification.citizen_download_page")


@bp.route("/surat/unduh", methods=["GET", "POST"])
def citizen_download_page():
    """The citizen's copy through the secret link, where the service allows: GET shows the
    letter's button, its POST downloads the PDF."""
    application = find_by_token(parked(DOWNLOAD), DOWNLOAD)
    if request.method == "POST":
        return send_citizen_copy(application)
    if application is None or citizen_copy(application) is None:
        abort(404)
    return render_template("verification/download.html", application=application)
