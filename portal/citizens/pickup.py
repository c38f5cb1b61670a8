"""Pickup appointments: book a slot for a finished letter, cancel or rebook, hand over by code.

A slot's capacity is counted in a row locked with SELECT … FOR UPDATE, so two citizens
booking the last place at once cannot both get it.
"""
from datetime import date

from flask import current_app
from flask_babel import gettext as _

from portal.officers import audit
from portal.letters import issuing as letters
from portal.extensions import db
from portal.workflow.fair_use import local_day, locked_row
from portal.models import Application, Officer, PickupBooking, PickupSlotCount, utcnow
from portal.messaging.citizen_notices import notify_applicant
from portal.workflow.sla import Calendar


class BookingRefused(ValueError):
    """The booking, cancellation or hand-over cannot be done; the message says why."""


def slots() -> tuple[str, ...]:
    """The appointment times of every office."""
    return tuple(current_app.config["PICKUP_SLOTS"])


def capacity(unit) -> int:
    """Pickups per slot at this unit."""
    per_unit = current_app.config.get("PICKUP_UNIT_CAPACITY") or {}
    return int(per_unit.get(unit.code, current_app.config["PICKUP_SLOT_CAPACITY"]))


def bookable_days(today: date) -> list[date]:
    """The next working days (no weekend, no holiday), starting tomorrow."""
    return Calendar.load(today).next_working_days(today, current_app.config["PICKUP_DAYS_AHEAD"])


def free_places(unit, days: list[date]) -> dict[tuple[date, str], int]:
    """Places left per (day, slot)."""
    rows = db.session.execute(db.select(PickupSlotCount).where(
        PickupSlotCount.unit_id == unit.id, PickupSlotCount.day.in_(days))).scalars()
    taken = {(row.day, row.slot): row.booked for row in rows}
    return {(day, slot): capacity(unit) - taken.get((day, slot), 0)
            for day in days for slot in slots()}


def booking_of(application: Application):
    """The application's booking that is not cancelled, or None."""
    return db.session.execute(db.select(PickupBooking).filter_by(
        application_id=application.id, cancelled_at=None)).scalar_one_or_none()


def _take_place(unit, day: date, slot: str) -> None:
    counter = locked_row(PickupSlotCount, unit_id=unit.id, day=day, slot=slot)
    if (counter.booked or 0) >= capacity(unit):
        raise BookingRefused(_("Jadwal %(slot)s pada tanggal itu sudah penuh. Pilih jadwal lain.",
                               slot=slot))
    counter.booked = (counter.booked or 0) + 1


def _free_place(booking: PickupBooking) -> None:
    counter = locked_row(PickupSlotCount, unit_id=booking.unit_id, day=booking.day,
                         slot=booking.slot)
    counter.booked = max((counter.booked or 0) - 1, 0)


def letter_is_ready(application: Application) -> bool:
    """True once the finished application's letter exists (its final, signed PDF stored)."""
    letter = letters.letter_of(application.id)
    return (application.status == "selesai" and letter is not None and not letter.is_revoked
            and letter.render_status == "ready")


def book(application: Application, day: date, slot: str) -> PickupBooking:
    """Book (or rebook) a pickup slot at the issuing office; the code is emailed."""
    try:
        if not letter_is_ready(application):
            raise BookingRefused(_("Jadwal pengambilan dapat dipilih setelah surat terbit."))
        if slot not in slots() or day not in bookable_days(local_day(utcnow())):
            raise BookingRefused(_("Pilih hari kerja dan jam yang tersedia."))
        booking = db.session.execute(db.select(PickupBooking).filter_by(
            application_id=application.id)).scalar_one_or_none()
        active = booking is not None and booking.cancelled_at is None
        if active and booking.day <= local_day(utcnow()):
            raise BookingRefused(_("Jadwal hanya dapat diubah paling lambat sehari sebelumnya."))
        unit = application.final_unit
        _take_place(unit, day, slot)
        if active:
            _free_place(booking)
        booking = booking or PickupBooking(application_id=application.id)
        booking.unit_id, booking.day, booking.slot = unit.id, day, slot
        booking.code, booking.cancelled_at = letters.short_code(), None
        db.session.add(booking)
        db.session.flush()
        _send_code(application, booking)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return booking


def _send_code(application: Application, booking: PickupBooking) -> None:
    notify_applicant(application, "citizen_pickup_booked",
                     {"reg_no": application.reg_no, "service": application.service.name,
                      "status_label": application.status_label, "code": booking.code,
                      "qr": booking.code, "day": booking.day.isoformat(), "slot": booking.slot,
                      "office": booking.unit.title if booking.unit else ""},
                     key=f"pickup-{booking.id}-{booking.code}")


def cancel(application: Application) -> None:
    """Cancel the booking; possible until the day before the appointment."""
    booking = booking_of(application)
    if booking is None or booking.day <= local_day(utcnow()):
        raise BookingRefused(_("Jadwal hanya dapat dibatalkan paling lambat sehari sebelumnya."))
    _free_place(booking)
    booking.cancelled_at = utcnow()
    db.session.commit()


def hand_over_by_code(code: str, officer: Officer) -> PickupBooking:
    """"Serahkan" with the citizen's booking code at the officer's office; the code is recorded.

    The code is accepted as people type it: any case, with spaces, with or without the dash.
    """
    code = letters.typed_short_code(code)
    booking = db.session.execute(db.select(PickupBooking).filter_by(
        code=code, cancelled_at=None, handed_over_at=None)).scalar_one_or_none()
    if booking is None or booking.unit_id != officer.unit_id:
        raise BookingRefused(_("Kode pengambilan tidak dikenal di kantor ini."))
    application = booking.application
    letters.hand_over(application.id, officer, f"{application.applicant_name} (kode {code})",
                      expected_version=application.version)
    booking.handed_over_at = utcnow()
    booking.handed_over_by_id = officer.id
    audit.record("pickup_handed_over", "application", application.id, {"code": code},
                 officer=officer)
    db.session.commit()
    return booking
