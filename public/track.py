"""Lacak: the status timeline of an application by its registration number, personal data masked."""
from typing import Optional

from flask import current_app, render_template, request
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db, limiter
from portal.masking import initials, mask_email, mask_nik, mask_phone
from portal.models import Application, History
from portal.regno import looks_like_reg_no
from public import bp


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


def _tracking_limit() -> str:
    return current_app.config["TRACKING_RATE_LIMIT"]


@bp.get("/lacak")
@limiter.limit(_tracking_limit)
def track():
    """The form, or the timeline of `?no=`; unknown and malformed numbers get the same page."""
    number = request.args.get("no", "").strip().upper()[:40]
    if not number:
        return render_template("public/track.html", number="", application=None)
    application = find_application(number)
    if application is None:
        return render_template("public/track.html", number=number, application=None,
                               not_found=True), 404
    return render_template("public/track.html", number=number, application=application,
                           applicant=masked_applicant(application))
