"""The schemas of the API's public answers (catalogue, tracking, letters, errors): each
dumps what the matching citizen page shows, and the OpenAPI document is generated from them.
"""
from flask_babel import lazy_gettext as _l
from marshmallow import pre_dump

from portal.letters.html import indonesian_date, verification_url
from portal.letters.issuing import local_date, masked_name
from portal.messaging.channels import public_url
from portal.models.service import FIELD_TYPES
from portal.workflow.corrections import named_items
from portal.workflow.engine import STATUSES
from portal.workflow.status_text import status_text
from portal.files.uploads import accepted_names, human_size
from public.api.errors import ERROR_CODES
from public.api.fields import Strict, flag, integer, listing, nested, strings, text, utc_time
from public.track import masked_applicant
from public.views import FLOW_LABELS

# A letter's validity as the verification page states it.
LETTER_STATES = {
    False: ("valid", _l("SAH: surat ini tercatat dan berlaku.")),
    True: ("revoked", _l("TIDAK BERLAKU: surat ini telah dicabut.")),
}


class DocumentSchema(Strict):
    """One requirement: what to upload (or bring to the counter), in which kinds, how large."""

    key = text(_l("Kunci persyaratan di formulir."))
    label = text(_l("Nama persyaratan."))
    mandatory = flag(_l("Wajib diunggah atau dibawa."))
    at_counter = flag(_l("Dibawa ke kantor, tidak diunggah."))
    accepted_types = listing(text("", enum=["pdf", "jpg", "png"]),
                             _l("Jenis berkas yang diterima."))
    accepted_types_label = text(_l("Jenis berkas untuk ditampilkan, mis. 'PDF, JPG'."))
    max_size_kb = integer(_l("Ukuran berkas terbesar dalam KB."), minimum=1)
    max_size_label = text(_l("Ukuran terbesar untuk ditampilkan, mis. '5 MB'."))

    @pre_dump
    def facts(self, document, **_kwargs) -> dict:
        """The requirement's row as the service page lists it."""
        return {"key": document.key, "label": document.label, "mandatory": document.mandatory,
                "at_counter": document.at_counter, "accepted_types": document.accepted_list,
                "accepted_types_label": accepted_names(document.accepted_list),
                "max_size_kb": document.max_size_kb,
                "max_size_label": human_size(document.max_size_kb * 1024)}


class FieldSchema(Strict):
    """One input of the application form."""

    name = text(_l("Nama isian di formulir."))
    label = text(_l("Label isian."))
    type = text(_l("Jenis isian."), enum=list(FIELD_TYPES))
    required = flag(_l("Wajib diisi."))
    options = listing(text(""), _l("Pilihan isian berjenis select."))
    help_text = text(_l("Petunjuk pengisian (boleh kosong)."))

    @pre_dump
    def facts(self, field, **_kwargs) -> dict:
        """The field's settings."""
        return {"name": field.name, "label": field.label, "type": field.type,
                "required": field.required, "options": field.option_list,
                "help_text": field.help_text}


class CodeLabelSchema(Strict):
    """A code and how it reads in the language asked for."""

    code = text(_l("Kode."))
    label = text(_l("Keterangan dalam bahasa yang diminta."))


class LinksSchema(Strict):
    """The service's web addresses."""

    page = text(_l("Halaman layanan."), format="uri")
    apply = text(_l("Formulir permohonan."), format="uri")


