"""Units (hierarchy, codes, letterhead, head) and officer accounts."""
import secrets

from flask import abort, request
from flask_admin import expose
from flask_admin.helpers import is_form_submitted
from flask_admin.model.template import EndpointLinkRowAction
from flask_login import current_user
from wtforms import TextAreaField, SelectField, validators
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

from admin_views.console.base import AdministratorModelView, audit
from admin_views.personal_data import AuditedPersonalData
from portal.extensions import db
from portal.models import Officer
from portal.models.officer import new_session_token
from portal.officers import second_factor
from portal.officers.login_throttle import unlock_everywhere
from portal.unit_names import UNIT_KINDS, bare_unit_name
from portal.validators import is_nip
from portal.workflow.engine import POSITION_TITLES, POSITIONS, position_title

REQUIRED = "Wajib diisi."
UNIT_CODE = r"^\d{2}(\.\d{2}){1,2}(\.\d{4})?$"  # Kemendagri: province.city.district[.village]
SHORT_CODE = r"^[A-Z]{2,4}(-[A-Z]{2,4})?$"  # letter numbers: LB, LB-LBK
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # internal domains such as .local are fine here
POSITION_CHOICES = [SelectChoice("", "—")] + [SelectChoice(
    p, f"{POSITION_TITLES[(p, 'kelurahan')][0]} / {POSITION_TITLES[(p, 'kecamatan')][0]}")
    for p in POSITIONS]
KIND_CHOICES = [SelectChoice(kind, kind.capitalize()) for kind in UNIT_KINDS]
NOTIFY_CHOICES = [SelectChoice("instant", "Langsung"), SelectChoice("digest", "Ringkasan harian")]
PARENT_KIND = {"kelurahan": "kecamatan", "kecamatan": None}  # which kind a unit belongs to


def generated_password() -> str:
    """A random 16-character password, shown once to the Administrator."""
    return secrets.token_urlsafe(12)


def valid_nip(form, field):
    """NIP: exactly 18 digits, not used by another officer."""
    if not is_nip(field.data or ""):
        raise StopValidation("NIP harus 18 digit angka.")
    current = getattr(form, "_obj", None)
    other = db.session.execute(db.select(Officer.id).filter_by(nip=field.data)).scalar()
    if other is not None and (current is None or current.id != other):
        raise StopValidation("NIP ini sudah terdaftar untuk petugas lain.")


def bare_name(value):
    """A unit's name is stored without its kind, so titles never read 'Kelurahan Kelurahan'."""
    return bare_unit_name(value.strip()) if isinstance(value, str) else value


def officer_position(view, context, model, name) -> str:
    """'Kasi Kelurahan', 'Camat', 'Administrator': the position as the office names it."""
    if model.is_administrator:
        return "Administrator"
    if not model.position or model.unit is None:
        return "—"
    return position_title(model.position, model.unit.kind)


def _add_error(field, message: str) -> None:
    field.errors = list(field.errors) + [message]


class UnitView(AdministratorModelView):
    """Kecamatan and kelurahan: codes, letterhead lines and the head who signs."""

    column_list = ("kind", "code", "short_code", "name", "parent", "head_officer")
    column_labels = {"kind": "Jenis", "code": "Kode Kemendagri", "short_code": "Kode surat",
                     "name": "Nama", "parent": "Kecamatan induk", "head_officer": "Kepala",
                     "address": "Alamat (satu baris per baris di kop surat)", "letterhead": "Kop surat (satu baris per tingkat)",
                     "phone": "Telepon", "email": "Email"}
    column_searchable_list = ("name", "code", "short_code")
    column_filters = ("kind",)
    column_default_sort = "code"
    can_delete = False
    form_columns = ("kind", "code", "short_code", "name", "parent", "address", "letterhead",
                    "phone", "email", "head_officer")
    form_overrides = {"kind": SelectField, "address": TextAreaField}
    form_args = {
        "kind": {"choices": KIND_CHOICES},
        "code": {"validators": [validators.InputRequired(REQUIRED), validators.Regexp(
            UNIT_CODE, message="Kode seperti 21.71.06 atau 21.71.06.1001.")]},
        "short_code": {"validators": [validators.InputRequired(REQUIRED), validators.Regexp(
            SHORT_CODE, message="Kode surat huruf besar, mis. LB atau LB-LBK.")]},
        "name": {"validators": [validators.InputRequired(REQUIRED)], "filters": [bare_name],
                 "description": "Tanpa kata Kelurahan/Kecamatan, mis. Baloi Indah: jenisnya "
                                "ditambahkan otomatis."},
    }

    def validate_form(self, form) -> bool:
        """A kelurahan belongs to a kecamatan; the head is a Lurah/Camat of this unit."""
        valid = super().validate_form(form)
        if not is_form_submitted() or not hasattr(form, "parent"):
            return valid
        wanted = PARENT_KIND.get(form.kind.data)
        parent, head = form.parent.data, form.head_officer.data
        if (parent.kind if parent else None) != wanted:
            _add_error(form.parent, "Kelurahan harus memilih kecamatan induk; "
                                    "kecamatan tidak memiliki induk.")
            valid = False
        current = getattr(form, "_obj", None)
        if head is not None and (head.position != "kepala" or current is None
                                 or head.unit_id != current.id):
            _add_error(form.head_officer, "Kepala harus petugas Lurah/Camat dari unit ini.")
            valid = False
        return valid


