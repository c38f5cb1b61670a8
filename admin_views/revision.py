"""Revising an application (Admin of the unit): the edit form's extra fields and the diff."""
from datetime import date

from flask_babel import gettext
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from portal.models import Application
from portal.validators import normalize_phone

APPLICANT_FIELDS = ("applicant_name", "applicant_nik", "applicant_kk", "applicant_email",
                    "applicant_phone", "applicant_address")
FORM_PREFIX = "data__"
FIELD_CLASSES = {"text": StringField, "textarea": TextAreaField, "number": IntegerField,
                 "date": DateField, "select": SelectField}
# How a typed value is stored in the application (phones as +628…, dates as ISO text).
NORMALISERS = {"applicant_phone": lambda value: normalize_phone(value) or value}


def _field(definition: dict):
    validators = [DataRequired(gettext("Wajib diisi."))] if definition["required"] \
        else [Optional()]
    kwargs = {"label": definition["label"], "validators": validators,
              "description": definition.get("help_text", "")}
    if definition["type"] == "select":
        kwargs["choices"] = [SelectChoice(option) for option in definition["options"]]
    return FIELD_CLASSES.get(definition["type"], StringField)(**kwargs)


def revision_form_class(base_class, snapshot: dict):
    """The edit form plus one field per form field the application was submitted with."""
    extra = {FORM_PREFIX + field["name"]: _field(field) for field in snapshot.get("fields", [])}
    return type("RevisionForm", (base_class,), extra)


def _stored(definition_type: str, value):
    if definition_type == "date" and isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return value


def form_data_defaults(application: Application) -> dict:
    """Prefill values of the form-data fields."""
    values = application.form_data or {}
    return {FORM_PREFIX + field["name"]: _stored(field["type"], values.get(field["name"]))
            for field in application.definition_snapshot.get("fields", [])}


def _typed(value):
    if isinstance(value, date):
        return value.isoformat()
    return value.strip() if isinstance(value, str) else value


def collect_changes(form, application: Application) -> dict:
    """{field: {'before': …, 'after': …}} for every value the officer changed."""
    changes = {}
    for name in APPLICANT_FIELDS:
        after = NORMALISERS.get(name, _typed)(_typed(getattr(form, name).data or ""))
        if after != getattr(application, name):
            changes[name] = {"before": getattr(application, name), "after": after}
    values = application.form_data or {}
    for field in application.definition_snapshot.get("fields", []):
        after = _typed(getattr(form, FORM_PREFIX + field["name"]).data)
        if after != values.get(field["name"]) and not (after in ("", None) and
                                                        values.get(field["name"]) in ("", None)):
            changes["form_data." + field["name"]] = {"before": values.get(field["name"]),
                                                     "after": after}
    return changes


def apply_changes(application: Application, changes: dict) -> None:
    """Write the changed values into the application row (inside the revise transaction)."""
    form_data = dict(application.form_data or {})
    for name, change in changes.items():
        if name.startswith("form_data."):
            form_data[name.split(".", 1)[1]] = change["after"]
        else:
            setattr(application, name, change["after"])
    application.form_data = form_data
