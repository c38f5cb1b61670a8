"""Revising an application (Admin of the unit): the edit form's extra fields and the diff."""
from datetime import date

from flask_babel import gettext
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from portal.models import Application
from portal.workflow import corrections

APPLICANT_FIELDS = tuple(corrections.APPLICANT_ITEMS)
INPUT_PREFIX = "data__"  # the edit form's inputs of the service's own fields
FIELD_CLASSES = {"text": StringField, "textarea": TextAreaField, "number": IntegerField,
                 "date": DateField, "select": SelectField}


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
    extra = {INPUT_PREFIX + field["name"]: _field(field) for field in snapshot.get("fields", [])}
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
    return {INPUT_PREFIX + field["name"]: _stored(field["type"], values.get(field["name"]))
            for field in application.definition_snapshot.get("fields", [])}


def _typed(value):
    """A form value as the application stores it: text, dates as ISO text."""
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if isinstance(value, int) else value


def collect_changes(form, application: Application) -> dict:
    """{item key: {'before': …, 'after': …}} for every value the officer changed."""
    proposed = {name: _typed(getattr(form, name).data or "") for name in APPLICANT_FIELDS}
    for field in application.definition_snapshot.get("fields", []):
        typed = _typed(getattr(form, INPUT_PREFIX + field["name"]).data)
        proposed[corrections.FORM_PREFIX + field["name"]] = typed
    return corrections.changed_values(application, proposed)
