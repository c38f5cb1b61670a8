"""The unit Admin's complaints (Pengaduan) and postal deliveries (Pengiriman), unit-scoped."""
from flask import flash
from flask_babel import format_datetime, gettext, lazy_gettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select, true
from wtforms import StringField, TextAreaField

from admin_views.base import UnitScopedModelView
from admin_views.personal_data import AuditedPersonalData
from portal.extensions import db
from portal.letters import postal
from portal.letters.issuing import LetterError
from portal.models import Application, Complaint, PostalDelivery
from portal.standards import complaints
from portal.workflow.engine import WorkflowError


def _when(view, context, model, name):
    value = getattr(model, name)
    return format_datetime(value, "dd/MM/yyyy HH:mm") if value else ""


def _complaint_clock(view, context, model, name):
    """Working days on the complaint's clock; past its limit it is flagged."""
    days = complaints.working_days(model)
    if complaints.is_overdue(model):
        return Markup('<span class="badge badge-danger">{} &middot; {}</span>').format(
            days, gettext("Lewat batas"))
    return days


def _complaint_state(view, context, model, name):
    return gettext("Dijawab") if model.answered_at else gettext("Belum dijawab")


def _kind(view, context, model, name):
    return complaints.KINDS.get(model.kind, model.kind)


def _is_unit_admin() -> bool:
    return bool(current_user.is_authenticated and not current_user.is_administrator
                and current_user.position == "admin")


class ComplaintView(AuditedPersonalData, UnitScopedModelView):
    """Complaints to my unit (every unit for the Administrator); the unit Admin answers."""

    audit_kind = "complaint"
    audit_searches = False  # by complaint number only
    audited_pages = {"details_view": "view_complaint", "edit_view": "view_complaint"}
    column_list = ("number", "kind", "created_at", "due_on", "clock", "state")
    column_details_list = ("number", "kind", "unit", "application", "service", "name", "email",
                           "phone", "message", "created_at", "due_on", "answer", "answered_at",
                           "answered_by", "working_days")
    column_labels = {
        "number": lazy_gettext("Nomor"), "kind": lazy_gettext("Jenis"),
        "created_at": lazy_gettext("Diterima"), "due_on": lazy_gettext("Batas jawab"),
        "clock": lazy_gettext("Hari kerja"), "state": lazy_gettext("Status"),
        "unit": lazy_gettext("Kantor"), "application": lazy_gettext("Permohonan"),
        "service": lazy_gettext("Layanan"), "name": lazy_gettext("Nama"),
        "email": lazy_gettext("Email"), "phone": lazy_gettext("No. HP"),
        "message": lazy_gettext("Isi pengaduan"), "answer": lazy_gettext("Jawaban"),
        "answered_at": lazy_gettext("Dijawab"), "answered_by": lazy_gettext("Dijawab oleh"),
        "working_days": lazy_gettext("Hari kerja sampai dijawab"),
    }
    column_formatters = {"created_at": _when, "answered_at": _when, "clock": _complaint_clock,
                         "state": _complaint_state, "kind": _kind}
    column_formatters_detail = column_formatters
    column_default_sort = ("created_at", True)
    column_searchable_list = ("number",)
    form_columns = ("answer",)
    form_overrides = {"answer": TextAreaField}
    form_args = {"answer": {"label": lazy_gettext("Jawaban untuk pelapor")}}
    form_widget_args = {"answer": {"rows": 6}}

    def is_accessible(self) -> bool:
        """Officers of a unit and the Administrator."""
        return bool(current_user.is_authenticated
                    and (current_user.is_administrator or current_user.unit_id))

    def scope(self):
        """My unit's complaints; all of them for the Administrator."""
        return true() if current_user.is_administrator else \
            Complaint.unit_id == current_user.unit_id

    @property
    def can_edit(self) -> bool:
        """Only the unit's Admin answers."""
        return _is_unit_admin()

    def update_model(self, form, model) -> bool:
        """Record the answer once; the citizen is told on their channel."""
        try:
            complaints.answer(model, current_user, form.answer.data)
        except complaints.ComplaintRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return False
        flash(gettext("Jawaban pengaduan %(number)s terkirim kepada pelapor.",
                      number=model.number), "success")
        return True


def _dispatch_state(view, context, model, name):
    return gettext("Dikirim") if model.dispatched_at else gettext("Belum dikirim")


class PostalDeliveryView(UnitScopedModelView):
    """Letters the citizens asked to receive by post; the unit Admin records the dispatch."""

    column_list = ("application", "application.applicant_name", "address", "state",
                   "courier", "tracking_number", "dispatched_at")
    column_details_list = column_list
    column_labels = {
        "application": lazy_gettext("No. Pendaftaran"),
        "application.applicant_name": lazy_gettext("Nama Pemohon"),
        "address": lazy_gettext("Alamat pengiriman"), "state": lazy_gettext("Status"),
        "courier": lazy_gettext("Jasa pengiriman"), "tracking_number": lazy_gettext("Nomor resi"),
        "dispatched_at": lazy_gettext("Dikirim"),
    }
    column_formatters = {"dispatched_at": _when, "state": _dispatch_state}
    column_formatters_detail = column_formatters
    column_default_sort = ("requested_at", True)
    form_columns = ("courier", "tracking_number")
    form_overrides = {"courier": StringField, "tracking_number": StringField}
    form_args = {"courier": {"label": lazy_gettext("Jasa pengiriman (mis. Pos Indonesia, JNE)")},
                 "tracking_number": {"label": lazy_gettext("Nomor resi")}}

    def is_accessible(self) -> bool:
        """Unit Admins (who send letters) and the Administrator (to look)."""
        return bool(current_user.is_authenticated
                    and (current_user.is_administrator or current_user.position == "admin"))

    def scope(self):
        """Deliveries of letters my unit issues; all of them for the Administrator."""
        if current_user.is_administrator:
            return true()
        return PostalDelivery.application_id.in_(
            select(Application.id).where(Application.final_unit_id == current_user.unit_id))

    @property
    def can_edit(self) -> bool:
        """Only the unit's Admin records a dispatch."""
        return _is_unit_admin()

    def update_model(self, form, model) -> bool:
        """Record the dispatch: the letter is handed over and the citizen told the number."""
        try:
            postal.dispatch(model.application_id, current_user, form.courier.data,
                            form.tracking_number.data, model.application.version)
        except (postal.DispatchRefused, LetterError, WorkflowError) as refused:
            db.session.rollback()
            flash(gettext(str(refused)), "error")
            return False
        flash(gettext("Pengiriman surat %(reg_no)s tercatat.",
                      reg_no=model.application.reg_no), "success")
        return True
