"""Lacak: the status timeline of an application by its registration number, personal data masked."""
from typing import Optional

from flask import current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db, limiter
from portal.page_cache import shared_tracking_page, tracking_key, tracking_lookup
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


def rendered_tracking(number: str) -> Optional[dict]:
    """The masked page part of `number` as HTML around the resend form, and its status; None
    if unknown.

    Rendered once per change: transitions and the writes that change the part after the
    letter (postal delivery, letter, survey answer) forget it (portal/page_cache.py).
    """
    def render() -> Optional[dict]:
        application = find_application(number)
        if application is None:
            return None
        final_unit = application.final_unit
        context = {"application": application, "applicant": masked_applicant(application),
                   "named_items": named_items,
                   "final_unit": final_unit.title if final_unit is not None else ""}
        return {"status": application.status, "reg_no": application.reg_no,
                "head": render_template("public/_track_head.html", **context),
                "tail": render_template("public/_track_tail.html", **context)}

    return tracking_lookup(tracking_key(number, str(get_locale())), render)


@bp.get("/lacak")
@tracking_budget()
def track():
    """The form, or the timeline of `?no=`; unknown and malformed numbers get the same page."""
    number = typed_number(request.args.get("no", ""))
    if not number:
        return render_template("public/track.html", number="", tracked=None)
    return shared_tracking_page(number, lambda: tracking_page(number))


def tracking_page(number: str):
    """The tracking page of `number`: its kept parts around a fresh resend form, or 404."""
    tracked = rendered_tracking(number)
    if tracked is None:
        return render_template("public/track.html", number=number, tracked=None,
                               not_found=True), 404
    # Only the resend form (its CSRF token is this session's) is rendered at every visit.
    return render_template("public/track.html", number=number, tracked=tracked,
                           head=Markup(tracked["head"]), tail=Markup(tracked["tail"]))
