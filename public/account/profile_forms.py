"""Forms of the profile and data-rights pages: each change is confirmed with the current password."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import InputRequired

from portal.citizens import profile as citizen_profile
from portal.models import CitizenAccount
from public.account.forms import password_fields
from portal.citizens.application_form import REQUIRED, ApplicantForm

WRONG_PASSWORD = _l("Kata sandi saat ini salah. Setelah 5 kali salah, akun dikunci selama "
                    "15 menit.")


class CurrentPasswordForm(FlaskForm):
    """The current password, asked before any change to the account (and before closing it)."""

    current_password = PasswordField(_l("Kata sandi saat ini"),
                                     validators=[InputRequired(REQUIRED)],
                                     render_kw={"autocomplete": "current-password"})


class EmailChangeForm(CurrentPasswordForm):
    """A new email address, checked like at registration."""

    new_email = EmailField(_l("Email baru"), **ApplicantForm.email.kwargs)


class PhoneChangeForm(CurrentPasswordForm):
    """A new WhatsApp number, checked and normalised like at registration."""

    phone = StringField(_l("Nomor HP / WhatsApp baru"), **ApplicantForm.phone.kwargs)


# The current password, then a new one twice (the registration's strength rule).
PasswordChangeForm = type("PasswordChangeForm", (CurrentPasswordForm,), password_fields())


def password_confirmed(form: CurrentPasswordForm, account: CitizenAccount) -> bool:
    """The form is valid and carries the account's current password (error next to it if not)."""
    form.known_personal_data = (account.nik, account.kk, account.name, account.email)
    if not form.validate():
        return False
    if not citizen_profile.check_current_password(account, form.current_password.data):
        form.current_password.errors.append(WRONG_PASSWORD)
        return False
    return True
