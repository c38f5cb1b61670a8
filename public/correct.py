"""Correction through the secret link: change what the officer returned, resubmit, or withdraw.

Only the fields and documents the returning officer ticked can be changed (everything but NIK
and KK when the return named no item); the rest is shown read-only, and a POST that changes
it anyway is refused whole, changing nothing.
"""
import secrets
from dataclasses import dataclass
from typing import Optional

from flask import abort, render_template, request
from flask_babel import gettext as _

from portal.citizens import correction
from portal.workflow import corrections
from portal.citizens.secret_links import CORRECTION, find_by_token
from portal.models import Application
from portal.files.uploads import keep_uploads, pending_documents
from portal.workflow.engine import MESSAGES, WorkflowError
from public import bp
from public.secret_landing import forget, park, parked
from portal.citizens.application_form import build_form_class, uploadable

APPLICANT_INPUTS = {"nik": "applicant_nik", "kk": "applicant_kk", "name": "applicant_name",
                    "email": "applicant_email", "phone": "applicant_phone",
                    "address": "applicant_address"}


@dataclass(frozen=True)
class Row:
    """One field or document on the correction page: its input when open, else read-only."""

    label: str
    input: Optional[str]  # the form input's name when the citizen may change it
    reason: str = ""
    value: str = ""
    requirement: Optional[dict] = None


def _application_or_404() -> Application:
    application = find_by_token(parked(CORRECTION), CORRECTION)
    if application is None:
        abort(404)
    return application


def field_inputs(definition: dict) -> dict[str, str]:
    """Each field input's name and the item it edits: 'address' -> 'applicant_address'."""
    return {**APPLICANT_INPUTS, **{f"f_{spec['name']}": corrections.FORM_PREFIX + spec["name"]
                                   for spec in definition["fields"]}}


def document_inputs(definition: dict) -> dict[str, str]:
    """Each upload input's name and its item: 'doc_ktp' -> 'document.ktp'."""
    return {f"doc_{doc['key']}": corrections.DOCUMENT_PREFIX + doc["key"]
            for doc in uploadable(definition)}


def correction_form_class(definition: dict, opened: dict):
    """The application form with the inputs of the open items only."""
    inputs = {**field_inputs(definition), **document_inputs(definition)}
    closed = {name: None for name, key in inputs.items() if key not in opened}
    return type("CorrectionForm", (build_form_class(definition),), closed)


def _prefill(form, application: Application) -> None:
    values = corrections.current_values(application)
    for name, key in field_inputs(application.definition_snapshot).items():
        if name in form:
            form[name].data = values.get(key)
    form.form_token.data = secrets.token_urlsafe(24)


def posted_values(application: Application, formdata) -> dict[str, str]:
    """The typed values of a request by item key ('address' -> 'applicant_address')."""
    return {key: formdata[name] for name, key in
            field_inputs(application.definition_snapshot).items() if name in formdata}


def posted_document_keys(application: Application, files) -> list[str]:
    """Requirement keys of the files a request carries."""
    return [name[len("doc_"):] for name in document_inputs(application.definition_snapshot)
            if getattr(files.get(name), "filename", "")]


def open_values(form, application: Application, opened: dict) -> dict[str, str]:
    """The checked values of the open fields, by item key."""
    return {key: form[name].data for name, key in
            field_inputs(application.definition_snapshot).items() if key in opened}


def _missing_replacements(form, application: Application, new_documents: dict) -> bool:
    """Mark every document the officer ticked that has no new file yet; True if any."""
    missing = [key for key in correction.missing_replacements(application, new_documents)
               if f"doc_{key}" in form]
    for key in missing:
        form[f"doc_{key}"].errors.append(_("Petugas meminta berkas ini diganti: unggah berkas "
                                           "yang baru."))
    return bool(missing)


def _resubmit(application: Application, form, opened: dict, new_documents: dict):
    try:
        correction.resubmit(application, opened, open_values(form, application, opened),
                            new_documents, int(request.form.get("version") or 0))
    except WorkflowError as error:
        return _(MESSAGES[error.code])
    return None


