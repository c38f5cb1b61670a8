"""The pages of the second factor that the login steps and the profile share: enrolment with a
QR code, and the recovery codes shown once."""
from typing import Callable

from flask import session
from flask_babel import gettext

from admin_views.forms import SecondFactorForm
from portal.models import Officer
from portal.officers import second_factor

ENROLLING = "enrolling_second_factor"  # session key: the sealed secret being enrolled
NO_STORE = {"Cache-Control": "no-store"}


def enrolment(view, officer: Officer, action: str, finished: Callable[[list[str]], object]):
    """Show a new secret as QR code; a right code from the app turns the second factor on and
    answers with `finished(recovery codes)`. A wrong code keeps the secret (no new scan)."""
    form = SecondFactorForm()
    sealed = session.get(ENROLLING) if form.is_submitted() else None
    secret = second_factor.unseal(sealed) if sealed else None
    if secret and form.validate():
        codes = second_factor.enrol(officer, secret, form.code.data)
        if codes is not None:
            session.pop(ENROLLING)
            return finished(codes)
        form.code.errors.append(gettext("Kode tidak cocok. Periksa jam ponsel, lalu masukkan "
                                        "kode yang sedang tampil di aplikasi."))
    status = 400 if form.is_submitted() else 200
    if secret is None:
        secret = second_factor.new_secret()
        session[ENROLLING] = second_factor.seal(secret)
    spaced = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    page = view.render("layanan_admin/second_factor_enrol.html", form=form, action=action,
                       qr=second_factor.enrolment_qr(officer, secret), secret=spaced)
    return page, status, NO_STORE


def recovery_codes_page(view, codes: list[str], next_form_action: str = "", next_link: str = ""):
    """The recovery codes, shown this once; then a button (POST) or a link onwards."""
    page = view.render("layanan_admin/recovery_codes.html", codes=codes,
                       next_form_action=next_form_action, next_link=next_link)
    return page, 200, NO_STORE
