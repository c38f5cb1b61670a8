"""Permohonan di Loket: an officer registers a walk-in application, then prints its receipt.

The page is the website's form (`portal.citizens.application_form`) with the applicant's
contact optional, an upload or an "diperiksa di loket" tick per requirement, and the
website's submission path (`portal.citizens.submission`): the same rules, the same refusals.
"""
import secrets
from base64 import b64encode

from flask import abort, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import format_date, gettext
from flask_login import current_user

from admin_views.access import OfficerScreen
from portal.citizens import submission
from portal.citizens.application_form import (CounterApplicantForm, build_form_class,
                                              document_fields, service_values, uploadable)
from portal.citizens.masking import mask_nik
from portal.extensions import db
from portal.files.uploads import keep_uploads, pending_documents
from portal.letters.qr import qr_png
from portal.models import Application
from portal.officers import audit
from portal.officers.counter import counter_service, counter_services, may_take_counter, \
    registered_here
from portal.validators import is_nik
from portal.workflow.sla import due_date

RECEIPT_WIDTHS = ("a6", "80mm", "58mm")  # paper of the receipt printer


class CounterView(OfficerScreen, BaseView):
    """The counter: pick a service, fill the form with the applicant, print the receipt."""

    def is_accessible(self) -> bool:
        """A unit's Admin, or a position the Administrator allows at the counter."""
        return bool(current_user.is_authenticated and may_take_counter(current_user))

    @expose("/")
    def index(self):
        """The services this unit takes at its counter."""
        return self.render("layanan_admin/counter_services.html",
                           services=counter_services(current_user))

    @staticmethod
    def _form(definition: dict):
        form_class = build_form_class(definition, base=CounterApplicantForm)
        form = form_class()
        if not form.token_is_valid():
            form.form_token.data = secrets.token_urlsafe(24)
        return form

    def _lookup(self, form):
        """Prefill from the citizen account holding the NIK typed in the lookup box."""
        nik = request.args.get("nik", "").strip()
        if not is_nik(nik):
            return None
        account, values = submission.known_applicant(nik)
        for name, value in values.items():
            form[name].data = value
        if account is None:
            form.nik.data = nik
        else:  # the account's personal data is shown: audited like every such view
            audit.record("counter_lookup", "citizen_account", account.id)
            db.session.commit()
        return account

    @expose("/<code>/", methods=("GET", "POST"))
    def apply(self, code: str):
        """The walk-in form; on errors or a refusal everything typed and scanned stays."""
        service = counter_service(current_user, code) or abort(404)
        definition = service.definition_snapshot()
        form = self._form(definition)
        account = self._lookup(form) if request.method == "GET" else None
        token = form.form_token.data
        documents, refusal, seen = pending_documents(token), None, self._seen(definition)
        if request.method == "POST":
            outcome = self._submit(service, definition, form, seen)
            if isinstance(outcome, Application):
                return redirect(self.get_url(".receipt", application_id=outcome.id), 303)
            documents, refusal = pending_documents(token), outcome
        return self.render("layanan_admin/counter_form.html", service=service, form=form,
                           definition=definition, documents=documents, refusal=refusal,
                           seen=seen, account=account, fields=document_fields(form, definition))

    @staticmethod
    def _seen(definition: dict) -> tuple[str, ...]:
        keys = {doc["key"] for doc in uploadable(definition)}
        return tuple(key for key in request.form.getlist("diperiksa") if key in keys)

    def _submit(self, service, definition, form, seen):
        """The application, or the refusal message (None when the form has errors)."""
        earlier = submission.by_submission_token(form.form_token.data)
        if earlier is not None:
            return earlier
        valid = form.validate()
        documents = keep_uploads(form.form_token.data, uploadable(definition), request.files,
                                 lambda key, message: form[f"doc_{key}"].errors.append(message))
        account, _ = submission.known_applicant(form.nik.data or "")
        present = {**documents, **submission.stand_ins(definition, account, form.nik.data,
                                                        documents)}
        seen = tuple(key for key in seen if key not in present)
        if not (self._complete(form, definition, present, seen) and valid):
            return None
        details = submission.Details(
            token=form.form_token.data, home_unit_id=current_user.unit_id, nik=form.nik.data,
            kk=form.kk.data, name=form.name.data, email=form.email.data or "",
            phone=form.phone.data or "", address=form.address.data,
            form_data=service_values(form, definition), notice={})
        try:
            return submission.submit_at_counter(service, definition, details, documents,
                                                account, seen, current_user)
        except submission.FairUseRefused as refused:
            return str(refused)

    @staticmethod
    def _complete(form, definition: dict, present: dict, seen: tuple[str, ...]) -> bool:
        """Every mandatory document is uploaded, stood in for or seen; errors on the fields."""
        missing = set(submission.missing_documents(definition, present)) - set(seen)
        for requirement, upload_field in document_fields(form, definition):
            if requirement["key"] in missing and not upload_field.errors:
                upload_field.errors.append(gettext("Dokumen ini wajib diunggah."))
        return not missing and not any(f.errors for _, f in document_fields(form, definition))

    @expose("/tanda-terima/<int:application_id>")
    def receipt(self, application_id: int):
        """The printable receipt (A6 or a thermal roll), for the unit that registered it."""
        application = db.session.get(Application, application_id)
        if application is None or not registered_here(current_user, application):
            abort(404)
        audit.record("counter_receipt", "application", application.id,
                     {"reg_no": application.reg_no})
        db.session.commit()
        track_url = url_for("public.track", no=application.reg_no, _external=True)
        width = request.args.get("kertas", "a6")
        return self.render("layanan_admin/counter_receipt.html", application=application,
                           masked_nik=mask_nik(application.applicant_nik),
                           track_url=track_url,
                           due=format_date(due_date(application), "d MMMM yyyy"),
                           width=width if width in RECEIPT_WIDTHS else "a6",
                           widths=RECEIPT_WIDTHS,
                           qr=b64encode(qr_png(track_url)).decode("ascii"))
