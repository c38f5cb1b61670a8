"""The Administrator console's one base behaviour: who may enter, and auditing every change."""
from datetime import date, datetime

import flask_wtf
from flask import request
from flask_admin import BaseView
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_words
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_login import current_user
from sqlalchemy import inspect
from wtforms.fields.choices import Choice

from admin_views.access import OfficerScreen
from admin_views.search import LiteralSearch
from portal.extensions import db
from portal.models import AuditEntry
from portal.page_cache import invalidate_public_pages

SECRET_COLUMNS = frozenset({"password_hash", "session_token", "totp_secret_sealed",
                            "totp_last_step"})


class AdministratorAccess(OfficerScreen):
    """Mixin: only the Administrator (and `also_for_positions`) may open the screen."""

    also_for_positions: tuple = ()

    def is_accessible(self) -> bool:
        """Logged-in Administrator, or an officer whose position the view also admits."""
        user = current_user
        if not user.is_authenticated:
            return False
        return bool(user.is_administrator) or (user.position in self.also_for_positions)


class AdministratorView(AdministratorAccess, BaseView):
    """A custom console page for the Administrator."""


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def column_changes(model) -> dict:
    """{'before': {...}, 'after': {...}} of the model's changed columns (secrets left out)."""
    state = inspect(model)
    before, after = {}, {}
    for attr in state.mapper.column_attrs:
        if attr.key in SECRET_COLUMNS:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            before[attr.key] = _plain(history.deleted[0]) if history.deleted else None
            after[attr.key] = _plain(history.added[0]) if history.added else None
    return {"before": before, "after": after}


def snapshot(model) -> dict:
    """Every (non-secret) column value of the model."""
    state = inspect(model)
    return {attr.key: _plain(getattr(model, attr.key)) for attr in state.mapper.column_attrs
            if attr.key not in SECRET_COLUMNS}


def audit(action: str, model, detail: dict) -> None:
    """Add an audit row for an Administrator change, in the change's own transaction."""
    db.session.add(AuditEntry(
        officer_id=current_user.id, actor=current_user.name, action=action,
        object_type=inspect(model).mapper.local_table.name,
        object_id=str(inspect(model).identity[0] if inspect(model).identity else ""),
        detail=detail, ip=request.remote_addr or ""))


def _field_errors(fields, prefix: str = ""):
    """(field id, label, message) of each error, entering inline forms ('Isian formulir 2: …')."""
    for field in fields:
        if hasattr(field, "entries"):
            for number, entry in enumerate(field.entries, start=1):
                inner = entry.form if hasattr(entry, "form") else [entry]
                yield from _field_errors(inner, f"{prefix}{field.label.text} {number} · ")
        elif hasattr(field, "form"):
            yield from _field_errors(field.form, prefix)
        elif field.errors and field.type not in ("CSRFTokenField", "HiddenField"):
            messages = field.errors.values() if isinstance(field.errors, dict) else field.errors
            for message in messages:
                yield field.id, f"{prefix}{field.label.text}", message


def error_summary(form) -> list[tuple[str, str, str]]:
    """Every reason a submitted console form was refused, in the form's order."""
    return list(_field_errors(form)) if form is not None else []


class ConsoleForm(flask_wtf.FlaskForm):
    """FlaskForm (app-wide CSRF) that remembers the edited object, as uniqueness checks need."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._obj = kwargs.get("obj")


BLANK_CHOICE = "—"  # the empty option's label: WTForms would show its value, "__None"


class ChoiceQuerySelectField(QuerySelectField):
    """Flask-Admin's relationship select, yielding WTForms 3.3 `Choice`s (no deprecated tuples)."""

    def iter_choices(self):
        """The options as `Choice` instances; the empty one reads "—"."""
        for choice in super().iter_choices():
            yield choice if isinstance(choice, Choice) else Choice(
                choice[0], choice[1] or BLANK_CHOICE, choice[2],
                choice[3] if len(choice) > 3 else {})


class ConsoleModelConverter(AdminModelConverter):
    """Builds relationship selects with `ChoiceQuerySelectField`."""

    def _model_select_field(self, prop, multiple, remote_model, **kwargs):
        field = super()._model_select_field(prop, multiple, remote_model, **kwargs)
        if getattr(field, "field_class", None) is QuerySelectField:
            field.field_class = ChoiceQuerySelectField
        return field


class AdministratorModelView(AdministratorAccess, LiteralSearch, ModelView):
    """CRUD screen for the Administrator; every create, edit and delete is audited."""

    form_base_class = ConsoleForm
    model_form_converter = ConsoleModelConverter
    page_size = 50
    can_view_details = True
    create_template = "console/create.html"
    edit_template = "console/edit.html"

    def render(self, template, **kwargs):
        """Pages with a form also get the summary of its errors (console/_error_summary.html)."""
        kwargs.setdefault("error_summary", error_summary(kwargs.get("form")))
        return super().render(template, **kwargs)

    def on_model_change(self, form, model, is_created: bool) -> None:
        """Record before/after of the changed columns in the audit log."""
        changes = column_changes(model)
        db.session.flush()
        audit("admin_create" if is_created else "admin_update", model,
              {"before": {} if is_created else changes["before"], "after": changes["after"]})

    def on_model_delete(self, model) -> None:
        """Record what was deleted."""
        audit("admin_delete", model, {"before": snapshot(model), "after": {}})

    def after_model_change(self, form, model, is_created: bool) -> None:
        """Committed: the public pages (services, units, letter templates) show it at once."""
        invalidate_public_pages()

    def after_model_delete(self, model) -> None:
        """Committed: the public pages no longer show what was deleted."""
        invalidate_public_pages()

    @action("delete", admin_words("Delete"),
            admin_words("Are you sure you want to delete selected records?"))
    def action_delete(self, ids) -> None:
        """Delete the ticked rows, their ids as the integers the primary key holds.

        Flask-Admin filters with the form's strings, which PostgreSQL under psycopg 3 will not
        compare with an integer column (pallets-eco/flask-admin#2951); an id that is not a
        number matches no row.
        """
        super().action_delete(tuple(int(value) for value in ids if value.isdigit()))
