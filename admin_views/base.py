"""The one scoped base view every application screen derives from.

Rows, counts, single records (details, edit, documents, decisions) all pass through the
same scope, so an officer can never reach another unit's application by guessing an id.
"""
from io import BytesIO

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_admin import expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.filters import FilterEqual, IntEqualFilter
from flask_admin.helpers import get_form_data
from flask_babel import LazyString, gettext, lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy.orm import defer
from wtforms import HiddenField

from admin_views import case_file, revision
from admin_views.access import CountedInMenu, OfficerScreen, ScopedRows
from admin_views.forms import decision_form, indonesian_phone, nik_shape
from admin_views.personal_data import AuditedPersonalData
from admin_views.signatures import letter_to_sign_url
from portal.officers.scope import QUEUES, decided_at_my_step
from portal.officers.search import search_condition
from portal.officers import audit
from portal.workflow import corrections, sla
from portal.workflow import transitions
from portal.workflow import engine as workflow
from portal.extensions import db
from portal.local_time import moment_text
from portal.letters.issuing import may_print
from portal.messaging import notice_log
from portal.models import Application, Document, Service, utcnow
from portal.page_cache import per_content_version
from portal.workflow.status_text import status_text
from portal.files.processing import UploadRefused, shown_bytes
from portal.workflow.substitutes import deciding_actor
from portal.workflow.engine import WorkflowError

# Flask-Admin endpoints switched off by a flag: each answers 403 instead of redirecting.
VIEW_FLAGS = {"create_view": "can_create", "edit_view": "can_edit",
              "delete_view": "can_delete", "action_view": "can_delete",
              "export": "can_export", "ajax_lookup": "can_ajax", "ajax_update": "can_ajax"}
# HTTP status of a refused decision, by WorkflowError code.
REFUSAL_STATUS = {"stale": 409, "invalid": 409, "not_allowed": 403,
                  "remark_required": 400, "unknown_action": 400, "correction_required": 400,
                  "corrections_only_on_return": 400}
# The decision buttons of the details page: (action, label, css class).
DECISIONS = (("approve", lazy_gettext("Setujui"), "btn-success"),
             ("return", lazy_gettext("Kembalikan untuk perbaikan"), "btn-warning"),
             ("refuse", lazy_gettext("Tolak"), "btn-danger"))
# Large JSON columns only Lihat Data and revisions read (get_one loads whole rows).
PAYLOAD_COLUMNS = (Application.form_data, Application.definition_snapshot)
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "application/pdf"})
LETTER_ENDPOINT = "letters.print_letter"
LETTER_STATUSES = frozenset({"selesai", "diserahkan"})
# How an application came in (Application.channel), as the queues' column and filter read it.
CHANNEL_LABELS = {"online": lazy_gettext("Daring"), "loket": lazy_gettext("Loket")}


class ServiceOptions:
    """The 'Pilih Pengurusan' choices: services are data, kept per content version."""

    def __iter__(self):
        query = db.select(Service.id, Service.name).order_by(Service.sort_order, Service.name)
        return iter(per_content_version("service-options", lambda: [
            (str(row.id), row.name) for row in db.session.execute(query)]))

    def __bool__(self) -> bool:
        return True


def _submitted(view, context, model, name):
    return moment_text(model.confirmed_at or model.created_at)


def _status(view, context, model, name):
    return status_text(model.status_label)


def _days_waiting(view, context, model, name):
    """Working days on the service-level clock; past the promised level it is flagged."""
    clock = g.get("queue_clocks", {}).get(model.id)
    if clock is None:
        return (utcnow() - model.updated_at).days
    if clock.is_overdue():
        return Markup('<span class="badge badge-danger">{} &middot; {}</span>').format(
            clock.working_days(), gettext("Lewat batas"))
    return clock.working_days()


def _channel(view, context, model, name):
    return CHANNEL_LABELS.get(model.channel, model.channel)


