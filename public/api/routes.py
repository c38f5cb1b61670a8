"""The public part of the API, without a login: catalogue, masked tracking, letter checks,
the OpenAPI document and its reference page."""
from flask import Response, current_app, has_app_context, jsonify, render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from portal.config import Defaults
from portal.extensions import limiter
from portal.letters.issuing import find_by_short_code
from public.api import bp
from public.api.docs import CACHE_NONE, CACHE_PUBLIC, operation, path_parameter
from public.api.errors import answers_in_json, api_abort
from public.api.openapi import openapi_document, rate_limit_text
from public.api.reference import operations, schema_tables
from public.api.schemas import LetterSchema, ServiceListSchema, ServiceSchema, TrackingSchema
from public.track import find_application, tracking_budget, typed_number
from public.verification import LOOKUP_RATE_LIMIT
from public.views import find_open_service, search_services, search_text

SERVICE_NOT_FOUND = _l("Layanan tidak ditemukan atau sedang tidak dibuka.")
APPLICATION_NOT_FOUND = _l("Permohonan tidak ditemukan. Periksa kembali nomor registrasi pada "
                           "tanda terima atau email Anda, termasuk tanda hubungnya.")
LETTER_NOT_FOUND = _l("Kode verifikasi tidak ditemukan. Periksa kembali kode pada surat.")
HTML_PAGE = {"200": {"description": _l("Halaman HTML."),
                     "content": {"text/html": {"schema": {"type": "string"}}}}}


SEARCH_PARAMETER = {"name": "q", "in": "query", "required": False,
                    "description": _l("Kata pencarian: layanan yang nama atau penjelasannya "
                                      "memuat setiap kata."),
                    "schema": {"type": "string", "maxLength": 100}, "example": "usaha"}


def _tracking_limit() -> str:
    """The tracking budget; the defaults' while the routes are declared (no app yet)."""
    return current_app.config["TRACKING_RATE_LIMIT"] if has_app_context() else \
        Defaults.TRACKING_RATE_LIMIT


def _tracking_description() -> str:
    return gettext("Status dan riwayat permohonan menurut nomor registrasi, dengan data pribadi "
                   "disamarkan. Nomor yang tidak dikenal dan yang salah bentuk mendapat jawaban "
                   "404 yang sama. Batas permintaan (dibagi dengan halaman Lacak): %(limit)s.",
                   limit=rate_limit_text(_tracking_limit()))


def _verification_description() -> str:
    return gettext("Surat tercetak menurut kode verifikasi pada surat (huruf besar atau kecil, "
                   "dengan atau tanpa tanda hubung): nomor, layanan, kantor, tanggal, "
                   "penandatangan, keabsahan dan sidik SHA-256 berkas aslinya. "
                   "Batas permintaan: %(limit)s.", limit=rate_limit_text(LOOKUP_RATE_LIMIT))


@bp.after_app_request
def _open_to_every_origin(response: Response) -> Response:
    """No cookies, only bearer tokens: any web origin may read every API answer."""
    if answers_in_json():
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.setdefault("Cache-Control", CACHE_NONE)
    return response


@bp.get("/")
@operation("reference", _l("Halaman referensi"),
           _l("Penjelasan API ini untuk dibaca orang, dibuat dari dokumen OpenAPI."),
           responses=HTML_PAGE)
def reference():
    """The reference page, rendered from the OpenAPI document."""
    document = openapi_document()
    return render_template("api/reference.html", document=document,
                           operations=operations(document), schemas=schema_tables(document))


@bp.get("/openapi.json")
@operation("openapiDocument", _l("Dokumen OpenAPI"), _l("Dokumen OpenAPI 3.1 API ini."),
           responses={"200": {"description": _l("Dokumen OpenAPI."),
                              "content": {"application/json": {"schema": {"type": "object"}}}}})
def openapi():
    """The OpenAPI 3.1 document, generated from the routes and schemas."""
    response = jsonify(openapi_document())
    response.headers["Cache-Control"] = CACHE_PUBLIC
    return response


@bp.get("/layanan")
@bp.response(200, ServiceListSchema, description=_l("Daftar layanan."))
@operation("listServices", _l("Daftar layanan"),
           _l("Semua layanan yang sedang dibuka, dengan persyaratan dan isian formulirnya."),
           parameters=[SEARCH_PARAMETER])
def services():
    """The open services (narrowed by `?q=`), each with its documents and form fields."""
    text = search_text()
    found = search_services(text, with_fields=True)
    return {"query": text, "count": len(found), "services": found}, 200, {
        "Cache-Control": CACHE_PUBLIC}


@bp.get("/layanan/<code>")
@bp.response(200, ServiceSchema, description=_l("Layanan."))
@operation("getService", _l("Satu layanan"),
           _l("Layanan yang sedang dibuka menurut kodenya; layanan yang ditutup atau tidak "
              "dikenal dijawab 404."), errors=(404,),
           parameters=[path_parameter("code", _l("Kode layanan."), "sku")])
def service(code: str):
    """One open service; closed and unknown ones are a 404."""
    found = find_open_service(code)
    if found is None:
        api_abort(404, SERVICE_NOT_FOUND)
    return found, 200, {"Cache-Control": CACHE_PUBLIC}


@bp.get("/lacak/<path:reg_no>")
@tracking_budget()
@bp.response(200, TrackingSchema, description=_l("Status dan riwayat."))
@operation("trackApplication", _l("Lacak permohonan"), LazyString(_tracking_description),
           errors=(404, 429),
           parameters=[path_parameter("reg_no", _l("Nomor registrasi pada tanda terima."),
                                      "LBK-2611-7K3QX9WD")])
def tracking(reg_no: str):
    """The masked timeline of a registration number; unknown and malformed get the same 404."""
    application = find_application(typed_number(reg_no))
    if application is None:
        api_abort(404, APPLICATION_NOT_FOUND)
    return application, 200, {"Cache-Control": CACHE_NONE}


@bp.get("/verifikasi/<kode>")
@limiter.limit(LOOKUP_RATE_LIMIT)
@bp.response(200, LetterSchema, description=_l("Surat."))
@operation("verifyLetter", _l("Verifikasi surat"), LazyString(_verification_description),
           errors=(404, 429),
           parameters=[path_parameter("kode", _l("Kode verifikasi pada surat."), "KTLA-64Z3")])
def letter(kode: str):
    """A printed letter by the short code typed from it ('ktla 64z3', 'KTLA-64Z3')."""
    found = find_by_short_code(kode)
    if found is None:
        api_abort(404, LETTER_NOT_FOUND)
    return found, 200, {"Cache-Control": CACHE_NONE}