class ServiceSchema(Strict):
    """A service that is open now."""

    code = text(_l("Kode layanan."))
    name = text(_l("Nama layanan."))
    description = text(_l("Penjelasan layanan (boleh kosong)."))
    flow = nested(CodeLabelSchema, _l("Kantor yang memproses dan memutuskan."))
    service_level_days = integer(_l("Janji waktu layanan dalam hari kerja sejak permohonan "
                                    "dikonfirmasi."))
    requires_account = flag(_l("Hanya dapat diajukan setelah masuk dengan akun warga."))
    documents = listing(DocumentSchema, _l("Persyaratan dokumen, berurutan."))
    form_fields = listing(FieldSchema, _l("Isian formulir, berurutan."), data_key="fields")
    links = nested(LinksSchema, _l("Alamat web layanan."))

    @pre_dump
    def facts(self, service, **_kwargs) -> dict:
        """The service as its page describes it."""
        return {"code": service.code, "name": service.name, "description": service.description,
                "flow": {"code": service.flow, "label": str(FLOW_LABELS[service.flow])},
                "service_level_days": service.service_level_days,
                "requires_account": service.requires_account,
                "documents": service.documents, "form_fields": service.fields,
                "links": {"page": public_url("public.service_page", code=service.code),
                          "apply": public_url("public.apply", code=service.code)}}


class ServiceListSchema(Strict):
    """The open services."""

    query = text(_l("Kata pencarian yang dipakai (kosong: semua layanan)."))
    count = integer(_l("Jumlah layanan."))
    services = listing(ServiceSchema, _l("Layanan, dalam urutan katalog."))


class UnitSchema(Strict):
    """A kelurahan or kecamatan office."""

    code = text(_l("Kode kantor."))
    name = text(_l("Nama kantor, mis. 'Kelurahan Lubuk Baja Kota'."))

    @pre_dump
    def facts(self, unit, **_kwargs) -> dict:
        """The office by its code and its letterhead title."""
        return {"code": unit.code, "name": unit.title}


class ServiceRefSchema(Strict):
    """The service applied for."""

    code = text(_l("Kode layanan."))
    name = text(_l("Nama layanan."))

    @pre_dump
    def facts(self, service, **_kwargs) -> dict:
        """The service's code and name."""
        return {"code": service.code, "name": service.name}


class MaskedApplicantSchema(Strict):
    """The applicant as the tracking page shows them."""

    initials = text(_l("Inisial nama, mis. 'S. R.'."))
    nik = text(_l("NIK yang disamarkan, mis. '2171********0001'."))
    email = text(_l("Email yang disamarkan."))
    phone = text(_l("Nomor telepon yang disamarkan."))


class TimelineRowSchema(Strict):
    """One step of an application's history."""

    time = text(_l("Waktu kejadian (UTC, ISO 8601)."), format="date-time")
    status = text(_l("Kode status setelah langkah ini."), enum=list(STATUSES))
    status_label = text(_l("Keterangan status."))
    position_title = text(_l("Jabatan yang memutuskan (kosong bila bukan petugas)."))
    unit = nested(UnitSchema, _l("Kantor kelurahan atau kecamatan."), nullable=True)
    acting_title = text(_l("Jabatan dan unit dalam satu sebutan, mis. 'Kasi Kelurahan Lubuk "
                           "Baja Kota' (kosong bila bukan petugas)."))
    remark = text(_l("Keterangan petugas (boleh kosong)."))
    items = listing(text(""), _l("Pengembalian: isian dan berkas yang perlu diperbaiki; "
                                 "perbaikan oleh pemohon atau Admin: yang diubah. Hanya "
                                 "namanya, tanpa isinya."))

    @pre_dump
    def facts(self, row, **_kwargs) -> dict:
        """The step as the tracking page lists it."""
        snapshot = row.application.definition_snapshot or {}
        return {"time": utc_time(row.created_at), "status": row.to_status,
                "status_label": status_text(row.status_label or row.to_status),
                "position_title": row.position_title, "unit": row.unit,
                "acting_title": row.acting_title, "remark": row.remark,
                "items": named_items(row, snapshot)}


class StatusSchema(Strict):
    """The application's status now."""

    code = text(_l("Kode status."), enum=list(STATUSES))
    label = text(_l("Keterangan status."))


def status_of(application) -> dict:
    """The application's status code and label."""
    return {"code": application.status, "label": status_text(application.status_label)}


