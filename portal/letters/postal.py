"""Letters by post or courier: the citizen's choice when applying, the Admin's dispatch.

A service that offers it lets the citizen choose, on the application form, between
collecting the letter at the office (with the usual pickup appointment) and receiving it at
an address. Sending it is the hand-over: one workflow transition ("Diserahkan") whose
history names the courier and its tracking number, stored on the delivery row in the same
transaction; the citizen's notice then carries the tracking number (`milestones`).
"""
from typing import Optional

from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.letters.issuing import letter_of
from portal.models import Application, Officer, PostalDelivery, utcnow
from portal.workflow import transitions

# Indonesian messages of a refused dispatch (msgids for Flask-Babel).
MESSAGES = {
    "courier_required": _l("Nama jasa pengiriman wajib diisi."),
    "tracking_required": _l("Nomor resi wajib diisi."),
    "not_requested": _l("Pemohon tidak meminta surat dikirim."),
    "already_dispatched": _l("Surat ini sudah dikirim."),
    "no_letter": _l("Cetak surat terlebih dahulu, lalu catat pengirimannya."),
}
MAX_FIELD = 60


class DispatchRefused(Exception):
    """A dispatch that cannot be recorded; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return str(MESSAGES[self.code])


def delivery_of(application_id: int) -> Optional[PostalDelivery]:
    """The application's postal delivery request, or None (collected at the office)."""
    return db.session.execute(db.select(PostalDelivery).filter_by(
        application_id=application_id)).scalar_one_or_none()


def request_delivery(application: Application, address: str) -> PostalDelivery:
    """Ask for the letter at `address` (added to the caller's transaction)."""
    delivery = PostalDelivery(application=application, address=address.strip())
    db.session.add(delivery)
    return delivery


def _checked(courier: str, tracking_number: str) -> tuple[str, str]:
    courier, tracking_number = (courier or "").strip(), (tracking_number or "").strip()
    if not courier:
        raise DispatchRefused("courier_required")
    if not tracking_number:
        raise DispatchRefused("tracking_required")
    return courier[:MAX_FIELD], tracking_number[:MAX_FIELD]


def dispatch(application_id: int, officer: Officer, courier: str, tracking_number: str,
             expected_version: Optional[int]) -> PostalDelivery:
    """Record the letter's dispatch and hand it over in one transition (Diserahkan)."""
    courier, tracking_number = _checked(courier, tracking_number)
    delivery = delivery_of(application_id)
    if delivery is None:
        raise DispatchRefused("not_requested")
    if delivery.dispatched_at is not None:
        raise DispatchRefused("already_dispatched")
    letter = letter_of(application_id)
    if letter is None:
        raise DispatchRefused("no_letter")

    def record(_application: Application) -> None:
        now = utcnow()
        delivery.courier, delivery.tracking_number = courier, tracking_number
        delivery.dispatched_at, delivery.dispatched_by_id = now, officer.id
        letter.handed_over_to = f"{courier} ({tracking_number})"
        letter.handed_over_at = now

    transitions.perform(application_id, "hand_over", transitions.actor_for(officer),
                        expected_version=expected_version,
                        remark=f"Dikirim melalui {courier}, nomor resi {tracking_number}",
                        apply_changes=record)
    return delivery


def dispatched(application_id: int) -> Optional[PostalDelivery]:
    """The application's delivery once it was sent, else None."""
    delivery = delivery_of(application_id)
    return delivery if delivery is not None and delivery.dispatched_at is not None else None
