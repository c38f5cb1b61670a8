"""Akun Baru: new citizen accounts for the Admin of the citizen's kelurahan to activate or refuse.

Rows, counts and single records pass through one scope (waiting accounts of the officer's
own kelurahan), so another kelurahan's Admin reaches nothing by guessing an id.
"""
from io import BytesIO

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_admin.contrib.sqla import ModelView
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import and_
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal import audit, citizen_accounts
from portal.extensions import db
from portal.models import CitizenAccount
from portal.models.citizen import IDENTITY_DOCUMENTS
from portal.storage import get_storage

# Flask-Admin endpoints this view does not offer: each answers 403.
SWITCHED_OFF = frozenset({"create_view", "edit_view", "delete_view", "action_view", "export",
                          "ajax_lookup", "ajax_update"})


class RefusalForm(FlaskForm):
    """The officer's reason for refusing an account (emailed to the citizen)."""

    reason = TextAreaField(lazy_gettext("Alasan penolakan"),
                           filters=[lambda value: value.strip() if value else value],
                           validators=[DataRequired(lazy_gettext("Alasan penolakan wajib diisi.")),
                                       Length(max=1000)])


class NewAccountView(ModelView):
    """Waiting citizen accounts of the logged-in Admin's kelurahan."""

    can_create = can_edit = can_delete = can_export = False
    can_view_details = True
    can_set_page_size = False
    form_base_class = FlaskForm
    details_template = "layanan_admin/account_details.html"
    column_list = ("nik", "name", "email", "phone", "created_at")
    column_default_sort = ("created_at", False)
    column_searchable_list = ("nik", "name", "email")
    column_labels = {"nik": lazy_gettext("NIK"), "name": lazy_gettext("Nama"),
                     "email": lazy_gettext("Email"), "phone": lazy_gettext("No. HP"),
                     "created_at": lazy_gettext("Mendaftar")}

    def __init__(self, **kwargs):
        super().__init__(CitizenAccount, db, **kwargs)

    def is_accessible(self) -> bool:
        """Admins of a kelurahan only."""
        return bool(current_user.is_authenticated and current_user.position == "admin"
                    and not current_user.is_administrator and current_user.unit is not None
                    and current_user.unit.kind == "kelurahan")

    def inaccessible_callback(self, name, **kwargs):
        """Anonymous visitors go to the login page; other officers get 403."""
        if not current_user.is_authenticated:
            return redirect(url_for("login.index", next=request.full_path.rstrip("?")))
        return abort(403)

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is None and name in SWITCHED_OFF:
            abort(403)
        return refused

    def scope(self):
        """Waiting accounts whose kelurahan is the officer's."""
        return and_(CitizenAccount.status == "waiting",
                    CitizenAccount.home_unit_id == current_user.unit_id)

    def get_query(self):
        """Rows in scope only."""
        return super().get_query().filter(self.scope())

    def get_count_query(self):
        """Counted like the rows."""
        return super().get_count_query().filter(self.scope())

    def get_one(self, id):
        """One account in scope, or 404."""
        if not str(id).isdigit():
            abort(404)
        found = self.get_query().filter(CitizenAccount.id == int(id)).one_or_none()
        if found is None:
            abort(404)
        return found

    @expose("/details/")
    def details_view(self):
        """The account's data and its four images side by side; the view is audited."""
        account = self.get_one(request.args.get("id", ""))
        audit.record("view_citizen_account", "citizen_account", account.id)
        db.session.commit()
        return self._render_details(account, RefusalForm(formdata=None))

    def _render_details(self, account, form):
        return self.render(self.details_template, model=account, refusal_form=form,
                           documents=account.identity_documents(),
                           return_url=self.get_url(".index_view"))

    @expose("/activate/<int:account_id>", methods=("POST",))
    def activate_view(self, account_id: int):
        """Activate the account (it can log in from now on)."""
        account = self.get_one(account_id)
        citizen_accounts.activate(account, current_user)
        flash(gettext("Akun %(name)s diaktifkan.", name=account.name), "success")
        return redirect(self.get_url(".index_view"), 303)

    @expose("/refuse/<int:account_id>", methods=("POST",))
    def refuse_view(self, account_id: int):
        """Refuse the account with a reason, emailed to the citizen."""
        account = self.get_one(account_id)
        form = RefusalForm()
        if not form.validate():
            return self._render_details(account, form), 400
        citizen_accounts.refuse(account, current_user, form.reason.data)
        flash(gettext("Pendaftaran akun %(name)s ditolak.", name=account.name), "warning")
        return redirect(self.get_url(".index_view"), 303)

    @expose("/image/<int:account_id>/<key>")
    def image_view(self, account_id: int, key: str):
        """One identity image of an account in scope, shown inline."""
        account = self.get_one(account_id)
        document = account.identity_documents().get(key) if key in IDENTITY_DOCUMENTS else None
        if document is None:
            abort(404)
        audit.record("document_view", "document", document.id,
                     {"citizen_account_id": account.id, "requirement": key})
        db.session.commit()
        response = send_file(BytesIO(get_storage().read(document.storage_key)),
                             mimetype=document.content_type, max_age=0)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response
