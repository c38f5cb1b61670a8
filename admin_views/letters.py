"""Officer letter screens: print ("Cetak"), download, hand over ("Serahkan"), letters made by
hand, revocation and the Administrator's letter-template preview."""
import io
from datetime import date

from flask import Blueprint, abort, flash, redirect, request, send_file
from flask_admin import BaseView, expose
from flask_babel import _
from flask_login import current_user

from admin_views.access import OfficerScreen
from admin_views.hand_over import HandOverRefused, hand_over_proxy

from portal.extensions import db
from portal.letters.html import (LetterTemplateError, builtin_body_source, draft_html,
                                render_html, sample_context)
from portal.letters.issuing import LetterError, audit, hand_over as hand_over_letter
from portal.letters.issuing import issue_for_application, issue_manual, letter_of, local_date, may_print
from portal.letters.issuing import render_is_due, revoke as revoke_letter, schedule_render
from portal.letters.recovery import is_stuck
from portal.models import Application, AuditEntry, Letter, Service, utcnow
from portal.officers.audit import record as audit_record
from portal.security import csp_nonce
from portal.files.processing import shown_bytes
from portal.files.storage import get_storage
from portal.workflow.engine import WorkflowError

PAGE_SIZE = 50


def _client_ip() -> str:
    return request.remote_addr or ""


def _parse_date(raw: str):
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def _manual_errors(service, issued_on, subject: str) -> dict:
    """Field errors of the "letter made by hand" form (Indonesian, shown next to each field)."""
    errors = {}
    if service is None:
        errors["service_id"] = _("Pilih layanan.")
    if issued_on is None:
        errors["tanggal"] = _("Isi tanggal surat dengan format yang benar.")
    elif issued_on > local_date(utcnow()):
        errors["tanggal"] = _("Tanggal surat tidak boleh melewati hari ini.")
    if not subject.strip():
        errors["perihal"] = _("Perihal surat wajib diisi.")
    elif len(subject) > 255:
        errors["perihal"] = _("Perihal surat paling banyak 255 karakter.")
    return errors


