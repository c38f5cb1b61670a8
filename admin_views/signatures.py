"""The signer's queue, "Menunggu tanda tangan": read the letter, type the passphrase, sign."""
from typing import Optional

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import LazyString, gettext, lazy_gettext
from flask_login import current_user
from sqlalchemy import func, select

from admin_views.access import CountedInMenu, OfficerScreen
from portal.extensions import db
from portal.letters.html import LetterTemplateError, letter_html
from portal.letters.issuing import letter_of
from portal.letters.signer_bsre import certificate_state
from portal.letters.signers import provider, signing_enabled
from portal.letters.signing import (SigningRefused, awaiting_for, request_signature, signer_for,
                                   signing_is_stale)
from portal.models import Letter
from portal.officers import audit
from portal.officers.scope import my_positions
from portal.security import csp_nonce

SIGNING_POSITIONS = frozenset({"kepala", "sekretaris", "kasi"})
# What BSrE says of the signer's certificate, shown above the passphrase field.
CERTIFICATE_NOTES = {
    "active": lazy_gettext("Sertifikat elektronik Anda aktif di BSrE."),
    "not_registered": lazy_gettext("NIK Anda belum terdaftar di BSrE. Hubungi pengelola tanda "
                                   "tangan elektronik kota sebelum menandatangani."),
    "expired": lazy_gettext("Sertifikat elektronik Anda di BSrE sudah kedaluwarsa. Perpanjang "
                            "sertifikat sebelum menandatangani."),
    "revoked": lazy_gettext("Sertifikat elektronik Anda di BSrE telah dicabut."),
    "suspended": lazy_gettext("Sertifikat elektronik Anda di BSrE sedang ditangguhkan."),
    "pending": lazy_gettext("Pendaftaran sertifikat elektronik Anda di BSrE belum selesai."),
    "unknown": lazy_gettext("Status sertifikat Anda di BSrE tidak dapat diperiksa saat ini; "
                            "Anda tetap dapat mencoba menandatangani."),
}
PAGE_SIZE = 50


def letter_to_sign_url(application_id: int, officer) -> Optional[str]:
    """After the last approval: the new letter's signing page, when `officer` signs it."""
    letter = letter_of(application_id) if signing_enabled() else None
    if letter is None or letter.render_status != "unsigned" or signer_for(officer, letter) is None:
        return None
    return url_for("signatures.sign", letter_id=letter.id)


class SignatureView(OfficerScreen, CountedInMenu, BaseView):
    """Letters of my unit waiting for a signature I may give today (mine or as Plh./Plt.)."""

    menu_label = lazy_gettext("Menunggu tanda tangan")

    def __init__(self, **kwargs):
        super().__init__(name=LazyString(self.menu_name), **kwargs)

    def is_accessible(self) -> bool:
        """Officers of a unit who hold (or stand in for) a post that signs, when signing is on."""
        user = current_user
        return bool(user.is_authenticated and not user.is_administrator and user.unit_id
                    and signing_enabled() and SIGNING_POSITIONS & set(my_positions(user)))

    def get_count_query(self):
        """The number in the menu entry."""
        return select(func.count(Letter.id)).where(awaiting_for(current_user))

    def _awaiting(self, letter_id: int) -> Letter:
        letter = db.session.execute(select(Letter).where(
            Letter.id == letter_id, awaiting_for(current_user))).scalar_one_or_none()
        if letter is None:
            done = db.session.get(Letter, letter_id)
            if done is not None and done.signed_by_id == current_user.id:
                flash(gettext("Surat %(number)s sudah ditandatangani.", number=done.number),
                      "success")
                return None
            abort(404)
        return letter

    @expose("/")
    def index(self):
        """The queue, oldest first."""
        letters = db.session.execute(select(Letter).where(awaiting_for(current_user))
                                     .order_by(Letter.id).limit(PAGE_SIZE)).scalars().all()
        return self.render("signatures/index.html", letters=letters)

    def _page(self, letter: Letter, error: str = "", status: int = 200):
        signer = signer_for(current_user, letter)
        try:
            preview = letter_html(letter, signer, style_nonce=csp_nonce()) if signer else None
        except LetterTemplateError as failure:
            preview, error = None, error or str(failure)
        if preview:  # the letter as it will be signed shows the applicant's full NIK
            audit.record("view_letter_draft", "letter", letter.id, {"number": letter.number})
            db.session.commit()
        can_sign = signer is not None and (letter.render_status == "unsigned"
                                           or signing_is_stale(letter))
        remote = provider() == "bsre"
        certificate = (CERTIFICATE_NOTES[certificate_state(current_user.nik)]
                       if remote and can_sign and current_user.nik else None)
        return self.render("signatures/sign.html", letter=letter, signer=signer, can_sign=can_sign,
                           preview=preview, error=error, remote=remote,
                           certificate=certificate), status

    @expose("/<int:letter_id>", methods=("GET", "POST"))
    def sign(self, letter_id: int):
        """The letter as it will be signed, and the passphrase form ("Tandatangani")."""
        letter = self._awaiting(letter_id)
        if letter is None:
            return redirect(self.get_url(".index"))
        if request.method == "GET":
            return self._page(letter)
        try:
            request_signature(letter.id, current_user, request.form.get("passphrase", ""),
                              confirmed=request.form.get("sudah_diperiksa") == "1")
        except SigningRefused as refusal:
            db.session.refresh(letter)
            return self._page(letter, gettext(str(refusal)), 400)
        return redirect(self.get_url(".sign", letter_id=letter.id), 303)
