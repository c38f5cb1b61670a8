"""Lacak: the status timeline of an application by its registration number, personal data masked."""
from typing import Optional

from flask import current_app, render_template, request
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db, limiter
from portal.citizens.masking import initials, mask_email, mask_nik, mask_phone
from portal.models import Application, History
from portal.workflow.corrections import named_items
from portal.workflow.regno import looks_like_reg_no
from public import bp


def typed_number(text: str) -> str:
    """A registration number as typed, forgiving spaces and lowercase; at most 40 characters."""
    return (text or "").strip().upper()[:40]


def find_application(number: str) -> Optional[Application]:
    """The application with this registration number; None for unknown or malformed ones."""
    if not looks_like_reg_no(number):
        return None
    query = (db.select(Application).filter_by(reg_no=number)
             .options(joinedload(Application.service), joinedload(Application.home_unit),
                      joinedload(Application.final_unit),
                      selectinload(Application.history).joinedload(History.unit)))
    return db.session.execute(query).scalar_one_or_none()


def masked_applicant(application: Application) -> dict:
    """What the tracking page may show about the person."""
    return {
        "initials": initials(application.applicant_name),
        "nik": mask_nik(application.applicant_nik),
        "email": mask_email(application.applicant_email),
        "phone": mask_phone(application.applicant_phone),
    }


# One budget per address for every way of looking up a number (this page and the API).
TRACKING_SCOPE = "lacak"


def _tracking_limit() -> str:
    return current_app.config["TRACKING_RATE_LIMIT"]


def tracking_budget():
    """Decorator: the TRACKING_RATE_LIMIT budget all tracking routes of an address share."""
    return limiter.shared_limit(_tracking_limit, scope=TRACKING_SCOPE)


@bp.get("/lacak")
@tracking_budget()
def track():
    """The form, or the timeline of `?no=`; unknown and malformed numbers get the same page."""
    number = typed_number(request.args.get("no", ""))
    if not number:
        return render_template("public/track.html", number="", application=None)
    application = find_application(number)
    if application is None:
        return render_template("public/track.html", number=number, application=None,
                               not_found=True), 404
    return render_template("public/track.html", number=number, application=application,
                           applicant=masked_applicant(application), named_items=named_items)
