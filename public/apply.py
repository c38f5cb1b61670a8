"""Applying: the generated form with uploads, the receipt, and the email confirmation link."""
import secrets
from typing import Optional

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from portal.citizens import account_documents
from portal.workflow import fair_use
from portal.workflow import transitions
from portal.citizens.auth import current_citizen
from portal.messaging.email_links import read_confirmation_token
from portal.extensions import db
from portal.citizens.masking import mask_nik
from portal.models import Application, Service, Unit, utcnow
from portal.workflow.regno import new_reg_no
from portal.files.uploads import attach, keep_uploads, pending_documents
from portal.workflow.engine import WorkflowError
from public import bp
from public.forms import build_form_class, document_fields, service_values, uploadable
from public.delivery_choice import request_chosen_delivery, with_delivery_choice
from public.notice_choice import notice_choice, with_notice_choice
from public.account.applications import prefill_applicant
from public.views import open_service_or_404

RECEIPTS_KEY = "receipts"  # registration numbers this browser submitted (for the receipt page)


def home_choices(service: Service) -> list[SelectChoice]:
    """Where the applicant lives: kelurahan grouped by kecamatan, or the kecamatan (KC services)."""
    kind = "kecamatan" if service.flow == "KC" else "kelurahan"
    units = db.session.execute(db.select(Unit).filter_by(kind=kind)).scalars().all()
    units.sort(key=lambda unit: (unit.parent.name if unit.parent else "", unit.name))
    return [SelectChoice("", _("— Pilih —"))] + [
        SelectChoice(str(unit.id), unit.title,
                     optgroup=unit.parent.title if kind == "kelurahan" and unit.parent else None)
        for unit in units]


def by_submission_token(token: str) -> Optional[Application]:
    """The application an earlier POST of the same form created, if any."""
    return db.session.execute(
        db.select(Application).filter_by(submission_token=token)).scalar_one_or_none()


def _check_documents(form, definition: dict, documents: dict) -> bool:
    """Every mandatory document is there and no upload was refused."""
    complete = True
    for requirement, field in document_fields(form, definition):
        if field.errors:
            complete = False
        elif requirement["mandatory"] and requirement["key"] not in documents:
            field.errors.append(_("Dokumen ini wajib diunggah."))
            complete = False
    return complete


def _new_application(service: Service, definition: dict, form) -> Application:
    home = db.session.get(Unit, int(form.home_unit.data))
    first_stage = transitions.stages_for(service.flow, home)[0]
    return Application(
        reg_no=new_reg_no(db.session.get(Unit, first_stage.unit_id).short_code, utcnow()),
        submission_token=form.form_token.data, service=service, home_unit=home,
        applicant_nik=form.nik.data, applicant_kk=form.kk.data, applicant_name=form.name.data,
        applicant_email=form.email.data.lower(), applicant_phone=form.phone.data,
        applicant_address=form.address.data, form_data=service_values(form, definition),
        definition_snapshot=definition, **notice_choice(form))


def _registering_unit_id(service: Service, form) -> int:
    """The unit of the application's first stage (its daily quota is counted there)."""
    home = db.session.get(Unit, int(form.home_unit.data))
    return transitions.stages_for(service.flow, home)[0].unit_id


def _submit(service: Service, definition: dict, form, documents: dict,
            from_account: dict) -> Application:
    """Register the application once, even when the same form arrives twice at once.

    Raises FairUseRefused when the service's fair-use rules refuse it.
    """
    vouched = current_citizen() is not None  # read before the new rows are in the session
    application = _new_application(service, definition, form)
    request_chosen_delivery(application, form)
    fair_use.claim(service, application.applicant_nik, _registering_unit_id(service, form))
    attach(documents.values(), application)
    copies = account_documents.copy_into(application, definition, from_account)
    try:
        transitions.register(application, vouched=vouched)
    except IntegrityError:
        account_documents.discard(copies)
        earlier = by_submission_token(form.form_token.data)
        if earlier is None:
            raise
        return earlier
    return application


def _from_account(definition: dict, form, documents: dict) -> dict:
    """The logged-in citizen's KTP/KK images for requirements nothing was uploaded for."""
    images = account_documents.stand_ins(definition, current_citizen(), form.nik.data or "")
    return {key: image for key, image in images.items() if key not in documents}


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
    form = with_delivery_choice(
        with_notice_choice(build_form_class(definition, home_choices(service))), service)()
    if not form.token_is_valid():
        form.form_token.data = secrets.token_urlsafe(24)
    if request.method == "GET":
        prefill_applicant(form, service.flow)
    token = form.form_token.data
    documents = pending_documents(token)
    refusal = None
    if request.method == "POST":
        earlier = by_submission_token(token)
        if earlier is not None:
            return _to_receipt(earlier)
        valid = form.validate()
        documents = keep_uploads(token, uploadable(definition), request.files,
                                 lambda key, message: form[f"doc_{key}"].errors.append(message))
        from_account = _from_account(definition, form, documents)
        if _check_documents(form, definition, {**documents, **from_account}) and valid:
            try:
                return _to_receipt(_submit(service, definition, form, documents, from_account))
            except fair_use.FairUseRefused as refused:
                refusal = str(refused)
    return render_template("public/apply.html", service=service, form=form, refusal=refusal,
                           definition=definition, documents=documents,
                           from_account=_from_account(definition, form, documents),
                           fields=document_fields(form, definition))


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
    """The link from the email: confirms the application and puts it in the first queue."""
    application_id, expired = read_confirmation_token(token)
    application = db.session.get(Application, application_id) if application_id else None
    if application is None:
        return render_template("public/confirm.html", outcome="invalid"), 404
    if application.status != "terdaftar":
        return render_template("public/confirm.html", outcome="done", application=application)
    if expired:
        return render_template("public/confirm.html", outcome="expired", application=application)
    try:
        transitions.perform(application.id, "confirm", transitions.SYSTEM)
    except WorkflowError:
        pass  # confirmed or cancelled a moment ago: the page shows the current state
    application = db.session.get(Application, application.id)
    return render_template("public/confirm.html", outcome="confirmed", application=application)
