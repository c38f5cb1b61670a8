"""The schemas of the API's answers (OpenAPI 3.1 components), built per request in ?lang=.

Every object schema lists all its properties as required and forbids any other, so the
tests that check real answers against them catch an undocumented or missing fact.
"""
from flask_babel import gettext as _

from portal.models.service import FIELD_TYPES
from portal.workflow.engine import STATUSES
from public.api.errors import API_ERRORS
from public.api.serializers import LETTER_STATES
from public.views import FLOW_LABELS

SCHEMA_ROOT = "#/components/schemas/"


def ref(name: str) -> dict:
    """A reference to a schema of the document's components."""
    return {"$ref": SCHEMA_ROOT + name}


def nullable(schema: dict) -> dict:
    """`schema` or JSON null."""
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def codes_of(table: dict) -> list[str]:
    """The machine-readable codes of a table of (code, text) rows."""
    return [code for code, _text in table.values()]


def text(description: str, **extra) -> dict:
    """A string property."""
    return {"type": "string", "description": description, **extra}


def flag(description: str) -> dict:
    """A boolean property."""
    return {"type": "boolean", "description": description}


def listing(items: dict, description: str) -> dict:
    """An array property."""
    return {"type": "array", "items": items, "description": description}


def record(description: str, properties: dict) -> dict:
    """An object with exactly these properties, all of them always present."""
    return {"type": "object", "description": description, "required": list(properties),
            "properties": properties, "additionalProperties": False}


def _requirement_schemas() -> dict:
    return {
        "Document": record(_("Persyaratan dokumen sebuah layanan."), {
            "key": text(_("Kunci persyaratan di formulir.")),
            "label": text(_("Nama persyaratan.")),
            "mandatory": flag(_("Wajib diunggah atau dibawa.")),
            "at_counter": flag(_("Dibawa ke kantor, tidak diunggah.")),
            "accepted_types": listing({"type": "string", "enum": ["pdf", "jpg", "png"]},
                                      _("Jenis berkas yang diterima.")),
            "accepted_types_label": text(_("Jenis berkas untuk ditampilkan, mis. 'PDF, JPG'.")),
            "max_size_kb": {"type": "integer", "minimum": 1,
                            "description": _("Ukuran berkas terbesar dalam KB.")},
            "max_size_label": text(_("Ukuran terbesar untuk ditampilkan, mis. '5 MB'.")),
        }),
        "Field": record(_("Isian formulir permohonan sebuah layanan."), {
            "name": text(_("Nama isian di formulir.")),
            "label": text(_("Label isian.")),
            "type": text(_("Jenis isian."), enum=list(FIELD_TYPES)),
            "required": flag(_("Wajib diisi.")),
            "options": listing({"type": "string"}, _("Pilihan isian berjenis select.")),
            "help_text": text(_("Petunjuk pengisian (boleh kosong).")),
        }),
    }


def _service_schemas() -> dict:
    return {
        "Service": record(_("Layanan yang sedang dibuka."), {
            "code": text(_("Kode layanan.")),
            "name": text(_("Nama layanan.")),
            "description": text(_("Penjelasan layanan (boleh kosong).")),
            "flow": record(_("Kantor yang memproses dan memutuskan."), {
                "code": text(_("Kode alur."), enum=list(FLOW_LABELS)),
                "label": text(_("Penjelasan alur dalam bahasa yang diminta.")),
            }),
            "service_level_days": {"type": "integer", "minimum": 0,
                                   "description": _("Janji waktu layanan dalam hari kerja "
                                                    "sejak permohonan dikonfirmasi.")},
            "requires_account": flag(_("Hanya dapat diajukan setelah masuk dengan akun warga.")),
            "documents": listing(ref("Document"), _("Persyaratan dokumen, berurutan.")),
            "fields": listing(ref("Field"), _("Isian formulir, berurutan.")),
            "links": record(_("Alamat web layanan."), {
                "page": text(_("Halaman layanan."), format="uri"),
                "apply": text(_("Formulir permohonan."), format="uri"),
            }),
        }),
        "ServiceList": record(_("Daftar layanan yang sedang dibuka."), {
            "query": text(_("Kata pencarian yang dipakai (kosong: semua layanan).")),
            "count": {"type": "integer", "minimum": 0, "description": _("Jumlah layanan.")},
            "services": listing(ref("Service"), _("Layanan, dalam urutan katalog.")),
        }),
    }


