"""Pengambilan: the unit Admin hands a finished letter over on the citizen's booking code."""
from flask import flash, redirect, request
from flask_admin import BaseView, expose
from flask_babel import gettext
from flask_login import current_user

from admin_views.access import OfficerScreen
from portal.citizens import pickup
from portal.extensions import db
from portal.letters.issuing import LetterError
from portal.models import PickupBooking
from portal.workflow.engine import WorkflowError


class PickupView(OfficerScreen, BaseView):
    """Enter or scan a booking code; today's bookings of the unit are listed."""

    def is_accessible(self) -> bool:
        """Unit Admins only (they hand letters over)."""
        return bool(current_user.is_authenticated and not current_user.is_administrator
                    and current_user.position == "admin")

    def _bookings(self):
        return db.session.execute(
            db.select(PickupBooking).filter_by(unit_id=current_user.unit_id, cancelled_at=None,
                                               handed_over_at=None)
            .order_by(PickupBooking.day, PickupBooking.slot).limit(100)).scalars().all()

    @expose("/", methods=("GET", "POST"))
    def index(self):
        """The code form; a known code of this office hands the letter over."""
        error = None
        if request.method == "POST":
            try:
                booking = pickup.hand_over_by_code(request.form.get("kode", ""), current_user)
            except (pickup.BookingRefused, LetterError, WorkflowError) as refused:
                db.session.rollback()
                error = gettext(str(refused))
            else:
                flash(gettext("Surat %(reg_no)s diserahkan dengan kode %(code)s.",
                              reg_no=booking.application.reg_no, code=booking.code), "success")
                return redirect(self.get_url(".index"), 303)
        return self.render("layanan_admin/pickups.html", bookings=self._bookings(),
                           error=error, code=request.form.get("kode", "")), 400 if error else 200
