"""Services editor: a new letter goes live with no code change, only this form."""
from flask_admin.helpers import is_form_submitted
from flask_admin.model.form import InlineFormAdmin
from wtforms import (IntegerField, SelectField, SelectMultipleField, TextAreaField, validators,
                     widgets)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

from admin_views.console.base import AdministratorModelView
from admin_views.language import InlineForm
from portal.extensions import db
from portal.models import FormField, RequiredDocument, Service
from portal.workflow.service_rules import (ACCEPTED_FILE_TYPES, FIELD_TYPE_CHOICES, FLOW_CHOICES,
                                  IDENTITY_CHOICES, MESSAGES, SIGNER_CHOICES, duplicates,
                                  is_field_name, is_service_code, service_code_from,
                                  typed_service_code)

REQUIRED = "Wajib diisi."
# Fair-use counts: 0 means no limit; never negative.
NON_NEGATIVE = [validators.InputRequired(REQUIRED),
                validators.NumberRange(0, 10_000, MESSAGES["non_negative"])]


class CheckboxList(widgets.ListWidget):
    """Check boxes one under another, not squeezed into the one-line frame of a text input."""

    def __call__(self, field, **kwargs):
        """Render the list without the `form-control` class Flask-Admin gives every field."""
        kwargs["class"] = "list-unstyled mb-0"
        return super().__call__(field, **kwargs)


