"""Errors of the JSON API: every answer under /api/ is JSON, failures included."""
from typing import Optional

from flask import Response, has_request_context, jsonify, request
from flask_babel import lazy_gettext as _l

API_PREFIX = "/api/"

# status code -> (machine-readable code, what a person reads)
API_ERRORS = {
    400: ("bad_request", _l("Permintaan tidak valid.")),
    404: ("not_found", _l("Data atau alamat yang diminta tidak ditemukan.")),
    405: ("method_not_allowed", _l("API ini hanya dapat dibaca: gunakan metode GET.")),
    413: ("payload_too_large", _l("Kiriman terlalu besar.")),
    429: ("too_many_requests",
          _l("Terlalu banyak permintaan. Tunggu sebentar (lihat Retry-After), lalu coba lagi.")),
    500: ("server_error", _l("Maaf, permintaan belum dapat diproses. Silakan coba beberapa saat "
                             "lagi.")),
}


def answers_in_json() -> bool:
    """True while serving a request under the API's prefix."""
    return has_request_context() and request.path.startswith(API_PREFIX)


def error_response(status: int, message: Optional[str] = None) -> Response:
    """The error object `{"error": {"code", "message"}}` with its HTTP status."""
    code, default_message = API_ERRORS[status]
    response = jsonify({"error": {"code": code, "message": str(message or default_message)}})
    response.status_code = status
    return response


def http_error_response(status: int, error: Exception) -> Response:
    """The JSON answer to an HTTP error raised while serving the API (routing, limits, crashes)."""
    response = error_response(status)
    allowed = getattr(error, "valid_methods", None)  # a 405 names the methods that work
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response
