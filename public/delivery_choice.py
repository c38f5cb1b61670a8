"""How the citizen receives the letter: collected at the office, or sent by post or courier.

Only services whose standard offers postal delivery add this choice to the application
form; the chosen address is stored with the application in the same transaction
(`portal.letters.postal`). The tracking page reads the delivery through `postal_delivery_of`.
"""
from typing import Optional

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation

from portal.letters import postal
from portal.models import Application, Service
from public import bp
from portal.citizens.application_form import REQUIRED, one_of, strip

HANDOVER_CHOICES = {"pickup": _l("Diambil di kantor (dengan jadwal pengambilan)"),
                    "post": _l("Dikirim melalui pos/kurir ke alamat saya")}


def address_when_sent(form, field) -> None:
    """A delivery address is needed only when the letter is to be sent."""
    if form.handover.data == "post" and not (field.data or "").strip():
        raise StopValidation(REQUIRED)


class DeliveryChoiceMixin:
    """Fields: pickup or post, and the address for the post."""

    handover = RadioField(
        _l("Surat diterima dengan cara"), default="pickup", validate_choice=False,
        choices=[SelectChoice(key, label) for key, label in HANDOVER_CHOICES.items()],
        validators=[one_of(HANDOVER_CHOICES)])
    delivery_address = TextAreaField(
        _l("Alamat pengiriman"), filters=[strip], render_kw={"rows": 3},
        description=_l("Lengkap dengan RT/RW, kelurahan, kecamatan dan kode pos."),
        validators=[address_when_sent, Length(max=500, message=_l(
            "Paling banyak %(max)d karakter."))])


def with_delivery_choice(form_class, service: Service):
    """The form class with the delivery choice, where the service offers postal delivery."""
    if not service.offers_postal_delivery:
        return form_class
    return type(form_class.__name__, (DeliveryChoiceMixin, form_class), {})


def chosen_delivery_address(form) -> Optional[str]:
    """The address to send the letter to when the citizen chose the post, else None; the
    submission service stores it in the submission's transaction."""
    if getattr(form, "handover", None) is not None and form.handover.data == "post":
        return form.delivery_address.data
    return None


def postal_delivery_of(application: Application):
    """The application's postal delivery, or None (collected at the office)."""
    return postal.delivery_of(application.id)


@bp.app_context_processor
def _delivery_helpers() -> dict:
    return {"postal_delivery_of": postal_delivery_of}