class TrackingSchema(Strict):
    """Status and history of an application; personal data masked."""

    reg_no = text(_l("Nomor registrasi."))
    service = nested(ServiceRefSchema, _l("Layanan yang dimohon."))
    status = nested(StatusSchema, _l("Status saat ini."))
    applicant = nested(MaskedApplicantSchema, _l("Data pemohon yang disamarkan."))
    home_unit = nested(UnitSchema, _l("Kantor kelurahan atau kecamatan."))
    pickup_unit = nested(UnitSchema, _l("Kantor kelurahan atau kecamatan."), nullable=True)
    timeline = listing(TimelineRowSchema, _l("Riwayat, dari yang terlama."))

    @pre_dump
    def facts(self, application, **_kwargs) -> dict:
        """The tracking page's facts."""
        finished = application.status == "selesai"
        return {"reg_no": application.reg_no, "service": application.service,
                "status": status_of(application), "applicant": masked_applicant(application),
                "home_unit": application.home_unit,
                "pickup_unit": application.final_unit if finished else None,
                "timeline": application.history}


class SignerSchema(Strict):
    """Who signed the letter, as printed under it."""

    name = text(_l("Nama penandatangan."))
    nip = text(_l("NIP penandatangan."), nullable=True)
    title = text(_l("Jabatan penandatangan."))
    on_behalf_of = text(_l("Jabatan yang diwakili (a.n.)."), nullable=True)


class LetterSchema(Strict):
    """A printed letter and its validity."""

    number = text(_l("Nomor surat."))
    subject = text(_l("Perihal surat."))
    service = nested(ServiceRefSchema, _l("Layanan yang dimohon."))
    issuing_unit = nested(UnitSchema, _l("Kantor kelurahan atau kecamatan."))
    issued_on = text(_l("Tanggal surat."), format="date")
    issued_on_text = text(_l("Tanggal surat untuk ditampilkan, mis. '3 November 2026'."))
    signer = nested(SignerSchema, _l("Penandatangan surat."))
    applicant = text(_l("Nama pemohon yang disamarkan."), nullable=True)
    status = nested(CodeLabelSchema, _l("Keabsahan surat."))
    revoked_reason = text(_l("Alasan pencabutan."), nullable=True)
    sha256 = text(_l("Sidik SHA-256 berkas PDF asli."), nullable=True, pattern="^[0-9a-f]{64}$")
    verification_url = text(_l("Halaman verifikasi surat (tujuan kode QR)."), format="uri")

    @pre_dump
    def facts(self, letter, **_kwargs) -> dict:
        """The verification page's facts; the applicant's name masked."""
        state, label = LETTER_STATES[letter.is_revoked]
        issued_on = local_date(letter.issued_at)
        applicant = letter.application.applicant_name if letter.application else ""
        return {"number": letter.number, "subject": letter.subject, "service": letter.service,
                "issuing_unit": letter.unit, "issued_on": issued_on.isoformat(),
                "issued_on_text": indonesian_date(issued_on),
                "signer": {"name": letter.signer_name, "nip": letter.signer_nip or None,
                           "title": letter.signer_title,
                           "on_behalf_of": letter.signer_on_behalf_of or None},
                "applicant": masked_name(applicant) or None,
                "status": {"code": state, "label": str(label)},
                "revoked_reason": letter.revoked_reason if letter.is_revoked else None,
                "sha256": letter.sha256 or None,
                "verification_url": verification_url(letter.verification_token)}


class ErrorBodySchema(Strict):
    """What went wrong."""

    code = text(_l("Kode kesalahan."), enum=ERROR_CODES)
    message = text(_l("Penjelasan dalam bahasa yang diminta."))
    field_errors = strings(_l("Pesan per isian yang perlu diperbaiki (hanya pada 422)."),
                           required=False, data_key="fields")


class ErrorSchema(Strict):
    """An error answer."""

    error = nested(ErrorBodySchema, _l("Kesalahan."))
