"""Which positions, besides each unit's Admin, may take walk-in applications at the counter."""
from wtforms import SelectField, validators
from wtforms.fields.choices import SelectChoice

from admin_views.console.base import AdministratorModelView
from portal.workflow.engine import POSITION_TITLES, POSITIONS

# The Admin always takes applications at the counter; these may be allowed as well.
OTHER_POSITIONS = [SelectChoice(
    p, f"{POSITION_TITLES[(p, 'kelurahan')][0]} / {POSITION_TITLES[(p, 'kecamatan')][0]}")
    for p in POSITIONS if p != "admin"]


def _title(view, context, model, name) -> str:
    return next((choice.label for choice in OTHER_POSITIONS if choice.value == model.position),
                model.position)


class CounterPositionView(AdministratorModelView):
    """Loket: the positions allowed at the counter (each unit's Admin always is)."""

    column_list = ("position",)
    column_labels = {"position": "Jabatan yang boleh menerima permohonan di loket"}
    column_formatters = {"position": _title}
    column_description = {"position": "Admin setiap unit selalu boleh."}
    form_columns = ("position",)
    form_overrides = {"position": SelectField}
    form_args = {"position": {"choices": OTHER_POSITIONS, "label": "Jabatan",
                              "validators": [validators.InputRequired("Wajib diisi.")]}}
