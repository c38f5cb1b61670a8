"""The holiday calendar and the heads' stand-ins (Plh.)."""
from wtforms import validators

from admin_views.console.base import AdministratorModelView
from portal.workflow.substitutes import validation_errors

REQUIRED = "Wajib diisi."


class HolidayView(AdministratorModelView):
    """Public holidays and collective leave: the service-level clock skips them."""

    column_list = ("day", "name")
    column_labels = {"day": "Tanggal", "name": "Keterangan"}
    column_default_sort = ("day", True)
    column_searchable_list = ("name",)
    form_columns = ("day", "name")
    form_args = {"day": {"validators": [validators.InputRequired(REQUIRED)]},
                 "name": {"validators": [validators.InputRequired(REQUIRED)]}}


class SubstitutionView(AdministratorModelView):
    """A head marked absent with a named substitute for a date range."""

    column_list = ("head_officer", "substitute_officer", "starts_on", "ends_on", "reason")
    column_labels = {"head_officer": "Pejabat yang digantikan",
                     "substitute_officer": "Pelaksana harian (Plh.)",
                     "starts_on": "Mulai", "ends_on": "Sampai dengan", "reason": "Alasan"}
    column_default_sort = ("starts_on", True)
    form_columns = ("head_officer", "substitute_officer", "starts_on", "ends_on", "reason")
    form_args = {name: {"validators": [validators.InputRequired(REQUIRED)]}
                 for name in ("head_officer", "substitute_officer", "starts_on", "ends_on")}

    def validate_form(self, form) -> bool:
        """The head is a Lurah/Camat, the substitute someone else of the same unit."""
        valid = super().validate_form(form)
        if not hasattr(form, "head_officer"):
            return valid
        errors = validation_errors(form.head_officer.data, form.substitute_officer.data,
                                   form.starts_on.data, form.ends_on.data)
        for name, message in errors.items():
            field = getattr(form, name)
            field.errors = list(field.errors) + [message]
        return valid and not errors
