"""Forms of the officer screens (CSRF through Flask-WTF, messages in Bahasa Indonesia)."""
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (HiddenField, IntegerField, PasswordField, RadioField, SelectChoice,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.widgets import HiddenInput
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from portal.messaging.officer_notices import NOTIFY_MODES
from portal.validators import is_nik, normalize_phone

NOTIFY_LABELS = {
    "instant": lazy_gettext("Segera, setiap ada permohonan baru"),
    "digest": lazy_gettext("Ringkasan harian"),
}


class LoginForm(FlaskForm):
    """NIP and password; `next` is kept when it points inside the site."""

    nip = StringField(lazy_gettext("NIP"), validators=[
        DataRequired(lazy_gettext("NIP wajib diisi.")), Length(max=18)])
    password = PasswordField(lazy_gettext("Kata sandi"), validators=[
        DataRequired(lazy_gettext("Kata sandi wajib diisi."))])
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    """Change one's own password: the current one is required."""

    old_password = PasswordField(lazy_gettext("Kata sandi lama"), validators=[
        DataRequired(lazy_gettext("Kata sandi lama wajib diisi."))])
    new_password = PasswordField(lazy_gettext("Kata sandi baru"), validators=[
        DataRequired(lazy_gettext("Kata sandi baru wajib diisi."))])
    confirm = PasswordField(lazy_gettext("Ulangi kata sandi baru"), validators=[
        EqualTo("new_password", lazy_gettext("Kata sandi baru tidak sama."))])


class NewPasswordForm(FlaskForm):
    """The officer's own password after an Administrator chose one (no old password asked)."""

    new_password = PasswordField(lazy_gettext("Kata sandi baru"), validators=[
        DataRequired(lazy_gettext("Kata sandi baru wajib diisi."))])
    confirm = PasswordField(lazy_gettext("Ulangi kata sandi baru"), validators=[
        EqualTo("new_password", lazy_gettext("Kata sandi baru tidak sama."))])


class SecondFactorForm(FlaskForm):
    """The 6-digit code of the authenticator app, or one recovery code."""

    code = StringField(lazy_gettext("Kode verifikasi"), validators=[
        DataRequired(lazy_gettext("Kode wajib diisi.")), Length(max=20)])


class NotifyModeForm(FlaskForm):
    """How the officer hears about new work."""

    notify_mode = RadioField(lazy_gettext("Pemberitahuan permohonan baru"),
                             choices=[SelectChoice(mode, NOTIFY_LABELS[mode]) for mode in NOTIFY_MODES])


class DecisionForm(FlaskForm):
    """Keterangan (public), Catatan internal (officers only), the items a return ticks with
    their reasons, and the version of the application the officer saw."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    remark = TextAreaField(lazy_gettext("Keterangan"), validators=[Length(max=2000)])
    internal_note = TextAreaField(lazy_gettext("Catatan internal"),
                                  validators=[Length(max=2000)])
    returned = SelectMultipleField(lazy_gettext("Yang perlu diperbaiki"), choices=[])

    def reason_of(self, key: str):
        """The reason input of one returnable item."""
        return self[reason_name(key)]

    def validate(self, extra_validators=None) -> bool:
        """A reason belongs to a ticked item: a reason alone is most likely a missed tick."""
        valid = super().validate(extra_validators)
        for key, _label in self.returned.choices:
            field = self.reason_of(key)
            if (field.data or "").strip() and key not in (self.returned.data or []):
                field.errors = list(field.errors) + [gettext(
                    "Centang isian ini bila perlu diperbaiki, atau kosongkan alasannya.")]
                valid = False
        return valid

    def ticked(self) -> list[tuple[str, str]]:
        """(item key, reason) of every ticked item, in the form's order."""
        chosen = set(self.returned.data or [])
        return [(key, (self.reason_of(key).data or "").strip())
                for key, _label in self.returned.choices if key in chosen]


def reason_name(key: str) -> str:
    """The input name of an item's reason: 'reason__document__ktp'."""
    return "reason__" + key.replace(".", "__")


def decision_form(items, **kwargs) -> DecisionForm:
    """The decision form of one application: a tick and a short reason per returnable item."""
    reasons = {reason_name(item.key): StringField(validators=[Length(
        max=200, message=lazy_gettext("Paling banyak %(max)d karakter."))]) for item in items}
    form = type("ApplicationDecisionForm", (DecisionForm,), reasons)(**kwargs)
    form.returned.choices = [(item.key, item.label) for item in items]
    return form


def nik_shape(form, field) -> None:
    """A NIK or KK number is 16 digits."""
    if not is_nik((field.data or "").strip()):
        raise ValidationError(gettext("Harus 16 digit angka."))


def indonesian_phone(form, field) -> None:
    """An Indonesian mobile number (08…, 628…, +628…)."""
    if normalize_phone(field.data or "") is None:
        raise ValidationError(gettext("Nomor HP Indonesia tidak valid, contoh 081234567890."))
