"""The schemas of what a logged-in citizen sends and reads: login, tokens, their own
applications in full (not masked: they are the owner's), family members and pickup."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, pre_dump, validate

from portal.letters.issuing import citizen_copy
from portal.workflow import corrections
from public.api.fields import Strict, flag, integer, listing, nested, strings, text, utc_time
from public.correct import document_inputs, field_inputs
from public.api.schemas import (ServiceRefSchema, StatusSchema, TimelineRowSchema, UnitSchema,
                                status_of)

NIK_FIELD = {"description": _l("NIK (16 digit)."), "example": "2171064501900001"}


class LoginSchema(Schema):
    """NIK with the account's password, or with the code sent by POST /masuk/kode."""

    nik = fields.String(required=True, validate=validate.Length(max=32), metadata=NIK_FIELD)
    password = fields.String(validate=validate.Length(max=200),
                             metadata={"description": _l("Kata sandi akun.")})
    code = fields.String(validate=validate.Length(max=12),
                         metadata={"description": _l("Kode sekali pakai (6 digit).")})


class CodeRequestSchema(Schema):
    """Whose code to send."""

    nik = fields.String(required=True, validate=validate.Length(max=32), metadata=NIK_FIELD)


class TokenSchema(Strict):
    """A new bearer token: shown once, keep it secret."""

    token = text(_l("Token untuk header 'Authorization: Bearer <token>'."))
    token_type = text(_l("Selalu 'Bearer'."), enum=["Bearer"])
    expires_at = text(_l("Berlaku sampai (UTC, ISO 8601)."), format="date-time")


class MessageSchema(Strict):
    """A short answer for people."""

    message = text(_l("Penjelasan dalam bahasa yang diminta."))


class ApplicantSchema(Strict):
    """The applicant as the form was filled in."""

    nik = text(_l("NIK."))
    kk = text(_l("Nomor KK."))
    name = text(_l("Nama lengkap."))
    email = text(_l("Email."))
    phone = text(_l("Nomor HP / WhatsApp."))
    address = text(_l("Alamat."))


class FileSchema(Strict):
    """An uploaded document in force."""

    key = text(_l("Kunci persyaratan di formulir."))
    label = text(_l("Nama persyaratan."))
    name = text(_l("Nama berkas."))
    content_type = text(_l("Jenis berkas."))
    size = integer(_l("Ukuran dalam byte."))


class OpenItemSchema(Strict):
    """A field or document the citizen may correct now, with the officer's reason."""

    key = text(_l("Nama isian di formulir (mis. 'address', 'f_nama_usaha', 'doc_ktp')."))
    label = text(_l("Nama isian atau berkas."))
    reason = text(_l("Alasan petugas (boleh kosong)."))


class ApplicationSummarySchema(Strict):
    """One of the citizen's applications in their list."""

    reg_no = text(_l("Nomor registrasi."))
    service = nested(ServiceRefSchema, _l("Layanan yang dimohon."))
    status = nested(StatusSchema, _l("Status saat ini."))
    submitted_at = text(_l("Waktu pengajuan (UTC, ISO 8601)."), format="date-time")
    can_correct = flag(_l("Dikembalikan untuk perbaikan: dapat diperbaiki sekarang."))
    letter_available = flag(_l("Surat dapat diunduh."))

    @pre_dump
    def facts(self, application, **_kwargs) -> dict:
        """The list row's facts."""
        return {"reg_no": application.reg_no, "service": application.service,
                "status": status_of(application),
                "submitted_at": utc_time(application.created_at),
                "can_correct": application.status == "dikembalikan",
                "letter_available": citizen_copy(application) is not None}


class ApplicationListSchema(Strict):
    """The account's applications and its family members', newest first."""

    count = integer(_l("Jumlah permohonan."))
    applications = listing(ApplicationSummarySchema, _l("Permohonan, terbaru dahulu."))


