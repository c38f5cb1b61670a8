"""The API's OpenAPI 3.1 document, as data: served at /api/v1/openapi.json and shown at /api/v1/.

Built per request, so its texts follow `?lang=` and its server follows PUBLIC_BASE_URL.
"""
from typing import Optional

from flask import current_app
from flask_babel import gettext as _
from limits import parse

from portal.messaging.channels import public_url
from public.api.errors import API_ERRORS
from public.api.openapi_schemas import ref, schemas
from public.verification import LOOKUP_RATE_LIMIT

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"
CACHE_PUBLIC = "public, max-age=60"  # public data, the same for everyone: caches may keep it
CACHE_NONE = "no-store"  # looked up by a secret-ish key (a number, a code): never kept


def header(description: str, kind: str = "string") -> dict:
    """A response header."""
    return {"description": description, "schema": {"type": kind}}


def json_answer(description: str, schema: str, headers: Optional[dict] = None) -> dict:
    """A response whose body is JSON of the named schema."""
    answer = {"description": description,
              "content": {"application/json": {"schema": ref(schema)}}}
    if headers:
        answer["headers"] = headers
    return answer


def success(description: str, schema: str, cache: str) -> dict:
    """The 200 answer, with the Cache-Control it carries."""
    return json_answer(description, schema, {
        "Cache-Control": header(_("Selalu '%(value)s'.", value=cache))})


def error_answers(*statuses: int) -> dict:
    """The documented error answers of an operation (the Error object, message in ?lang=)."""
    answers = {}
    for status in (*statuses, 500):
        headers = ({"Retry-After": header(_("Detik sampai boleh mencoba lagi."), "integer")}
                   if status == 429 else None)
        answers[str(status)] = json_answer(str(API_ERRORS[status][1]), "Error", headers)
    return answers


def rate_limit_text(limit: str) -> str:
    """'30 per minute' as people read it: '30 permintaan per 60 detik per alamat'."""
    item = parse(limit)
    return _("%(amount)d permintaan per %(seconds)d detik per alamat", amount=item.amount,
             seconds=item.get_expiry())


def path_parameter(name: str, description: str, example: str) -> dict:
    """A required parameter in the path."""
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}, "example": example}


def lang_parameter() -> dict:
    """?lang=: the language of labels and messages."""
    return {"name": "lang", "in": "query", "required": False,
            "description": _("Bahasa label dan pesan: id (bawaan) atau en."),
            "schema": {"type": "string", "enum": ["id", "en"], "default": "id"}}


def operation(operation_id: str, summary: str, description: str, responses: dict,
              parameters: tuple = ()) -> dict:
    """One GET operation; every operation takes ?lang=."""
    return {"get": {"operationId": operation_id, "summary": summary,
                    "description": description,
                    "parameters": [*parameters, lang_parameter()], "responses": responses}}


def _catalogue_paths() -> dict:
    query = {"name": "q", "in": "query", "required": False,
             "description": _("Kata pencarian: layanan yang nama atau penjelasannya memuat "
                              "setiap kata."),
             "schema": {"type": "string", "maxLength": 100}, "example": "usaha"}
    return {
        "/layanan": operation(
            "listServices", _("Daftar layanan"),
            _("Semua layanan yang sedang dibuka, dengan persyaratan dan isian formulirnya."),
            {"200": success(_("Daftar layanan."), "ServiceList", CACHE_PUBLIC),
             **error_answers()}, (query,)),
        "/layanan/{code}": operation(
            "getService", _("Satu layanan"),
            _("Layanan yang sedang dibuka menurut kodenya; layanan yang ditutup atau tidak "
              "dikenal dijawab 404."),
            {"200": success(_("Layanan."), "Service", CACHE_PUBLIC), **error_answers(404)},
            (path_parameter("code", _("Kode layanan."), "sku"),)),
    }


def _lookup_paths() -> dict:
    return {
        "/lacak/{reg_no}": operation(
            "trackApplication", _("Lacak permohonan"),
            _("Status dan riwayat permohonan menurut nomor registrasi, dengan data pribadi "
              "disamarkan. Nomor yang tidak dikenal dan yang salah bentuk mendapat jawaban 404 "
              "yang sama. Batas permintaan (dibagi dengan halaman Lacak): %(limit)s.",
              limit=rate_limit_text(current_app.config["TRACKING_RATE_LIMIT"])),
            {"200": success(_("Status dan riwayat."), "Tracking", CACHE_NONE),
             **error_answers(404, 429)},
            (path_parameter("reg_no", _("Nomor registrasi pada tanda terima."),
                            "LBK-2611-7K3QX9WD"),)),
        "/verifikasi/{kode}": operation(
            "verifyLetter", _("Verifikasi surat"),
            _("Surat tercetak menurut kode verifikasi pada surat (huruf besar atau kecil, "
              "dengan atau tanpa tanda hubung): nomor, layanan, kantor, tanggal, "
              "penandatangan, keabsahan dan sidik SHA-256 berkas aslinya. "
              "Batas permintaan: %(limit)s.",
              limit=rate_limit_text(LOOKUP_RATE_LIMIT)),
            {"200": success(_("Surat."), "Letter", CACHE_NONE), **error_answers(404, 429)},
            (path_parameter("kode", _("Kode verifikasi pada surat."), "KTLA-64Z3"),)),
    }


def _documentation_paths() -> dict:
    page = {"description": _("Halaman HTML."),
            "content": {"text/html": {"schema": {"type": "string"}}}}
    return {
        "/": operation("reference", _("Halaman referensi"),
                       _("Penjelasan API ini untuk dibaca orang, dibuat dari dokumen OpenAPI."),
                       {"200": page, **error_answers()}),
        "/openapi.json": operation(
            "openapiDocument", _("Dokumen OpenAPI"), _("Dokumen OpenAPI 3.1 API ini."),
            {"200": success(_("Dokumen OpenAPI."), "OpenAPIDocument", CACHE_PUBLIC),
             **error_answers()}),
    }


def _info() -> dict:
    city = current_app.config["CITY_NAME"]
    return {
        "title": _("API Layanan %(city)s", city=city),
        "version": API_VERSION,
        "summary": _("Data publik layanan kelurahan dan kecamatan untuk aplikasi seluler."),
        "description": _(
            "API ini hanya dapat dibaca (GET) dan tidak memerlukan akun, kunci atau cookie. "
            "Semua jawaban berupa JSON, termasuk kesalahan: objek Error dengan kode dan pesan. "
            "Metode selain GET dijawab 405. Bahasa label dan pesan mengikuti ?lang= (id atau en). "
            "Semua jawaban membawa Access-Control-Allow-Origin: *. Pelacakan dan verifikasi "
            "dibatasi jumlah permintaannya per alamat; bila terlampaui, jawabannya 429 dengan "
            "Retry-After."),
    }


def openapi_document() -> dict:
    """The whole OpenAPI 3.1 document of version 1 of the API."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": _info(),
        "servers": [{"url": public_url("api.reference").rstrip("/"),
                     "description": _("Layanan ini")}],
        "paths": {**_documentation_paths(), **_catalogue_paths(), **_lookup_paths()},
        "components": {"schemas": schemas()},
    }