def _rows(form, application: Application, opened: dict) -> dict[str, list[Row]]:
    """The page's rows in form order: applicant, service fields, documents."""
    definition = application.definition_snapshot
    names = {key: name for name, key in field_inputs(definition).items()}
    names.update({key: name for name, key in document_inputs(definition).items()})
    values = corrections.current_values(application)

    def row(key: str, label: str, **extra) -> Row:
        name = names.get(key)
        return Row(label, name if key in opened and name in form else None,
                   opened.get(key, ""), **extra)
    fields = [row(item.key, item.label, value=values.get(item.key) or "")
              for item in corrections.field_items(definition)]
    return {"applicant_rows": fields[:len(corrections.APPLICANT_ITEMS)],
            "service_rows": fields[len(corrections.APPLICANT_ITEMS):],
            "document_rows": [row(corrections.DOCUMENT_PREFIX + doc["key"], doc["label"],
                                  requirement=doc) for doc in uploadable(definition)]}


def _render(application: Application, form, opened: dict, new_documents: dict,
            problem=None, status: int = 200):
    returned = corrections.last_return(application)
    return render_template(
        "public/correct.html", application=application, form=form, problem=problem,
        has_errors=any(field.errors for field in form), **_rows(form, application, opened),
        documents=correction.current_documents(application),
        new_documents=new_documents, returned=returned,
        returned_items=[(corrections.label_of(item.item_key, application.definition_snapshot,
                                              item.label), item.reason)
                        for item in (returned.returned_items if returned else [])]), status


def _post(application: Application, form, opened: dict):
    """Check and store one submitted correction; the page to show, or None when resubmitted."""
    locked = correction.locked_attempts(application, opened,
                                        posted_values(application, request.form),
                                        posted_document_keys(application, request.files))
    if locked:
        problem = _("Bagian ini tidak diminta petugas untuk diperbaiki dan tidak dapat diubah: "
                    "%(items)s. Tidak ada yang disimpan; muat ulang halaman perbaikan.",
                    items=", ".join(locked))
        return _render(application, form, opened, {}, problem, 400)
    definition = application.definition_snapshot
    requirements = [doc for doc in uploadable(definition)
                    if corrections.DOCUMENT_PREFIX + doc["key"] in opened]
    valid = form.validate()
    new_documents = keep_uploads(form.form_token.data, requirements, request.files,
                                 lambda key, msg: form[f"doc_{key}"].errors.append(msg))
    uploads_ok = not any(form[f"doc_{doc['key']}"].errors for doc in requirements)
    if _missing_replacements(form, application, new_documents) or not (valid and uploads_ok):
        return _render(application, form, opened, new_documents)
    problem = _resubmit(application, form, opened, new_documents)
    return None if problem is None else _render(application, form, opened, new_documents, problem)


@bp.get("/perbaikan/<token>")
def correct(token: str):
    """The link from the email: keeps its token for this browser and shows the page without it."""
    return park(CORRECTION, token, "public.correction_page")


@bp.route("/perbaikan", methods=["GET", "POST"])
def correction_page():
    """Show what the officer asked to correct and let the citizen correct and resubmit it."""
    application = _application_or_404()
    if application.status != "dikembalikan":
        return render_template("public/correct_closed.html", application=application)
    opened = corrections.open_items(application)
    form = correction_form_class(application.definition_snapshot, opened)()
    if request.method == "GET":
        _prefill(form, application)
        return _render(application, form, opened, pending_documents(form.form_token.data))
    if not form.token_is_valid():
        abort(400)
    page = _post(application, form, opened)
    if page is not None:
        return page
    forget(CORRECTION)
    return render_template("public/correct_done.html", application=application,
                           outcome="resubmitted")


@bp.post("/perbaikan/batalkan")
def withdraw():
    """The citizen withdraws a returned application (Dibatalkan)."""
    application = _application_or_404()
    try:
        correction.withdraw(application, int(request.form.get("version") or 0))
    except WorkflowError as error:
        return render_template("public/correct_closed.html", application=application,
                               problem=_(MESSAGES[error.code])), 409
    forget(CORRECTION)
    return render_template("public/correct_done.html", application=application,
                           outcome="withdrawn")