def _open_link(view, context, model, name):
    links = [(view.get_url(".details_view", id=model.id), gettext("Lihat Data"))]
    letter = view.letter_url(model)
    if letter:
        links.append((letter, gettext("Cetak")))
    return Markup(" ").join(Markup('<a class="btn btn-sm btn-primary" href="{}">{}</a>')
                            .format(href, text) for href, text in links)


class ScopedApplicationView(AuditedPersonalData, OfficerScreen, CountedInMenu, ModelView):
    """Applications as one officer may see them; subclasses only name their queue."""

    audit_kind = "application"
    audited_pages = {"edit_view": "view_revision_form"}  # Revisi shows the full NIK and KK
    queue = "data_baru"
    for_administrator = False
    allows_revision = False
    can_create = can_delete = can_export = can_ajax = False
    can_view_details = True
    can_set_page_size = False
    page_size = 20
    form_base_class = FlaskForm
    details_template = "layanan_admin/details.html"
    edit_template = "layanan_admin/edit.html"
    action_disallowed_list = ["delete"]
    column_list = ("reg_no", "service", "applicant_name", "home_unit", "submitted", "channel",
                   "status_label", "days_waiting", "open")
    column_sortable_list = ("reg_no", ("service", "service.name"), "applicant_name",
                            ("home_unit", "home_unit.name"), ("submitted", "created_at"),
                            "status_label")
    column_default_sort = ("created_at", True)
    column_searchable_list = ("reg_no", "applicant_nik", "applicant_name", "applicant_phone",
                              "applicant_email")
    column_filters = (IntEqualFilter(Application.service_id, lazy_gettext("Pilih Pengurusan"),
                                  options=ServiceOptions()),
                      FilterEqual(Application.channel, lazy_gettext("Kanal"),
                                  options=tuple(CHANNEL_LABELS.items())))
    column_labels = {
        "reg_no": lazy_gettext("No. Pendaftaran"), "service": lazy_gettext("Pengurusan"),
        "applicant_name": lazy_gettext("Nama Pemohon"), "home_unit": lazy_gettext("Kelurahan"),
        "submitted": lazy_gettext("Diajukan"), "channel": lazy_gettext("Kanal"),
        "status_label": lazy_gettext("Status"),
        "days_waiting": lazy_gettext("Hari kerja"), "open": "",
        "applicant_nik": lazy_gettext("NIK"), "applicant_kk": lazy_gettext("No. KK"),
        "applicant_email": lazy_gettext("Email"), "applicant_phone": lazy_gettext("No. HP"),
        "applicant_address": lazy_gettext("Alamat"),
    }
    column_formatters = {"submitted": _submitted, "channel": _channel, "status_label": _status,
                         "days_waiting": _days_waiting, "open": _open_link}
    form_columns = revision.APPLICANT_FIELDS + ("version",)
    form_extra_fields = {"version": HiddenField()}
    form_args = {"applicant_nik": {"validators": [nik_shape]},
                 "applicant_kk": {"validators": [nik_shape]},
                 "applicant_phone": {"validators": [indonesian_phone]}}

    def __init__(self, **kwargs):
        super().__init__(Application, db,
                         name=LazyString(self.menu_name), **kwargs)

    # -- who may enter -------------------------------------------------------------
    def is_accessible(self) -> bool:
        """Logged-in officers of a unit (queues) or the Administrator (the 'all' view)."""
        return bool(current_user.is_authenticated
                    and bool(current_user.is_administrator) == self.for_administrator)

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is None and name in VIEW_FLAGS and not getattr(self, VIEW_FLAGS[name]):
            abort(403)
        return refused

    @property
    def can_edit(self) -> bool:
        """Only the Admin position revises, and only in views where items are at their unit."""
        return bool(self.allows_revision and current_user.is_authenticated
                    and not current_user.is_administrator and current_user.position == "admin")

    # -- the scope: list, count and single record together --------------------------
    def scope(self):
        """The SQL condition of this queue for the logged-in officer."""
        return QUEUES[self.queue](current_user)

    def get_query(self):
        """Rows of this queue, without the form data a list never shows."""
        return super().get_query().filter(self.scope()).options(
            *(defer(column) for column in PAYLOAD_COLUMNS))

    def get_count_query(self):
        """Counted like the rows."""
        return super().get_count_query().filter(self.scope())

    def get_list(self, *args, **kwargs):
        """A page of rows, with their service-level clocks computed in one go for the table."""
        count, models = super().get_list(*args, **kwargs)
        models = list(models)
        g.queue_clocks = {clock.application.id: clock for clock in sla.clocks_for(models)}
        return count, models

    def _apply_search(self, query, count_query, joins, count_joins, search):
        """The search box (portal.officers.search): rows and count narrowed alike."""
        condition = search_condition(search)
        if condition is not None:
            query = query.filter(condition)
            count_query = count_query.filter(condition) if count_query is not None else None
        return query, count_query, joins, count_joins

    def find(self, id, condition=None):
        """The application with this id within `condition` (this queue by default), or None."""
        if not str(id).isdigit():
            return None
        query = super().get_query().filter(self.scope() if condition is None else condition)
        return query.filter(Application.id == int(id)).one_or_none()

    def get_one(self, id):
        """One row of this queue, or 404: ids of other units' applications lead nowhere."""
        found = self.find(id)
        if found is None:
            abort(404)
        return found

    # -- Lihat Data, decisions, documents ---------------------------------------------
    def letter_url(self, application: Application):
        """The 'Cetak' link of the letters screen, for the Admin of the issuing unit."""
        if application.status not in LETTER_STATUSES or not may_print(application, current_user):
            return None
        return url_for(LETTER_ENDPOINT, application_id=application.id)

    @staticmethod
    def _may(application: Application, action: str) -> bool:
        try:
            workflow.decide(transitions.case_of(application), action,
                            deciding_actor(current_user, application),
                            expected_version=application.version, remark="-")
        except WorkflowError:
            return False
        return True

    def may_revise(self, application: Application) -> bool:
        """The Admin of the unit the application waits at may revise it."""
        return self.can_edit and self._may(application, "revise")

    def render_details(self, application: Application, form=None, error=None):
        """The Lihat Data page: applicant, form data, documents, history, decision."""
        snapshot = application.definition_snapshot or {}
        form = form or decision_form(corrections.returnable_items(snapshot), formdata=None)
        form.version.data = application.version
        return self.render(
            self.details_template, model=application, form=form, error=error,
            decisions=[d for d in DECISIONS if self._may(application, d[0])],
            fields=snapshot.get("fields", []), inline_types=INLINE_TYPES,
            letter_url=self.letter_url(application), may_revise=self.may_revise(application),
            notices=notice_log.notices_of(application.id), notice_labels=notice_log,
            return_url=self.get_url(".index_view"), **case_file.context(application))

    @expose("/details/")
    def details_view(self):
        """Lihat Data; every view of personal data is audited."""
        application = self.get_one(request.args.get("id", ""))
        audit.record("view_application", "application", application.id,
                     {"reg_no": application.reg_no, "screen": self.endpoint})
        db.session.commit()
        return self.render_details(application)

    @expose("/decide/", methods=("POST",))
    def decide_view(self):
        """Setujui / Kembalikan / Tolak, refused when the page the officer saw is stale."""
        application_id = request.args.get("id", "")
        application = self.find(application_id)
        if application is None:
            return self._decided_meanwhile(application_id)
        snapshot = application.definition_snapshot or {}
        form = decision_form(corrections.returnable_items(snapshot))
        if not form.validate():
            error = (gettext("Formulir keputusan tidak lengkap. Muat ulang halaman.")
                     if form.version.errors else gettext("Periksa kembali isian yang ditandai."))
            return self.render_details(application, form, error), 400
        ticked = tuple(corrections.correction(key, reason, snapshot)
                       for key, reason in form.ticked())
        try:
            transitions.perform(application.id, request.form.get("action", ""),
                                deciding_actor(current_user, application),
                                expected_version=form.version.data, remark=form.remark.data or "",
                                corrections=ticked, internal_note=form.internal_note.data or "")
        except WorkflowError as refusal:
            return self.render_details(application, form, gettext(str(refusal))), \
                REFUSAL_STATUS[refusal.code]
        flash(gettext("Permohonan %(reg_no)s: %(status)s.", reg_no=application.reg_no,
                      status=status_text(application.status_label)), "success")
        return redirect(letter_to_sign_url(application.id, current_user)
                        or self.get_url(".index_view"))

    def _decided_meanwhile(self, id):
        """A colleague at my step decided it since the page was opened: 409, not 404."""
        application = self.find(id, decided_at_my_step(current_user))
        seen = request.form.get("version", "")
        if application is None or not seen.isdigit() or int(seen) >= application.version:
            abort(404)
        return self.render_details(application, error=gettext(str(WorkflowError("stale")))), 409

    @expose("/document/<int:document_id>")
    def document_view(self, document_id: int):
        """A requirement document, scoped like the rows; inline only for images and PDFs."""
        document = db.session.get(Document, document_id)
        if document is None or document.application_id is None:
            abort(404)
        application = self.get_one(document.application_id)
        inline = request.args.get("inline") == "1" and document.content_type in INLINE_TYPES
        audit.record("document_view" if inline else "document_download", "document",
                     document.id, {"application_id": application.id,
                                   "reg_no": application.reg_no,
                                   "requirement": document.requirement_key})
        db.session.commit()
        try:
            data = shown_bytes(document)
        except (FileNotFoundError, UploadRefused):
            abort(404)
        response = send_file(BytesIO(data), mimetype=document.content_type,
                             as_attachment=not inline, max_age=0,
                             download_name=document.original_name or document.requirement_key)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response

    # -- revise (Flask-Admin edit form) -----------------------------------------------
    def edit_form(self, obj=None):
        """The applicant fields plus the application's own form fields; 403 when not revisable."""
        if obj is None or not self.may_revise(obj):
            abort(403)
        form_class = revision.revision_form_class(self._edit_form_class, obj.definition_snapshot)
        return form_class(get_form_data(), obj=obj, **revision.form_data_defaults(obj))

    def update_model(self, form, model) -> bool:
        """Save a revision as a workflow transition: history and audit log (its listener) get
        before/after."""
        changes = revision.collect_changes(form, model)
        if not changes:
            flash(gettext("Tidak ada perubahan."), "info")
            return True

        def write(application: Application) -> None:
            corrections.apply_values(application, changes)

        version = str(form.version.data or "")
        try:
            transitions.perform(model.id, "revise", transitions.actor_for(current_user),
                                expected_version=int(version) if version.isdigit() else 0,
                                changes=changes, apply_changes=write)
        except WorkflowError as refusal:
            flash(gettext(str(refusal)), "error")
            return False
        return True


class UnitScopedModelView(ScopedRows, OfficerScreen, ModelView):
    """Any other record of a unit (complaints, postal deliveries), scoped like applications.

    Subclasses give `scope()`, the SQL condition of the rows the logged-in officer may see:
    the list, its count and every single record (details, edit) pass through it, so an
    officer of another unit reaching for an id gets a 404.
    """

    form_base_class = FlaskForm
    can_create = can_delete = can_export = can_ajax = False
    can_view_details = True
    can_set_page_size = False
    page_size = 50
    action_disallowed_list = ["delete"]

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is None and name in VIEW_FLAGS and not getattr(self, VIEW_FLAGS[name]):
            abort(403)
        return refused
