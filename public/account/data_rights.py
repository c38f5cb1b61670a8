"""Personal data rights (UU 27/2022): the citizen's data as a readable PDF, and closing the account.

The JSON download is `public.account.applications.my_data`; the PDF shows the same document, rendered
by the letters' sandboxed wkhtmltopdf while the citizen waits.
"""
from datetime import date, datetime
from typing import Optional

from flask import current_app, render_template, request
from flask_babel import format_date, format_datetime

from portal.letters.pdf import html_to_pdf
from portal.citizens import auth as citizen_auth
from portal.citizens import profile as citizen_profile
from portal.citizens import personal_data
from portal.citizens.accounts import ACCOUNT_STATUS_LABELS, IDENTITY_UPLOADS
from portal.citizens.auth import current_citizen
from portal.letters.issuing import RenderError
from portal.models import utcnow
from public import bp
from public.account.applications import citizen_required
from public.account.profile_forms import CurrentPasswordForm, password_confirmed


def _moment(value: Optional[str]) -> str:
    """An exported UTC timestamp as the citizen's local date and time."""
    if not value:
        return "—"
    return format_datetime(datetime.fromisoformat(value), "d MMMM yyyy, HH:mm") + " WIB"


def _day(value: str) -> str:
    return format_date(date.fromisoformat(value), "EEEE, d MMMM yyyy")


def data_pdf_html(data: dict) -> str:
    """The exported data as one printable HTML page (no scripts, no outside resources)."""
    return render_template("public/account/data_pdf.html", data=data, moment=_moment, day=_day,
                           status_labels=ACCOUNT_STATUS_LABELS,
                           identity_labels=dict(IDENTITY_UPLOADS),
                           made_at=_moment(utcnow().isoformat()),
                           zoom=current_app.config["WKHTMLTOPDF_ZOOM"])


@bp.get("/akun/data-saya.pdf")
@citizen_required
def my_data_pdf():
    """Download everything stored about the account and its applications, as a PDF."""
    account = current_citizen()
    html = data_pdf_html(personal_data.collect(account))
    try:
        pdf = html_to_pdf(html, current_app.config["PERSONAL_DATA_PDF_TIMEOUT"])
    except (RenderError, OSError) as error:
        current_app.logger.warning("personal data PDF of account %s failed: %s", account.id,
                                   error)
        return render_template("public/account/data_pdf_failed.html"), 503
    personal_data.record_export(account, "pdf")
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = "attachment; filename=data-saya.pdf"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/akun/tutup", methods=["GET", "POST"])
@citizen_required
def my_account_close():
    """Close the account after the current password; the applications stay on record."""
    account = current_citizen()
    form = CurrentPasswordForm()
    if request.method == "POST" and password_confirmed(form, account):
        citizen_profile.close_account(account)
        citizen_auth.log_out()
        return render_template("public/account/closed.html")
    return render_template("public/account/close.html", form=form, account=account,
                           retention_days=current_app.config["ACCOUNT_RETENTION_DAYS"])