def _open_items(application, input_names: dict) -> list[dict]:
    if application.status != "dikembalikan":
        return []
    snapshot = application.definition_snapshot
    return [{"key": input_names.get(key, key), "label": corrections.label_of(key, snapshot),
             "reason": reason} for key, reason in corrections.open_items(application).items()]


class ApplicationSchema(ApplicationSummarySchema):
    """One application in full for its owner, with its whole timeline."""

    applicant = nested(ApplicantSchema, _l("Data pemohon."))
    home_unit = nested(UnitSchema, _l("Kantor kelurahan atau kecamatan."))
    pickup_unit = nested(UnitSchema, _l("Kantor kelurahan atau kecamatan."), nullable=True)
    form_data = strings(_l("Isian layanan menurut namanya."))
    documents = listing(FileSchema, _l("Berkas yang berlaku."))
    to_correct = listing(OpenItemSchema, _l("Yang dapat diperbaiki sekarang (kosong bila "
                                            "tidak dikembalikan)."))
    timeline = listing(TimelineRowSchema, _l("Riwayat, dari yang terlama."))

    @pre_dump
    def facts(self, application, **_kwargs) -> dict:
        """The owner's view: every fact of the application, nothing masked."""
        snapshot = application.definition_snapshot
        names = {key: name for name, key in
                 {**field_inputs(snapshot), **document_inputs(snapshot)}.items()}
        return {**ApplicationSummarySchema.facts(self, application),
                "applicant": {key: getattr(application, f"applicant_{key}") or "" for key in
                              ("nik", "kk", "name", "email", "phone", "address")},
                "home_unit": application.home_unit,
                "pickup_unit": application.final_unit if application.status == "selesai"
                else None,
                "form_data": {name: str(value) for name, value in
                              (application.form_data or {}).items()},
                "documents": [{"key": doc.requirement_key, "label": doc.label,
                               "name": doc.original_name, "content_type": doc.content_type,
                               "size": doc.size} for doc in application.documents
                              if doc.superseded_at is None],
                "to_correct": _open_items(application, names),
                "timeline": application.history}


class FamilyMemberSchema(Strict):
    """A person the account holder may apply for."""

    id = integer(_l("Nomor anggota."), minimum=1)
    nik = text(_l("NIK."))
    name = text(_l("Nama lengkap."))
    relationship = text(_l("Hubungan."), attribute="relationship_label")
    kk = text(_l("Nomor KK."))
    status = text(_l("active: dapat diajukan; waiting: menunggu petugas; refused: ditolak."),
                  enum=["active", "waiting", "refused"])
    refusal_reason = text(_l("Alasan penolakan (boleh kosong)."))


class FamilySchema(Strict):
    """The account's family members."""

    maximum = integer(_l("Jumlah anggota terbanyak."))
    members = listing(FamilyMemberSchema, _l("Anggota keluarga."))


class BookingSchema(Strict):
    """A booked pickup appointment."""

    day = text(_l("Tanggal."), format="date")
    slot = text(_l("Jam."))
    code = text(_l("Kode pengambilan yang ditunjukkan di loket."))
    office = text(_l("Kantor tempat mengambil."))


class SlotSchema(Strict):
    """One appointment time and its free places."""

    day = text(_l("Tanggal."), format="date")
    slot = text(_l("Jam."))
    free = integer(_l("Tempat yang masih tersedia."))


class PickupSchema(Strict):
    """Pickup appointment of a finished letter: the booking and the free slots."""

    letter_ready = flag(_l("Surat sudah terbit: jadwal dapat dipilih."))
    booking = nested(BookingSchema, _l("Jadwal yang dipesan."), nullable=True)
    slots = listing(SlotSchema, _l("Jadwal hari kerja berikutnya."))


class BookingRequestSchema(Schema):
    """The day and time chosen."""

    day = fields.Date(required=True, metadata={"description": _l("Tanggal (HHHH-BB-TT).")})
    slot = fields.String(required=True, validate=validate.Length(max=5),
                         metadata={"description": _l("Jam, mis. '08:00'.")})
