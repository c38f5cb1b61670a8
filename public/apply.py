"""Applying: the generated form with uploads, the receipt, and the email confirmation link."""
import secrets

from flask import make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.citizens import submission
from portal.workflow import fair_use
from portal.workflow import transitions
from portal.citizens.auth import current_citizen
from portal.messaging.email_links import read_confirmation_token
from portal.extensions import db
from portal.citizens.masking import mask_nik
from portal.models import Application, Service, Unit
from portal.files.uploads import keep_uploads, pending_documents
from portal.workflow.engine import WorkflowError
from public import bp
from portal.citizens.application_form import (build_form_class, document_fields,
                                              service_values, uploadable)
from public.delivery_choice import chosen_delivery_address, with_delivery_choice
from public.notice_choice import notice_choice, with_notice_choice
from public.account.applications import prefill_applicant
from public.secret_landing import forget, park, parked
from public.views import open_service_or_404

RECEIPTS_KEY = "receipts"  # registration numbers this browser submitted (for the receipt page)


def home_choices(service: Service) -> list[SelectChoice]:
    """Where the applicant lives: kelurahan grouped by kecamatan, or the kecamatan (KC services)."""
    kind = "kecamatan" if service.flow == "KC" else "kelurahan"
    units = db.session.execute(db.select(Unit).filter_by(kind=kind).options(
        joinedload(Unit.parent))).scalars().all()  # one query, not one per unit's parent
    units.sort(key=lambda unit: (unit.parent.name if unit.parent else "", unit.name))
    return [SelectChoice("", _("— Pilih —"))] + [
        SelectChoice(str(unit.id), unit.title,
                     optgroup=unit.parent.title if kind == "kelurahan" and unit.parent else None)
        for unit in units]


def details_of(form, definition: dict) -> submission.Details:
    """The checked form's values as the submission service takes them."""
    return submission.Details(
        token=form.form_token.data, home_unit_id=int(form.home_unit.data), nik=form.nik.data,
        kk=form.kk.data, name=form.name.data, email=form.email.data, phone=form.phone.data,
        address=form.address.data, form_data=service_values(form, definition),
        notice=notice_choice(form), delivery_address=chosen_delivery_address(form))


def application_form_class(service: Service, definition: dict):
    """The service's application form with the home unit, the notice choice and, where the
    service offers the post, the delivery choice."""
    return with_delivery_choice(
        with_notice_choice(build_form_class(definition, home_choices(service))), service)


def mark_missing_documents(form, definition: dict, documents: dict) -> bool:
    """Mark every mandatory document that is missing; True when none is and none was refused."""
    missing = set(submission.missing_documents(definition, documents))
    for requirement, field in document_fields(form, definition):
        if requirement["key"] in missing and not field.errors:
            field.errors.append(_("Dokumen ini wajib diunggah."))
    return not any(field.errors for _requirement, field in document_fields(form, definition))


def _account_required(service: Service):
    """The page telling a visitor to log in (or register) before applying."""
    login_url = url_for("public.account_login", next=url_for("public.apply", code=service.code))
    return render_template("public/account_required.html", service=service,
                           login_url=login_url), 200 if request.method == "GET" else 403


def _to_receipt(application: Application):
    receipts = [no for no in session.get(RECEIPTS_KEY, []) if no != application.reg_no]
    session[RECEIPTS_KEY] = (receipts + [application.reg_no])[-10:]
    return redirect(url_for("public.receipt", reg_no=application.reg_no), 303)


@bp.route("/layanan/<code>/ajukan", methods=["GET", "POST"])
def apply(code: str):
    """The application form; on errors everything typed and uploaded stays."""
    service = open_service_or_404(code)
    if service.requires_account and current_citizen() is None:
        return _account_required(service)
    definition = service.definition_snapshot()
    form = application_form_class(service, definition)()
    if not form.token_is_valid():
        form.form_token.data = secrets.token_urlsafe(24)
    if request.method == "GET":
        prefill_applicant(form, service.flow)
    token = form.form_token.data
    documents = pending_documents(token)
    refusal = None
    if request.method == "POST":
        earlier = submission.by_submission_token(token)
        if earlier is not None:
            return _to_receipt(earlier)
        valid = form.validate()
        documents = keep_uploads(token, uploadable(definition), request.files,
                                 lambda key, message: form[f"doc_{key}"].errors.append(message))
        account = current_citizen()
        from_account = submission.stand_ins(definition, account, form.nik.data, documents)
        if mark_missing_documents(form, definition, {**documents, **from_account}) and valid:
            try:
                return _to_receipt(submission.submit(service, definition,
                                                     details_of(form, definition), documents,
                                                     account))
            except fair_use.FairUseRefused as refused:
                refusal = str(refused)
    response = make_response(render_template(
        "public/apply.html", service=service, form=form, refusal=refusal,
        definition=definition, documents=documents,
        from_account=submission.stand_ins(definition, current_citizen(), form.nik.data,
                                          documents),
        fields=document_fields(form, definition)))
    if current_citizen() is not None:  # prefilled from the account: not for the offline cache
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/permohonan/<reg_no>/tanda-terima")
def receipt(reg_no: str):
    """The printable receipt, for the browser that submitted the application."""
    if reg_no not in session.get(RECEIPTS_KEY, []):
        return redirect(url_for("public.track", no=reg_no))
    application = db.session.execute(
        db.select(Application).filter_by(reg_no=reg_no)).scalar_one_or_none()
    if application is None:
        return redirect(url_for("public.track", no=reg_no))
    return render_template("public/receipt.html", application=application,
                           masked_nik=mask_nik(application.applicant_nik))


@bp.get("/konfirmasi/<token>")
def confirm(token: str):
    """The link from the email: keeps its token for this browser and shows the page without it."""
    return park("confirm", token, "public.confirm_page")


def _waiting_application():
    """(application or None, outcome) of the confirmation link this browser arrived with."""
    application_id, expired = read_confirmation_token(parked("confirm"))
    application = db.session.get(Application, application_id) if application_id else None
    if application is None:
        return None, "invalid"
    if application.status != "terdaftar":
        return application, "done"
    return application, "expired" if expired else "ready"


@bp.route("/konfirmasi", methods=["GET", "POST"])
def confirm_page():
    """Shows the application the link is about; its button (a POST) confirms it and puts it
    in the first queue."""
    application, outcome = _waiting_application()
    if outcome == "invalid":
        return render_template("public/confirm.html", outcome=outcome), 404
    if outcome != "ready" or request.method == "GET":
        return render_template("public/confirm.html", outcome=outcome, application=application)
    try:
        transitions.perform(application.id, "confirm", transitions.SYSTEM)
    except WorkflowError:
        pass  # confirmed or cancelled a moment ago: the page shows the current state
    forget("confirm")
    application = db.session.get(Application, application.id)
    return render_template("public/confirm.html", outcome="confirmed", application=application)
