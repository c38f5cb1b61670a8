"""The holiday calendar and the officials' stand-ins (Plh. and Plt.)."""
from wtforms import SelectField, validators

from admin_views.console.base import AdministratorModelView
from portal.workflow.service_rules import choices
from portal.workflow.substitutes import validation_errors

REQUIRED = "Wajib diisi."
STAND_IN_LABELS = {"plh": "Plh. (pelaksana harian: pejabat berhalangan)",
                   "plt": "Plt. (pelaksana tugas: jabatan kosong)"}
POST_LABELS = {"kepala": "Lurah/Camat", "sekretaris": "Sekretaris", "kasi": "Kasi"}


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
    """A stand-in for a date range: Plh. for an absent official, Plt. for a vacant post."""

    column_list = ("kind", "unit", "position", "head_officer", "substitute_officer", "starts_on",
                   "ends_on", "reason")
    column_labels = {"kind": "Jenis", "unit": "Unit", "position": "Jabatan",
                     "head_officer": "Pejabat yang digantikan (Plh.)",
                     "substitute_officer": "Pelaksana (Plh./Plt.)",
                     "starts_on": "Mulai", "ends_on": "Sampai dengan", "reason": "Alasan"}
    column_formatters = {"kind": lambda v, c, model, n: STAND_IN_LABELS.get(model.kind, ""),
                         "position": lambda v, c, model, n: POST_LABELS.get(model.position, "")}
    column_default_sort = ("starts_on", True)
    form_columns = ("kind", "unit", "position", "head_officer", "substitute_officer",
                    "starts_on", "ends_on", "reason")
    form_overrides = {"kind": SelectField, "position": SelectField}
    form_args = {
        **{name: {"validators": [validators.InputRequired(REQUIRED)]}
           for name in ("unit", "substitute_officer", "starts_on", "ends_on")},
        "kind": {"choices": choices(STAND_IN_LABELS, STAND_IN_LABELS)},
        "position": {"choices": choices(POST_LABELS, POST_LABELS)},
        "head_officer": {"validators": [validators.Optional()]},
    }

    def validate_form(self, form) -> bool:
        """Plh. names the absent holder, Plt. none; the substitute is of the same unit."""
        valid = super().validate_form(form)
        if not hasattr(form, "head_officer"):
            return valid
        unit = form.unit.data
        errors = validation_errors(form.head_officer.data, form.substitute_officer.data,
                                   form.starts_on.data, form.ends_on.data, form.kind.data,
                                   form.position.data, unit.id if unit is not None else None)
        if unit is not None and form.head_officer.data is not None \
                and form.head_officer.data.unit_id != unit.id:
            errors.setdefault("head_officer", "Pejabat yang digantikan harus dari unit itu.")
        for name, message in errors.items():
            field = getattr(form, name)
            field.errors = list(field.errors) + [message]
        return valid and not errors