class AcceptedTypesField(SelectMultipleField):
    """Check boxes over the fixed file kinds, stored as 'pdf,jpg'."""

    widget = CheckboxList(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def process_data(self, value):
        """Accept the stored comma-separated text."""
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        super().process_data(value)

    def pre_validate(self, form):
        """Only kinds from the fixed list."""
        unknown = [value for value in self.data or [] if value not in ACCEPTED_FILE_TYPES]
        if unknown:
            raise ValidationError(MESSAGES["unknown_type"].format(
                name=unknown[0], allowed=", ".join(ACCEPTED_FILE_TYPES)))

    def populate_obj(self, obj, name):
        """Store the chosen kinds as comma-separated text."""
        setattr(obj, name, ",".join(self.data or []))


class WholeNumberField(IntegerField):
    """An integer input whose only message for text that is no number is an Indonesian one."""

    def process_formdata(self, valuelist):
        """Parse the number; refuse anything else with the house message."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(MESSAGES["whole_number"]) from None

    def pre_validate(self, form):
        """Text that is no number needs no range message on top (empty: 'Wajib diisi.')."""
        if self.process_errors and (self.raw_data or [""])[0]:
            raise StopValidation()


def checked(test, message: str):
    """A WTForms validator from a predicate; stops the chain so later checks stay quiet."""

    def validate(form, field):
        if field.data and not test(field.data):
            raise StopValidation(message)

    return validate


def unique_code(form, field):
    """No other service may use this code."""
    current = getattr(form, "_obj", None)
    other = db.session.execute(db.select(Service.id).filter_by(code=field.data)).scalar()
    if other is not None and (current is None or current.id != other):
        raise StopValidation(MESSAGES["code_taken"])


def some_type_chosen(form, field):
    """At least one file kind; checked here, not by the browser, which would demand all boxes."""
    if not field.data:
        raise StopValidation(MESSAGES["types"])


def options_for_select(form, field):
    """A select field needs at least one option."""
    if form.type.data == "select" and not (field.data or "").strip():
        raise StopValidation(MESSAGES["options"])


class RequiredDocumentInline(InlineFormAdmin):
    """Inline editor of one required document."""

    form_base_class = InlineForm
    form_columns = ("id", "key", "label", "mandatory", "accepted_types", "max_size_kb",
                    "at_counter", "identity", "position")
    form_args = {
        "key": {"label": "Kode dokumen", "validators": [
            validators.InputRequired(REQUIRED), checked(is_field_name, MESSAGES["name"])]},
        "label": {"label": "Nama dokumen", "validators": [validators.InputRequired(REQUIRED)]},
        "mandatory": {"label": "Wajib"},
        "max_size_kb": {"label": "Ukuran maksimal (KB)", "validators": [
            validators.NumberRange(1, 25 * 1024, "Antara 1 dan 25600 KB.")]},
        "at_counter": {"label": "Ditunjukkan di loket (tidak diunggah)"},
        "position": {"label": "Urutan"},
    }

    def postprocess_form(self, form_class):
        """Accepted types and the identity kind come from fixed lists."""
        form_class.accepted_types = AcceptedTypesField(
            "Jenis berkas diterima",
            choices=[SelectChoice(kind, kind.upper()) for kind in ACCEPTED_FILE_TYPES],
            validators=[some_type_chosen])
        form_class.identity = SelectField(
            "Dokumen identitas pemohon", choices=IDENTITY_CHOICES, default="",
            description="KTP atau KK pemohon sendiri: warga yang masuk dengan akun tidak "
                        "perlu mengunggahnya lagi.")
        return form_class


class FormFieldInline(InlineFormAdmin):
    """Inline editor of one extra form field."""

    form_base_class = InlineForm
    form_columns = ("id", "name", "label", "type", "options", "required", "position",
                    "help_text")
    form_args = {
        "name": {"label": "Nama isian", "validators": [
            validators.InputRequired(REQUIRED), checked(is_field_name, MESSAGES["name"])]},
        "label": {"label": "Label", "validators": [validators.InputRequired(REQUIRED)]},
        "required": {"label": "Wajib diisi"},
        "position": {"label": "Urutan"},
        "help_text": {"label": "Petunjuk pengisian"},
    }

    def postprocess_form(self, form_class):
        """Type from the fixed list; options one per line, required for a select."""
        form_class.type = SelectField("Jenis isian", choices=FIELD_TYPE_CHOICES)
        form_class.options = TextAreaField("Opsi (satu per baris)",
                                           validators=[options_for_select])
        return form_class


def _entries(form, name):
    field_list = getattr(form, name, None)
    if field_list is None:
        return []
    return [entry for entry in field_list.entries if not field_list.should_delete(entry)]


def _flag_duplicates(entries, attribute: str, message: str) -> bool:
    repeated = set(duplicates(getattr(e.form, attribute).data for e in entries))
    for entry in entries:
        field = getattr(entry.form, attribute)
        if field.data in repeated:
            field.errors = list(field.errors) + [message.format(name=field.data)]
    return not repeated


class ServiceView(AdministratorModelView):
    """Services with their required documents and form fields."""

    column_list = ("sort_order", "code", "name", "flow", "classification_code",
                   "service_level_days", "is_open")
    column_labels = {"sort_order": "No.", "code": "Kode", "name": "Nama layanan",
                     "flow": "Alur", "classification_code": "Kode klasifikasi",
                     "service_level_days": "Batas waktu (hari kerja)", "is_open": "Dibuka",
                     "description": "Keterangan", "signer_mode": "Penanda tangan",
                     "letter_template": "Templat surat",
                     "letter_title": "Judul surat (kosong: nama layanan)",
                     "allow_citizen_download": "Warga boleh mengunduh surat",
                     "requires_account": "Hanya untuk warga yang masuk dengan akun",
                     "one_open_per_nik": "Satu permohonan terbuka per NIK",
                     "cooldown_days": "Jeda antarpermohonan per NIK (hari, 0 = tanpa jeda)",
                     "daily_quota": "Kuota harian per kantor (0 = tanpa batas)",
                     "documents": "Dokumen persyaratan", "fields": "Isian formulir",
                     "standard_cost": "Standar pelayanan: biaya/tarif (kosong: Gratis)",
                     "standard_product": "Standar pelayanan: produk (kosong: judul surat)",
                     "standard_complaints": "Standar pelayanan: penanganan pengaduan "
                                            "(kosong: formulir pengaduan online)",
                     "offers_postal_delivery": "Surat dapat dikirim melalui pos/kurir"}
    column_default_sort = "sort_order"
    column_searchable_list = ("code", "name")
    column_filters = ("flow", "is_open")
    can_delete = False  # applications keep pointing at their service; close it instead
    form_columns = ("code", "name", "flow", "description", "classification_code",
                    "service_level_days", "is_open", "signer_mode", "letter_title", "letter_template",
                    "allow_citizen_download", "requires_account", "one_open_per_nik",
                    "cooldown_days", "daily_quota", "sort_order", "standard_cost",
                    "standard_product", "standard_complaints", "offers_postal_delivery",
                    "documents", "fields")
    form_overrides = {"flow": SelectField, "signer_mode": SelectField,
                      "service_level_days": WholeNumberField, "cooldown_days": WholeNumberField,
                      "daily_quota": WholeNumberField}
    form_args = {
        "flow": {"choices": FLOW_CHOICES},
        "signer_mode": {"choices": SIGNER_CHOICES},
        "code": {"validators": [validators.DataRequired(REQUIRED),  # data: may come from the name
                                checked(is_service_code, MESSAGES["code"]), unique_code],
                 "filters": [typed_service_code],
                 "description": "Kosongkan untuk dibuat dari nama layanan. Huruf besar dan spasi "
                                "diubah menjadi huruf kecil dan tanda hubung."},
        "name": {"validators": [validators.InputRequired(REQUIRED)]},
        "service_level_days": {"validators": [
            validators.InputRequired(REQUIRED),
            validators.NumberRange(1, 60, "Batas waktu antara 1 dan 60 hari kerja.")]},
        "cooldown_days": {"validators": NON_NEGATIVE},
        "daily_quota": {"validators": NON_NEGATIVE},
    }
    inline_models = (RequiredDocumentInline(RequiredDocument), FormFieldInline(FormField))

    def validate_form(self, form) -> bool:
        """Field and document names must each be unique within the service; an empty code is
        made from the name."""
        if is_form_submitted() and hasattr(form, "code") and not (form.code.data or "").strip():
            form.code.data = service_code_from(form.name.data or "")
            form.code.raw_data = [form.code.data]  # as if typed: "required" checks what was sent
        valid = super().validate_form(form)
        if not hasattr(form, "fields"):
            return valid
        names_ok = _flag_duplicates(_entries(form, "fields"), "name", MESSAGES["name_taken"])
        documents = _entries(form, "documents")
        keys_ok = _flag_duplicates(documents, "key", MESSAGES["key_taken"])
        identity_ok = _flag_duplicates([e for e in documents if e.form.identity.data],
                                       "identity", MESSAGES["identity_taken"])
        return valid and names_ok and keys_ok and identity_ok
