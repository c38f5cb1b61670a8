""""Kirim ulang tautan konfirmasi" on /lacak: a lost confirmation link, sent again.

It goes to the WhatsApp number or email address given on the form (never shown or asked
for here), a few times a day per application (CONFIRMATION_RESENDS_PER_DAY) and counted
against the address's tracking budget, so the page cannot be used to flood anyone.
"""
from flask import redirect, request, url_for

from portal.extensions import limiter
from portal.messaging.email_links import resend_confirmation
from public import bp
from public.track import find_application, tracking_budget, typed_number

RESEND_LIMIT_PER_ADDRESS = "10 per hour"


@bp.post("/lacak/kirim-ulang-konfirmasi")
@tracking_budget()
@limiter.limit(RESEND_LIMIT_PER_ADDRESS)
def resend_confirmation_link():
    """Send the link again; the tracking page then says what happened, and nothing more."""
    number = typed_number(request.form.get("no", ""))
    application = find_application(number)
    outcome = resend_confirmation(application.id) if application is not None else "not_waiting"
    return redirect(url_for("public.track", no=number, kirim_ulang=outcome), 303)
