"""Correction through the secret link: edit, replace documents, resubmit, or withdraw."""
import secrets

from flask import abort, render_template, request
from flask_babel import gettext as _

from portal.workflow import transitions
from portal.citizens.secret_links import find_by_token
from portal.models import Application, Document
from portal.files.uploads import attach, keep_uploads, pending_documents, supersede
from portal.workflow.engine import MESSAGES, WorkflowError
from public import bp
from public.forms import build_form_class, document_fields, service_values, uploadable

APPLICANT_COLUMNS = {"nik": "applicant_nik", "kk": "applicant_kk", "name": "applicant_name",
                     "email": "applicant_email", "phone": "applicant_phone",
                     "address": "applicant_address"}
WITHDRAWN_REMARK = "Ditarik oleh pemohon."  # stored in history, always Indonesian


def _application_or_404(token: str) -> Application:
    application = find_by_token(token)
    if application is None:
        abort(404)
    return application


def current_documents(application: Application) -> dict[str, Document]:
    """The documents in force, by requirement key (superseded ones are history)."""
    return {doc.requirement_key: doc for doc in application.documents if doc.superseded_at is None}


def last_return(application: Application):
    """The history row of the officer's return (with the remark to act on)."""
    returns = [row for row in application.history if row.action == "return"]
    return returns[-1] if returns else None


def _prefill(form, application: Application) -> None:
    for field, column in APPLICANT_COLUMNS.items():
        form[field].data = getattr(application, column)
    for name, value in (application.form_data or {}).items():
        if f"f_{name}" in form:
            form[f"f_{name}"].data = value
    form.form_token.data = secrets.token_urlsafe(24)


def _changes(form, application: Application, new_documents: dict) -> dict:
    """Before/after of every edited value, and the replaced documents, for the history row."""
    definition = application.definition_snapshot
    before = {field: getattr(application, column) for field, column in APPLICANT_COLUMNS.items()}
    before.update(application.form_data or {})
    after = {field: form[field].data for field in APPLICANT_COLUMNS}
    after.update(service_values(form, definition))
    changes = {key: [before.get(key), value] for key, value in after.items()
               if before.get(key) != value}
    if new_documents:
        changes["documents_replaced"] = sorted(new_documents)
    return changes


def _apply_edits(form, new_documents: dict):
    def edit(application: Application) -> None:
        for field, column in APPLICANT_COLUMNS.items():
            setattr(application, column, form[field].data)
        application.applicant_email = application.applicant_email.lower()
        application.form_data = service_values(form, application.definition_snapshot)
        in_force = current_documents(application)
        for key, document in new_documents.items():
            supersede(in_force.get(key))
        attach(new_documents.values(), application)
    return edit


def _resubmit(application: Application, form, new_documents: dict):
    try:
        transitions.perform(application.id, "resubmit", transitions.CITIZEN,
                            expected_version=int(request.form.get("version") or 0),
                            changes=_changes(form, application, new_documents),
                            apply_changes=_apply_edits(form, new_documents))
    except WorkflowError as error:
        return _(MESSAGES[error.code])
    return None


@bp.route("/perbaikan/<token>", methods=["GET", "POST"])
def correct(token: str):
    """Show the officer's remark and let the citizen correct and resubmit."""
    application = _application_or_404(token)
    if application.status != "dikembalikan":
        return render_template("public/correct_closed.html", application=application)
    definition = application.definition_snapshot
    form = build_form_class(definition)()
    if request.method == "GET":
        _prefill(form, application)
    elif not form.token_is_valid():
        abort(400)
    new_documents = pending_documents(form.form_token.data)
    problem = None
    if request.method == "POST":
        valid = form.validate()
        new_documents = keep_uploads(form.form_token.data, uploadable(definition), request.files,
                                     lambda key, msg: form[f"doc_{key}"].errors.append(msg))
        uploads_ok = not any(field.errors for _doc, field in document_fields(form, definition))
        if valid and uploads_ok:
            problem = _resubmit(application, form, new_documents)
            if problem is None:
                return render_template("public/correct_done.html", application=application,
                                       outcome="resubmitted")
    return render_template("public/correct.html", application=application, form=form,
                           fields=document_fields(form, definition), problem=problem,
                           documents=current_documents(application), new_documents=new_documents,
                           returned=last_return(application))


@bp.post("/perbaikan/<token>/batalkan")
def withdraw(token: str):
    """The citizen withdraws a returned application (Dibatalkan)."""
    application = _application_or_404(token)
    try:
        transitions.perform(application.id, "cancel", transitions.CITIZEN,
                            expected_version=int(request.form.get("version") or 0),
                            remark=WITHDRAWN_REMARK)
    except WorkflowError as error:
        return render_template("public/correct_closed.html", application=application,
                               problem=_(MESSAGES[error.code])), 409
    return render_template("public/correct_done.html", application=application,
                           outcome="withdrawn")
