"""The hand-over form's "collected by someone else" part: their NIK and the power of attorney."""
import re

from flask_babel import gettext as _

from portal.files.uploads import UploadRefused, clean_upload, store

NIK = re.compile(r"\d{16}")
# The power of attorney ("surat kuasa") as a document of the application.
PROXY_REQUIREMENT = {"key": "kuasa", "label": "Surat kuasa pengambilan surat",
                     "accepted_types": ["pdf", "jpg", "png"], "max_size_kb": 5120}


class HandOverRefused(Exception):
    """The hand-over form has field errors; nothing was recorded."""


def hand_over_proxy(form, files) -> tuple[dict, str, object]:
    """(field errors, the proxy's NIK, their stored power of attorney) from the form.

    When the applicant collects the letter themself, all three are empty.
    """
    if form.get("pengambil") != "kuasa":
        return {}, "", None
    errors = {}
    nik = "".join(form.get("nik_penerima", "").split())
    if not NIK.fullmatch(nik):
        errors["nik_penerima"] = _("NIK penerima harus 16 digit angka.")
    upload = files.get("kuasa")
    if upload is None or not upload.filename:
        errors["kuasa"] = _("Unggah surat kuasa dari pemohon.")
        return errors, nik, None
    try:
        clean = clean_upload(upload, PROXY_REQUIREMENT["accepted_types"],
                             PROXY_REQUIREMENT["max_size_kb"] * 1024)
    except UploadRefused as refusal:
        errors["kuasa"] = str(refusal)
        return errors, nik, None
    if errors:
        return errors, nik, None
    return errors, nik, store(clean, PROXY_REQUIREMENT)