def _tracking_schemas() -> dict:
    return {
        "Unit": record(_("Kantor kelurahan atau kecamatan."), {
            "code": text(_("Kode kantor.")),
            "name": text(_("Nama kantor, mis. 'Kelurahan Lubuk Baja Kota'.")),
        }),
        "ServiceRef": record(_("Layanan yang dimohon."), {
            "code": text(_("Kode layanan.")), "name": text(_("Nama layanan.")),
        }),
        "MaskedApplicant": record(_("Data pemohon yang disamarkan."), {
            "initials": text(_("Inisial nama, mis. 'S. R.'.")),
            "nik": text(_("NIK yang disamarkan, mis. '2171********0001'.")),
            "email": text(_("Email yang disamarkan.")),
            "phone": text(_("Nomor telepon yang disamarkan.")),
        }),
        "TimelineRow": record(_("Satu langkah riwayat permohonan."), {
            "time": text(_("Waktu kejadian (UTC, ISO 8601)."), format="date-time"),
            "status": text(_("Kode status setelah langkah ini."), enum=list(STATUSES)),
            "status_label": text(_("Keterangan status.")),
            "position_title": text(_("Jabatan yang memutuskan (kosong bila bukan petugas).")),
            "unit": nullable(ref("Unit")),
            "acting_title": text(_("Jabatan dan unit dalam satu sebutan, mis. 'Kasi Kelurahan "
                                   "Lubuk Baja Kota' (kosong bila bukan petugas).")),
            "remark": text(_("Keterangan petugas (boleh kosong).")),
            "items": listing(text(_("Nama isian atau berkas.")), _(
                "Pengembalian: isian dan berkas yang perlu diperbaiki; perbaikan oleh pemohon "
                "atau Admin: yang diubah. Hanya namanya, tanpa isinya.")),
        }),
        "Tracking": record(_("Status dan riwayat permohonan; data pribadi disamarkan."), {
            "reg_no": text(_("Nomor registrasi.")),
            "service": ref("ServiceRef"),
            "status": record(_("Status saat ini."), {
                "code": text(_("Kode status."), enum=list(STATUSES)),
                "label": text(_("Keterangan status.")),
            }),
            "applicant": ref("MaskedApplicant"),
            "home_unit": ref("Unit"),
            "pickup_unit": nullable(ref("Unit")),
            "timeline": listing(ref("TimelineRow"), _("Riwayat, dari yang terlama.")),
        }),
    }


def _letter_schemas() -> dict:
    return {
        "Signer": record(_("Penandatangan surat."), {
            "name": text(_("Nama penandatangan.")),
            "nip": nullable(text(_("NIP penandatangan."))),
            "title": text(_("Jabatan penandatangan.")),
            "on_behalf_of": nullable(text(_("Jabatan yang diwakili (a.n.)."))),
        }),
        "Letter": record(_("Surat tercetak dan keabsahannya."), {
            "number": text(_("Nomor surat.")),
            "subject": text(_("Perihal surat.")),
            "service": ref("ServiceRef"),
            "issuing_unit": ref("Unit"),
            "issued_on": text(_("Tanggal surat."), format="date"),
            "issued_on_text": text(_("Tanggal surat untuk ditampilkan, mis. '3 November 2026'.")),
            "signer": ref("Signer"),
            "applicant": nullable(text(_("Nama pemohon yang disamarkan."))),
            "status": record(_("Keabsahan surat."), {
                "code": text(_("Kode keabsahan."), enum=codes_of(LETTER_STATES)),
                "label": text(_("Keterangan keabsahan.")),
            }),
            "revoked_reason": nullable(text(_("Alasan pencabutan."))),
            "sha256": nullable(text(_("Sidik SHA-256 berkas PDF asli."),
                                    pattern="^[0-9a-f]{64}$")),
            "verification_url": text(_("Halaman verifikasi surat (tujuan kode QR)."),
                                     format="uri"),
        }),
    }


def _error_schema() -> dict:
    return {"Error": record(_("Jawaban kesalahan."), {
        "error": record(_("Kesalahan."), {
            "code": text(_("Kode kesalahan."), enum=codes_of(API_ERRORS)),
            "message": text(_("Penjelasan dalam bahasa yang diminta.")),
        }),
    })}


def schemas() -> dict:
    """Every schema of the document's components."""
    return {**_requirement_schemas(), **_service_schemas(), **_tracking_schemas(),
            **_letter_schemas(), **_error_schema(),
            "OpenAPIDocument": {"type": "object", "description": _("Dokumen OpenAPI 3.1 ini.")}}

