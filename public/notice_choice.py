"""How the citizen wants to hear from us: WhatsApp, email or both, milestones or every step.

A form mixin shared by the application form and the account's profile, and the partial
template `public/_notice_choice.html` that shows it. The WhatsApp choice only appears when
the office has configured WhatsApp; without it every notice goes by email anyway.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.citizens.auth import current_citizen
from portal.messaging.channels import whatsapp_enabled
from portal.models.application import NOTIFY_CHANNELS
from public import bp
from portal.citizens.application_form import one_of

CHANNEL_LABELS = {"wa": _l("WhatsApp"), "email": _l("Email"), "both": _l("WhatsApp dan email")}


class NoticeChoiceMixin:
    """Fields: the channel (radio) and whether to hear of every approval (checkbox).

    Put it first among a form's bases; on a fresh form it starts from the logged-in
    citizen's account choice (else WhatsApp, the default when a number is given).
    """

    notify_channel = RadioField(
        _l("Kabari saya melalui"),
        choices=[SelectChoice(key, CHANNEL_LABELS[key]) for key in NOTIFY_CHANNELS],
        validate_choice=False, validators=[Optional(), one_of(NOTIFY_CHANNELS)],
        description=_l("Jika WhatsApp tidak sampai, kabar yang sama dikirim ke email Anda."))
    notify_every_step = BooleanField(
        _l("Kabari saya di setiap tahap persetujuan, bukan hanya saat ada yang perlu saya "
           "lakukan atau saat surat sudah jadi"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            account = current_citizen()
            self.notify_channel.data = account.notify_channel if account else "wa"
            self.notify_every_step.data = bool(account and account.notify_every_step)


class NoticeSettingsForm(NoticeChoiceMixin, FlaskForm):
    """The profile page's own form for the account's choice."""


def with_notice_choice(form_class):
    """The form class with the notice choice added (the application form)."""
    return type(form_class.__name__, (NoticeChoiceMixin, form_class), {})


def notice_choice(form) -> dict:
    """The model columns of the choice; a choice not shown (no WhatsApp) keeps the default."""
    values = {"notify_every_step": bool(form.notify_every_step.data)}
    if form.notify_channel.data in NOTIFY_CHANNELS:
        values["notify_channel"] = form.notify_channel.data
    return values


def confirmation_hint() -> str:
    """What happens after submitting: a confirmation link, or none from a verified account."""
    if current_citizen() is not None:
        return _("Karena Anda masuk dengan akun terverifikasi, permohonan langsung diperiksa "
                 "petugas tanpa konfirmasi.")
    if whatsapp_enabled():
        return _("Tautan konfirmasi dikirim melalui WhatsApp atau email, sesuai pilihan Anda.")
    return _("Tautan konfirmasi akan dikirim ke email Anda.")


@bp.context_processor
def _notice_choice_helpers() -> dict:
    return {"whatsapp_enabled": whatsapp_enabled, "notice_settings_form": NoticeSettingsForm,
            "confirmation_hint": confirmation_hint}
