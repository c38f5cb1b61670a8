"""Records that wait for the Admin of the citizen's kelurahan: new accounts, new family members.

Rows, counts and single records pass through one scope (waiting records of the officer's own
kelurahan), so another kelurahan's Admin reaches nothing by guessing an id. The officer opens
a record, sees its data and images, and activates it or refuses it with a reason.
"""
from io import BytesIO

from flask import abort, flash, redirect, request, send_file
from flask_admin import expose
from flask_admin.contrib.sqla import ModelView
from flask_babel import LazyString, lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from admin_views.access import CountedInMenu, OfficerScreen, ScopedRows
from admin_views.personal_data import AuditedPersonalData
from admin_views.search import LiteralSearch
from portal.officers import audit
from portal.extensions import db
from portal.files.processing import UploadRefused, shown_bytes

# Flask-Admin endpoints these views do not offer: each answers 403.
SWITCHED_OFF = frozenset({"create_view", "edit_view", "delete_view", "action_view", "export",
                          "ajax_lookup", "ajax_update"})


class RefusalForm(FlaskForm):
    """The officer's reason for a refusal (emailed to the citizen)."""

    reason = TextAreaField(lazy_gettext("Alasan penolakan"),
                           filters=[lambda value: value.strip() if value else value],
                           validators=[DataRequired(lazy_gettext("Alasan penolakan wajib diisi.")),
                                       Length(max=1000)])


class WaitingRecordView(AuditedPersonalData, OfficerScreen, CountedInMenu, LiteralSearch,
                        ScopedRows, ModelView):
    """Base of Akun Baru and Anggota Keluarga Baru; subclasses name the model, scope and steps."""

    record_model = None  # the model of the rows
    audit_kind = ""  # the audit log's entity type of a row
    view_action = ""  # the audit log's action when an officer opens a row
    activated_message = refused_message = ""  # flashed, formatted with the row's name
    can_create = can_edit = can_delete = can_export = False
    can_view_details = True
    can_set_page_size = False
    form_base_class = FlaskForm
    column_default_sort = ("created_at", False)  # the longest waiting first
    audit_lists = True  # the lists show full NIKs (and phone numbers of accounts)

    def __init__(self, **kwargs):
        super().__init__(self.record_model, db, name=LazyString(self.menu_name), **kwargs)

    def is_accessible(self) -> bool:
        """Admins of a kelurahan only."""
        return bool(current_user.is_authenticated and current_user.position == "admin"
                    and not current_user.is_administrator and current_user.unit is not None
                    and current_user.unit.kind == "kelurahan")

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is None and name in SWITCHED_OFF:
            abort(403)
        return refused

    # -- what subclasses add ----------------------------------------------------------------
    def images(self, record) -> dict:
        """The row's images and documents shown on its page, by key."""
        raise NotImplementedError

    def activate(self, record) -> None:
        """Activate the row (emails and audits; commits)."""
        raise NotImplementedError

    def refuse(self, record, reason: str) -> None:
        """Refuse the row with the reason (emails and audits; commits)."""
        raise NotImplementedError

    # -- the screens ------------------------------------------------------------------------
    @expose("/details/")
    def details_view(self):
        """The row's data and images side by side; the view is audited."""
        record = self.get_one(request.args.get("id", ""))
        audit.record(self.view_action, self.audit_kind, record.id)
        db.session.commit()
        return self._render_details(record, RefusalForm(formdata=None))

    def _render_details(self, record, form):
        return self.render(self.details_template, model=record, refusal_form=form,
                           documents=self.images(record), return_url=self.get_url(".index_view"))

    @expose("/activate/<int:record_id>", methods=("POST",))
    def activate_view(self, record_id: int):
        """Activate the row."""
        record = self.get_one(record_id)
        self.activate(record)
        flash(str(self.activated_message) % {"name": record.name}, "success")
        return redirect(self.get_url(".index_view"), 303)

    @expose("/refuse/<int:record_id>", methods=("POST",))
    def refuse_view(self, record_id: int):
        """Refuse the row with a reason, emailed to the citizen."""
        record = self.get_one(record_id)
        form = RefusalForm()
        if not form.validate():
            return self._render_details(record, form), 400
        self.refuse(record, form.reason.data)
        flash(str(self.refused_message) % {"name": record.name}, "warning")
        return redirect(self.get_url(".index_view"), 303)

    @expose("/image/<int:record_id>/<key>")
    def image_view(self, record_id: int, key: str):
        """One image or document of a row in scope, shown inline."""
        record = self.get_one(record_id)
        document = self.images(record).get(key)
        if document is None:
            abort(404)
        audit.record("document_view", "document", document.id,
                     {f"{self.audit_kind}_id": record.id, "requirement": key})
        db.session.commit()
        try:
            data = shown_bytes(document)
        except (FileNotFoundError, UploadRefused):
            abort(404)
        response = send_file(BytesIO(data), mimetype=document.content_type, max_age=0)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response