class OfficerView(AuditedPersonalData, AdministratorModelView):
    """Officer accounts: NIP, position, unit, active; password reset shown once."""

    audit_kind = "officer"
    audit_searches = False  # by NIP, name or email; the list shows no NIK
    audited_pages = {"details_view": "view_officer", "edit_view": "view_officer"}
    column_list = ("nip", "name", "position", "unit", "is_administrator", "active")
    column_labels = {"nip": "NIP", "name": "Nama", "position": "Jabatan", "unit": "Unit",
                     "is_administrator": "Administrator", "active": "Aktif", "email": "Email",
                     "notify_mode": "Notifikasi",
                     "must_change_password": "Wajib ganti kata sandi saat masuk",
                     "login_alert_at": "Peringatan percobaan masuk terakhir",
                     "nik": "NIK (untuk tanda tangan elektronik BSrE)"}
    column_searchable_list = ("nip", "name", "email")
    column_formatters = {"position": officer_position}
    column_formatters_detail = {"position": officer_position}
    column_filters = ("position", "active", "is_administrator", "unit.name")
    column_details_exclude_list = ("password_hash", "session_token")
    can_delete = False  # history names the officer; deactivate instead
    form_columns = ("nip", "name", "email", "nik", "position", "unit", "is_administrator",
                    "active", "notify_mode")
    form_overrides = {"position": SelectField, "notify_mode": SelectField}
    form_args = {
        "position": {"choices": POSITION_CHOICES},
        "notify_mode": {"choices": NOTIFY_CHOICES},
        "nip": {"validators": [validators.InputRequired(REQUIRED), valid_nip]},
        "name": {"validators": [validators.InputRequired(REQUIRED)]},
        "nik": {"validators": [validators.Optional(), validators.Regexp(
            r"^\d{16}$", message="NIK harus 16 digit angka.")]},
        "email": {"validators": [validators.Optional(), validators.Regexp(
            EMAIL_SHAPE, message="Alamat email tidak valid.")]},
    }
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-key", ".reset_password_view", title="Atur ulang kata sandi"),
        EndpointLinkRowAction("fa fa-mobile", ".reset_second_factor_view",
                              title="Atur ulang verifikasi dua langkah")]

    def validate_form(self, form) -> bool:
        """Unit officers need a position and a unit; the Administrator needs neither.

        A form just opened (not sent) is not checked, so a blank "Tambah" shows no errors.
        """
        valid = super().validate_form(form)
        if (not is_form_submitted() or not hasattr(form, "position")
                or form.is_administrator.data):
            return valid
        for field in (form.position, form.unit):
            if not field.data:
                _add_error(field, "Wajib diisi untuk petugas unit.")
                valid = False
        return valid

    def on_model_change(self, form, model, is_created: bool) -> None:
        """Deactivating ends every session; an Administrator has no unit position."""
        if model.is_administrator:
            model.position, model.unit = None, None
        model.position = model.position or None
        if not model.active:
            model.session_token = new_session_token()
        super().on_model_change(form, model, is_created)

    @expose("/reset-password/", methods=("GET", "POST"))
    def reset_password_view(self):
        """Confirm, then set a generated password and show it this once."""
        officer = db.session.get(Officer, request.args.get("id", type=int) or 0)
        if officer is None:
            abort(404)
        password = None
        if request.method == "POST":
            password = generated_password()
            officer.set_password(password)  # also ends the officer's sessions
            officer.must_change_password = True  # the officer sets their own at next login
            unlock_everywhere(officer)
            audit("admin_reset_password", officer, {"by": current_user.name})
            db.session.commit()
        response = self.render("console/reset_password.html", officer=officer,
                               password=password, return_url=self.get_url(".index_view"))
        return response, 200, {"Cache-Control": "no-store"}

    @expose("/reset-2fa/", methods=("GET", "POST"))
    def reset_second_factor_view(self):
        """Confirm, then turn the officer's second factor off (they may enrol again; the
        Administrator must, at the next login)."""
        officer = db.session.get(Officer, request.args.get("id", type=int) or 0)
        if officer is None:
            abort(404)
        done = False
        if request.method == "POST":
            second_factor.reset(officer)
            audit("admin_reset_second_factor", officer, {"by": current_user.name})
            db.session.commit()
            done = True
        return self.render("console/reset_second_factor.html", officer=officer, done=done,
                           return_url=self.get_url(".index_view"))