class LetterView(OfficerScreen, BaseView):
    """Letters of the officer's unit (all units for the Administrator)."""

    def create_blueprint(self, admin):
        """Also register this module's template folder with the app."""
        blueprint = super().create_blueprint(admin)
        if "letter_screens" not in admin.app.blueprints:
            admin.app.register_blueprint(
                Blueprint("letter_screens", __name__, template_folder="templates"))
        return blueprint

    def is_accessible(self) -> bool:
        """Unit Admins (who print) and the Administrator (who revokes)."""
        return bool(current_user.is_authenticated and
                    (current_user.is_administrator or current_user.position == "admin"))

    def _visible_letter(self, letter_id: int) -> Letter:
        letter = db.session.get(Letter, letter_id)
        if letter is None:
            abort(404)
        if not current_user.is_administrator and letter.unit_id != current_user.unit_id:
            abort(403)
        return letter

    @expose("/")
    def index(self):
        """The unit's letter register, newest first, with the form for letters made by hand."""
        page = max(request.args.get("page", 1, type=int), 1)
        query = db.select(Letter).order_by(Letter.id.desc())
        if not current_user.is_administrator:
            query = query.filter_by(unit_id=current_user.unit_id)
        wanted = (request.args.get("nomor") or "").strip()
        if wanted:
            query = query.where(Letter.number.contains(wanted))
        letters = db.session.execute(
            query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).scalars().all()
        return self.render("letters/index.html", letters=letters, page=page, wanted=wanted,
                           services=self._services(), form={}, errors={})

    @staticmethod
    def _services():
        return db.session.execute(db.select(Service).order_by(Service.sort_order)).scalars().all()

    @expose("/cetak", methods=("GET", "POST"))
    def print_letter(self):
        """"Cetak": create the letter and its number once, then render it in the background."""
        application = db.session.get(Application, request.values.get("application_id", type=int))
        if application is None:
            abort(404)
        if not may_print(application, current_user):
            abort(403)
        existing = letter_of(application.id)
        if request.method == "GET":
            if existing is not None:
                return redirect(self.get_url(".detail", letter_id=existing.id))
            return self._print_page(application)
        try:
            letter = issue_for_application(application.id, current_user)
        except LetterError as error:
            flash(_(str(error)), "error")
            return self._print_page(application), 409
        if existing is None and render_is_due(letter):
            schedule_render(letter.id)
        return redirect(self.get_url(".detail", letter_id=letter.id))

    def _print_page(self, application: Application):
        """The "Cetak" page with the letter's draft: nothing is numbered until "Cetak"."""
        preview, error = None, None
        try:
            preview = draft_html(application, style_nonce=csp_nonce())
        except LetterTemplateError as failure:
            error = str(failure)
        audit_record("view_letter_draft", "application", application.id,
                     {"reg_no": application.reg_no})
        db.session.commit()
        return self.render("letters/print.html", application=application, preview=preview,
                           preview_error=error)

    @expose("/<int:letter_id>")
    def detail(self, letter_id: int):
        """The letter: "sedang diproses", then its download, hand-over and revocation."""
        letter = self._visible_letter(letter_id)
        db.session.refresh(letter)
        if letter.handed_over_nik:  # the page shows the full NIK of the proxy
            audit(current_user, "view_letter_proxy", letter, {}, _client_ip())
            db.session.commit()
        return self.render("letters/detail.html", letter=letter, stuck=is_stuck(letter),
                           application=letter.application, errors={}, form={})

    @expose("/<int:letter_id>/unduh")
    def download(self, letter_id: int):
        """The stored PDF, byte for byte; every download is audited."""
        letter = self._visible_letter(letter_id)
        if letter.render_status != "ready":
            flash(_("Surat belum siap diunduh."), "warning")
            return redirect(self.get_url(".detail", letter_id=letter.id))
        data = get_storage().read(letter.storage_key)
        audit(current_user, "letter_download", letter, {}, _client_ip())
        db.session.commit()
        name = letter.number.replace("/", "-")
        return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=f"surat-{name}.pdf")

    @expose("/<int:letter_id>/ulang", methods=("POST",))
    def retry(self, letter_id: int):
        """Render again a letter whose rendering failed (or never started)."""
        letter = self._visible_letter(letter_id)
        if render_is_due(letter):
            schedule_render(letter.id)
            flash(_("Surat dijadwalkan untuk diproses ulang."), "info")
        return redirect(self.get_url(".detail", letter_id=letter.id))

    @expose("/<int:letter_id>/serahkan", methods=("POST",))
    def hand_over(self, letter_id: int):
        """"Serahkan": record to whom the letter was given; the citizen is emailed."""
        letter = self._visible_letter(letter_id)
        recipient = request.form.get("penerima", "").strip()
        errors, proxy_nik, proof = hand_over_proxy(request.form, request.files)
        try:
            if errors:
                raise HandOverRefused()
            hand_over_letter(letter.application_id, current_user, recipient,
                             expected_version=request.form.get("version", type=int),
                             proxy_nik=proxy_nik, proxy_proof=proof)
        except (LetterError, WorkflowError, HandOverRefused) as error:
            db.session.rollback()
            db.session.refresh(letter)
            if not isinstance(error, HandOverRefused):
                errors["penerima"] = _(str(error))
            return self.render("letters/detail.html", letter=letter,
                               application=letter.application, form=request.form,
                               errors=errors), 400
        flash(_("Surat telah diserahkan kepada %(name)s.", name=recipient), "success")
        return redirect(self.get_url(".detail", letter_id=letter.id))

    @expose("/<int:letter_id>/kuasa")
    def proxy_proof(self, letter_id: int):
        """The power of attorney left at the hand-over, shown inline; every view is audited."""
        proof = self._visible_letter(letter_id).handed_over_proof or abort(404)
        audit(current_user, "document_view", self._visible_letter(letter_id),
              {"requirement": proof.requirement_key}, _client_ip())
        db.session.commit()
        response = send_file(io.BytesIO(shown_bytes(proof)),
                             mimetype=proof.content_type, max_age=0)
        response.headers["Cache-Control"] = "private, no-store"
        return response

    @expose("/<int:letter_id>/cabut", methods=("POST",))
    def revoke(self, letter_id: int):
        """Revoke a letter (Administrator only, with a reason)."""
        letter = self._visible_letter(letter_id)
        try:
            revoke_letter(letter.id, current_user, request.form.get("alasan", ""), _client_ip())
        except LetterError as error:
            status = 403 if error.code == "not_administrator" else 400
            return self.render("letters/detail.html", letter=letter,
                               application=letter.application, form=request.form,
                               errors={"alasan": _(str(error))}), status
        flash(_("Surat %(number)s telah dicabut.", number=letter.number), "success")
        return redirect(self.get_url(".detail", letter_id=letter.id))

    @expose("/manual", methods=("POST",))
    def manual(self):
        """Register a letter issued by hand: it takes the next number of the unit."""
        form = request.form
        service = db.session.get(Service, form.get("service_id", type=int) or 0)
        issued_on = _parse_date(form.get("tanggal", ""))
        subject = form.get("perihal", "")
        errors = _manual_errors(service, issued_on, subject)
        if not errors:
            try:
                letter = issue_manual(current_user, service, issued_on, subject, _client_ip())
            except LetterError as error:
                errors["perihal"] = _(str(error))
        if errors:
            return self.render("letters/index.html", letters=[], page=1, wanted="",
                               services=self._services(), form=form, errors=errors), 400
        flash(_("Surat manual tercatat dengan nomor %(number)s.", number=letter.number),
              "success")
        return redirect(self.get_url(".detail", letter_id=letter.id))

    @expose("/templat/<int:service_id>", methods=("GET", "POST"))
    def template(self, service_id: int):
        """The Administrator's letter-template override: preview with sample data, then save."""
        if not current_user.is_administrator:
            abort(403)
        service = db.session.get(Service, service_id) or abort(404)
        text = request.form.get("templat") if request.method == "POST" else \
            (service.letter_template or builtin_body_source(service.code))
        preview, error = None, None
        try:
            preview = render_html(sample_context(service), service.code, text,
                                  style_nonce=csp_nonce())
        except LetterTemplateError as failure:
            error = str(failure)
        if request.method == "POST" and request.form.get("simpan") and error is None:
            self._save_template(service, text)
            flash(_("Templat surat %(name)s disimpan.", name=service.name), "success")
        return self.render("letters/template.html", service=service, text=text,
                           preview=preview, error=error), (400 if error else 200)

    @staticmethod
    def _save_template(service: Service, text: str) -> None:
        builtin = builtin_body_source(service.code)
        service.letter_template = None if text.strip() == builtin.strip() else text
        db.session.add(_template_audit(service))
        db.session.commit()


def _template_audit(service: Service) -> AuditEntry:
    return AuditEntry(officer_id=current_user.id, actor=current_user.name,
                      action="letter_template", object_type="service",
                      object_id=str(service.id), detail={"code": service.code},
                      ip=_client_ip())
