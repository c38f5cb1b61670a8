"""Forms of the citizen account pages (messages are Indonesian msgids)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FileField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from portal.citizens.accounts import IDENTITY_UPLOADS, password_is_weak
from portal.citizens.application_form import REQUIRED, ApplicantForm, one_of, sixteen_digits, strip

WEAK_PASSWORD = _l("Kata sandi terlalu mudah ditebak. Gunakan minimal 8 karakter: gabungan "
                   "beberapa kata, angka atau tanda baca, dan jangan memakai NIK, nama atau "
                   "tanggal lahir.")


def strong_password(form, field) -> None:
    """8+ characters and not easily guessed (zxcvbn), also against the form's own data.

    A form without the personal fields may carry them in `known_personal_data`.
    """
    personal = [getattr(form, name).data for name in ("nik", "kk", "name", "email")
                if hasattr(form, name)] + list(getattr(form, "known_personal_data", ()))
    if password_is_weak(field.data or "", *personal):
        raise ValidationError(WEAK_PASSWORD)


def password_fields() -> dict:
    """A new password, twice, with the registration's strength rule."""
    return {
        "password": PasswordField(_l("Kata sandi (minimal 8 karakter)"), validators=[
            InputRequired(REQUIRED), strong_password],
            render_kw={"autocomplete": "new-password"}),
        "password_again": PasswordField(_l("Ulangi kata sandi"), validators=[
            InputRequired(REQUIRED), EqualTo("password", _l("Kata sandi tidak sama."))],
            render_kw={"autocomplete": "new-password"}),
    }


def registration_form_class(kelurahan_choices):
    """The registration form: applicant block, kelurahan, password and four identity images."""
    attributes = {
        "nik": StringField(_l("NIK (16 digit)"), filters=[strip],
                           validators=[InputRequired(REQUIRED), sixteen_digits],
                           render_kw={"inputmode": "numeric", "autocomplete": "off",
                                      "maxlength": 16}),
        "home_unit": SelectField(_l("Kelurahan domisili"), choices=kelurahan_choices,
                                 validate_choice=False, validators=[
                                     InputRequired(REQUIRED),
                                     one_of([c.value for c in kelurahan_choices if c.value])]),
        **password_fields(),
        **{f"doc_{key}": FileField(_l(label)) for key, label in IDENTITY_UPLOADS},
        # The signature drawn on the page's canvas (a data: URL written by signature-pad.js).
        "drawn_signature": HiddenField(),
    }
    return type("RegistrationForm", (ApplicantForm,), attributes)


class LoginForm(FlaskForm):
    """NIK and password."""

    nik = StringField(_l("NIK (16 digit)"), filters=[strip], validators=[InputRequired(REQUIRED)],
                      render_kw={"inputmode": "numeric", "autocomplete": "username"})
    password = PasswordField(_l("Kata sandi"), validators=[InputRequired(REQUIRED)],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(FlaskForm):
    """The NIK whose registered email gets a reset link."""

    nik = StringField(_l("NIK (16 digit)"), filters=[strip],
                      validators=[InputRequired(REQUIRED), sixteen_digits])


# A new password, twice (the reset page).
NewPasswordForm = type("NewPasswordForm", (FlaskForm,), password_fields())
