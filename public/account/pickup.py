"""Pickup appointments for the logged-in citizen: choose a slot, see the code and its QR, cancel."""
from datetime import date

from flask import Response, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from portal.citizens import pickup
from portal.workflow.fair_use import local_day
from portal.models import utcnow
from portal.letters.qr import qr_png
from public import bp
from public.account.applications import citizen_required, own_application_or_404


def _chosen_day():
    try:
        return date.fromisoformat(request.values.get("day", ""))
    except ValueError:
        return None


@bp.route("/akun/permohonan/<reg_no>/ambil", methods=["GET", "POST"])
@citizen_required
def pickup_booking(reg_no: str):
    """The booking page: the free slots of the next working days, or the booked code."""
    application = own_application_or_404(reg_no)
    error = None
    if request.method == "POST":
        day = _chosen_day()
        try:
            if day is None:
                raise pickup.BookingRefused(_("Pilih hari kerja dan jam yang tersedia."))
            pickup.book(application, day, request.form.get("slot", ""))
            return redirect(url_for("public.pickup_booking", reg_no=reg_no), 303)
        except pickup.BookingRefused as refused:
            error = str(refused)
    days = pickup.bookable_days(local_day(utcnow()))
    places = pickup.free_places(application.final_unit, days) if application.final_unit else {}
    return render_template("public/account/pickup.html", application=application,
                           booking=pickup.booking_of(application), days=days,
                           slots=pickup.slots(), places=places, error=error,
                           letter_ready=pickup.letter_is_ready(application),
                           format_date=format_date), 400 if error else 200


@bp.post("/akun/permohonan/<reg_no>/ambil/batal")
@citizen_required
def cancel_pickup(reg_no: str):
    """Cancel the appointment (until the day before)."""
    application = own_application_or_404(reg_no)
    try:
        pickup.cancel(application)
    except pickup.BookingRefused:
        pass  # the page shows the booking as it still stands
    return redirect(url_for("public.pickup_booking", reg_no=reg_no), 303)


@bp.get("/akun/permohonan/<reg_no>/ambil/qr.png")
@citizen_required
def pickup_qr(reg_no: str):
    """The booking code as a QR image, for the owner only."""
    booking = pickup.booking_of(own_application_or_404(reg_no))
    if booking is None:
        return Response(status=404)
    response = Response(qr_png(booking.code), mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    return response
