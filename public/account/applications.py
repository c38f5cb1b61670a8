"""The logged-in citizen's pages: my applications and the way into a correction."""
from functools import wraps

from flask import abort, jsonify, redirect, render_template, request, url_for

from portal.citizens import personal_data
from portal.citizens.auth import current_citizen
from portal.citizens.secret_links import CORRECTION, issue_token
from portal.extensions import db
from portal.citizens.family import visible_niks
from portal.letters.issuing import citizen_copy
from portal.models import Application
from portal.workflow.corrections import last_return, returned_labels
from public import bp
from public.secret_landing import park
from public.verification import send_citizen_copy


def citizen_required(view):
    """Send visitors without an active citizen session to the account login."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_citizen() is None:
            return redirect(url_for("public.account_login", next=request.path))
        return view(*args, **kwargs)
    return wrapper


def account_niks() -> list[str]:
    """The NIKs whose applications the logged-in citizen may see (own and verified family)."""
    return visible_niks(current_citizen())


def own_application_or_404(reg_no: str) -> Application:
    """An application of the logged-in citizen (or their family), or 404."""
    application = db.session.execute(db.select(Application).filter_by(
        reg_no=reg_no).where(Application.applicant_nik.in_(account_niks()))).scalar_one_or_none()
    if application is None:
        abort(404)
    return application


def prefill_applicant(form, flow: str) -> None:
    """Fill the applicant block from the logged-in citizen's account (the citizen may edit it).

    With ?untuk=<member id>, the applicant is that verified family member.
    """
    account = current_citizen()
    if account is None:
        return
    for field in ("nik", "kk", "name", "email", "phone", "address"):
        form[field].data = getattr(account, field)
    member = next((m for m in account.family if str(m.id) == request.args.get("untuk")
                   and m.status == "active"), None)
    if member is not None:
        form.nik.data, form.kk.data, form.name.data = member.nik, member.kk, member.name
    home = account.home_unit.parent if flow == "KC" else account.home_unit
    if home is not None:
        form.home_unit.data = str(home.id)


@bp.get("/akun/permohonan")
@citizen_required
def my_applications():
    """Every application of the account and its family members, newest first."""
    applications = db.session.execute(
        db.select(Application).where(Application.applicant_nik.in_(account_niks()))
        .order_by(Application.created_at.desc())).scalars().all()
    return render_template("public/account/applications.html", account=current_citizen(),
                           applications=applications, last_return=last_return,
                           returned_labels=returned_labels,
                           downloadable=citizen_copy)


@bp.get("/akun/permohonan/<reg_no>/surat.pdf")
@citizen_required
def my_letter(reg_no: str):
    """The letter of an application of the account (or its family), where citizens may have it."""
    response = send_citizen_copy(own_application_or_404(reg_no))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/akun/data-saya.json")
@citizen_required
def my_data():
    """Download everything stored about the account and its applications, as JSON."""
    response = jsonify(personal_data.export(current_citizen()))
    response.headers["Content-Disposition"] = "attachment; filename=data-saya.json"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/akun/permohonan/<reg_no>/perbaiki")
@citizen_required
def correct_my_application(reg_no: str):
    """Open the correction page of a returned application with a fresh secret link."""
    application = own_application_or_404(reg_no)
    if application.status != "dikembalikan":
        return redirect(url_for("public.my_applications"), 303)
    token = issue_token(application, CORRECTION)
    db.session.commit()
    return park(CORRECTION, token, "public.correction_page")
