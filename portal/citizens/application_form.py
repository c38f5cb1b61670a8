"""The application form: the applicant block, then fields generated from the service's settings.

Shared by the citizen site and the counter (loket) in the officer screens, so both validate alike.

Every message is Indonesian (msgids for Flask-Babel) and set explicitly, because WTForms
ships no Indonesian translation of its own.
"""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, FileField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from portal.citizens.submission import uploadable
from portal.validators import is_nik, normalize_phone

REQUIRED = _l("Wajib diisi.")
NUMBER = re.compile(r"[0-9]+([.,][0-9]+)?", re.ASCII)
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def strip(value):
    """Drop surrounding whitespace (pasted values); inner characters are checked as typed."""
    return value.strip() if isinstance(value, str) else value


def sixteen_digits(form, field) -> None:
    """NIK and KK numbers are exactly 16 ASCII digits."""
    if not is_nik(field.data):
        raise ValidationError(_l("Harus tepat 16 digit angka (0-9), tanpa spasi atau tanda baca."))


def indonesian_mobile(form, field) -> None:
    """Accept 08…, 628… or +628…; store the +62 form."""
    normalised = normalize_phone(field.data)
    if normalised is None:
        raise ValidationError(_l("Nomor HP Indonesia tidak valid, contoh: 0812 3456 7890."))
    field.data = normalised


def iso_date(form, field) -> None:
    """A calendar date as the browser's date picker sends it (YYYY-MM-DD)."""
    try:
        date.fromisoformat(field.data)
    except (TypeError, ValueError):
        raise ValidationError(_l("Tanggal tidak valid (format HHHH-BB-TT).")) from None


def number(form, field) -> None:
    """A plain number, e.g. 12 or 12,5."""
    if not NUMBER.fullmatch(field.data or ""):
        raise ValidationError(_l("Isi dengan angka."))


class one_of:  # noqa: N801 - used like a WTForms validator
    """The value must be one of the select's options."""

    def __init__(self, options):
        self.options = set(options)

    def __call__(self, form, field) -> None:
        if field.data not in self.options:
            raise ValidationError(_l("Pilih salah satu pilihan yang tersedia."))


class ApplicantForm(FlaskForm):
    """Who applies: identity, contact and address (shared by apply and correction)."""

    form_token = HiddenField()
    nik = StringField(_l("NIK (16 digit)"), filters=[strip],
                      validators=[InputRequired(REQUIRED), sixteen_digits],
                      render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 16})
    kk = StringField(_l("Nomor Kartu Keluarga (16 digit)"), filters=[strip],
                     validators=[InputRequired(REQUIRED), sixteen_digits],
                     render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 16})
    name = StringField(_l("Nama lengkap (sesuai KTP)"), filters=[strip],
                       validators=[InputRequired(REQUIRED), Length(max=120, message=_l(
                           "Paling banyak %(max)d karakter."))],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Email"), filters=[strip],
                       validators=[InputRequired(REQUIRED), Length(max=160), Email(
                           message=_l("Alamat email tidak valid."))],
                       render_kw={"autocomplete": "email"})
    phone = StringField(_l("Nomor HP / WhatsApp"), filters=[strip],
                        validators=[InputRequired(REQUIRED), indonesian_mobile],
                        render_kw={"inputmode": "tel", "autocomplete": "tel", "type": "tel"})
    address = TextAreaField(_l("Alamat sesuai KTP"), filters=[strip],
                            validators=[InputRequired(REQUIRED), Length(max=500, message=_l(
                                "Paling banyak %(max)d karakter."))],
                            render_kw={"rows": 3, "autocomplete": "street-address"})

    def token_is_valid(self) -> bool:
        """The hidden one-time token has the shape we issue."""
        return bool(TOKEN.fullmatch(self.form_token.data or ""))


class CounterApplicantForm(ApplicantForm):
    """The applicant block at the counter: email and WhatsApp only if the citizen has them."""

    email = EmailField(_l("Email (jika ada)"), filters=[strip],
                       validators=[Optional(), Length(max=160), Email(
                           message=_l("Alamat email tidak valid."))],
                       render_kw={"autocomplete": "off"})
    phone = StringField(_l("Nomor HP / WhatsApp (jika ada)"), filters=[strip],
                        validators=[Optional(), indonesian_mobile],
                        render_kw={"inputmode": "tel", "autocomplete": "off", "type": "tel"})


def _service_field(spec: dict):
    """One WTForms field for a service's field definition (see FormField.as_dict)."""
    checks = [InputRequired(REQUIRED)] if spec["required"] else [Optional()]
    common = {"label": spec["label"], "description": spec.get("help_text") or "",
              "filters": [strip]}
    kind = spec["type"]
    if kind == "select":
        choices = [SelectChoice("", _l("— Pilih —"))] + [SelectChoice(o) for o in spec["options"]]
        return SelectField(choices=choices, validate_choice=False,
                           validators=checks + [one_of(spec["options"])], **common)
    if kind == "textarea":
        return TextAreaField(validators=checks + [Length(max=2000)], render_kw={"rows": 3},
                             **common)
    extra = {"date": ([iso_date], {"type": "date"}),
             "number": ([number], {"inputmode": "decimal"})}.get(kind, ([], {}))
    return StringField(validators=checks + [Length(max=200)] + extra[0],
                       render_kw=extra[1], **common)


def build_form_class(definition: dict, home_choices=None, base=ApplicantForm):
    """A form class for one service definition; with `home_choices`, also the home unit."""
    attributes = {f"f_{spec['name']}": _service_field(spec) for spec in definition["fields"]}
    for doc in uploadable(definition):
        attributes[f"doc_{doc['key']}"] = FileField(doc["label"])
    if home_choices is not None:
        attributes["home_unit"] = SelectField(
            _l("Kelurahan / kecamatan domisili"), choices=home_choices, validate_choice=False,
            validators=[InputRequired(REQUIRED),
                        one_of([choice.value for choice in home_choices if choice.value])])
    return type("ServiceApplicationForm", (base,), attributes)


def service_values(form, definition: dict) -> dict:
    """The service's own fields as stored in `form_data`."""
    return {spec["name"]: form[f"f_{spec['name']}"].data or "" for spec in definition["fields"]}


def document_fields(form, definition: dict) -> list[tuple[dict, object]]:
    """(requirement, file field) pairs in the service's order."""
    return [(doc, form[f"doc_{doc['key']}"]) for doc in uploadable(definition)]
