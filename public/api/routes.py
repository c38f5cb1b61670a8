"""Version 1 of the read-only JSON API for mobile clients: catalogue, tracking, letter checks.

It answers what the citizen pages show, through the same functions; see public/api/openapi.py.
"""
from flask import Blueprint, Response, jsonify, render_template
from flask_babel import lazy_gettext as _l

from portal.extensions import limiter
from portal.letters.issuing import find_by_short_code
from public.api.errors import answers_in_json, error_response
from public.api.reference import operations, schema_tables
from public.api.serializers import letter_json, service_json, tracking_json
from public.api.openapi import CACHE_NONE, CACHE_PUBLIC, openapi_document
from public.track import find_application, tracking_budget, typed_number
from public.verification import LOOKUP_RATE_LIMIT
from public.views import find_open_service, search_services, search_text

bp = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")

SERVICE_NOT_FOUND = _l("Layanan tidak ditemukan atau sedang tidak dibuka.")
APPLICATION_NOT_FOUND = _l("Permohonan tidak ditemukan. Periksa kembali nomor registrasi pada "
                           "tanda terima atau email Anda, termasuk tanda hubungnya.")
LETTER_NOT_FOUND = _l("Kode verifikasi tidak ditemukan. Periksa kembali kode pada surat.")


def json_with_cache(body: dict, cache: str) -> Response:
    """A 200 JSON answer with its caching rule."""
    response = jsonify(body)
    response.headers["Cache-Control"] = cache
    return response


@bp.after_app_request
def _open_to_every_origin(response: Response) -> Response:
    """Public data without credentials: any web origin may read every API answer."""
    if answers_in_json():
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.setdefault("Cache-Control", CACHE_NONE)
    return response


@bp.get("/")
def reference():
    """The reference page, rendered from the OpenAPI document."""
    document = openapi_document()
    return render_template("api/reference.html", document=document,
                           operations=operations(document), schemas=schema_tables(document))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document."""
    return json_with_cache(openapi_document(), CACHE_PUBLIC)


@bp.get("/layanan")
def services():
    """The open services (narrowed by `?q=`), each with its documents and form fields."""
    text = search_text()
    found = search_services(text, with_fields=True)
    body = {"query": text, "count": len(found),
            "services": [service_json(service) for service in found]}
    return json_with_cache(body, CACHE_PUBLIC)


@bp.get("/layanan/<code>")
def service(code: str):
    """One open service; closed and unknown ones are a 404."""
    found = find_open_service(code)
    if found is None:
        return error_response(404, SERVICE_NOT_FOUND)
    return json_with_cache(service_json(found), CACHE_PUBLIC)


@bp.get("/lacak/<path:reg_no>")
@tracking_budget()
def tracking(reg_no: str):
    """The masked timeline of a registration number; unknown and malformed get the same 404."""
    application = find_application(typed_number(reg_no))
    if application is None:
        return error_response(404, APPLICATION_NOT_FOUND)
    return json_with_cache(tracking_json(application), CACHE_NONE)


@bp.get("/verifikasi/<kode>")
@limiter.limit(LOOKUP_RATE_LIMIT)
def letter(kode: str):
    """A printed letter by the short code typed from it ('ktla 64z3', 'KTLA-64Z3')."""
    found = find_by_short_code(kode)
    if found is None:
        return error_response(404, LETTER_NOT_FOUND)
    return json_with_cache(letter_json(found), CACHE_NONE)
