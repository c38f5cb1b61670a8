"""Errors of the JSON API: every answer under /api/ is JSON, failures included.

An error is `{"error": {"code", "message"}}` with a stable machine-readable code and a
message in the language asked for (Indonesian unless ?lang=en); a 422 also names the fields
to correct under "fields".
"""
from typing import Optional

from flask import Response, has_request_context, jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, default_exceptions

API_PREFIX = "/api/"

# status code -> (machine-readable code, what a person reads)
API_ERRORS = {
    400: ("bad_request", _l("Permintaan tidak valid.")),
    401: ("unauthorized", _l("Token tidak ada, tidak dikenal, kedaluwarsa atau sudah dicabut. "
                             "Masuk lagi untuk mendapat token baru.")),
    403: ("forbidden", _l("Anda tidak berhak melakukan ini.")),
    404: ("not_found", _l("Data atau alamat yang diminta tidak ditemukan.")),
    405: ("method_not_allowed", _l("Metode ini tidak tersedia untuk alamat ini.")),
    409: ("conflict", _l("Permohonan sudah berubah atau tidak lagi dapat diubah. Muat ulang "
                         "datanya, lalu coba lagi.")),
    413: ("payload_too_large", _l("Kiriman terlalu besar.")),
    422: ("invalid", _l("Ada isian yang perlu diperbaiki.")),
    429: ("too_many_requests",
          _l("Terlalu banyak permintaan. Tunggu sebentar (lihat Retry-After), lalu coba lagi.")),
    500: ("server_error", _l("Maaf, permintaan belum dapat diproses. Silakan coba beberapa saat "
                             "lagi.")),
}
ERROR_CODES = [code for code, _text in API_ERRORS.values()]
# marshmallow's own messages (English) as our users read them; anything else: INVALID_VALUE.
FIELD_MESSAGES = {
    "Missing data for required field.": _l("Wajib diisi."),
    "Unknown field.": _l("Isian ini tidak dikenal."),
    "Not a valid string.": _l("Harus berupa teks."),
    "Not a valid date.": _l("Tanggal tidak valid (format HHHH-BB-TT)."),
    "Field may not be null.": _l("Wajib diisi."),
}
INVALID_VALUE = _l("Isian tidak valid.")


def api_abort(status: int, message: Optional[str] = None, fields: Optional[dict] = None):
    """Stop the request with an API error: its own message and, for 422, the fields to correct."""
    error = default_exceptions[status]()
    error.api_message, error.api_fields = message, fields or {}
    raise error


def answers_in_json() -> bool:
    """True while serving a request under the API's prefix."""
    return has_request_context() and request.path.startswith(API_PREFIX)


def error_response(status: int, message: Optional[str] = None,
                   fields: Optional[dict] = None) -> Response:
    """The error object `{"error": {"code", "message"}}` with its HTTP status."""
    code, default_message = API_ERRORS[status]
    body = {"code": code, "message": str(message or default_message)}
    if fields:
        body["fields"] = {name: str(text) for name, text in fields.items()}
    response = jsonify({"error": body})
    response.status_code = status
    return response


def _first_message(messages) -> str:
    """One readable message of marshmallow's nested lists/dicts of messages."""
    while isinstance(messages, (list, dict)) and messages:
        messages = messages[0] if isinstance(messages, list) else next(iter(messages.values()))
    return str(FIELD_MESSAGES.get(messages, INVALID_VALUE)) if isinstance(messages, str) \
        else str(INVALID_VALUE)


def validation_fields(error: HTTPException) -> dict:
    """{field: message} of a webargs/marshmallow validation error (422)."""
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    found = {}
    for per_field in messages.values():  # by location: json, form, query …
        if isinstance(per_field, dict):
            found.update({name: _first_message(text) for name, text in per_field.items()})
    return found


def http_error_response(status: int, error: Exception) -> Response:
    """The JSON answer to an HTTP error raised while serving the API (routing, limits, crashes)."""
    if hasattr(error, "api_message"):
        response = error_response(status, error.api_message, error.api_fields)
    else:
        response = error_response(status, fields=validation_fields(error) if status == 422
                                  else None)
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    allowed = getattr(error, "valid_methods", None)  # a 405 names the methods that work
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response
