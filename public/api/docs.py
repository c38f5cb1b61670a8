"""How each operation is documented: its id, texts in ?lang=, error answers, security."""
from flask_babel import lazy_gettext as _l

from public.api import bp
from public.api.auth import SECURITY
from public.api.errors import API_ERRORS

ERROR_REF = {"$ref": "#/components/schemas/Error"}
CACHE_PUBLIC = "public, max-age=60"  # public data, the same for everyone: caches may keep it
CACHE_NONE = "no-store"  # personal, or looked up by a secret-ish key: never kept
RETRY_AFTER = {"Retry-After": {"description": _l("Detik sampai boleh mencoba lagi."),
                               "schema": {"type": "integer"}}}
LANG_PARAMETER = {"name": "lang", "in": "query", "required": False,
                  "description": _l("Bahasa label dan pesan: id (bawaan) atau en."),
                  "schema": {"type": "string", "enum": ["id", "en"], "default": "id"}}


def error_answers(*statuses: int) -> dict:
    """The documented error answers (the Error object, its message in ?lang=); 500 always."""
    answers = {}
    for status in (*statuses, 500):
        answer = {"description": API_ERRORS[status][1],
                  "content": {"application/json": {"schema": ERROR_REF}}}
        if status == 429:
            answer["headers"] = RETRY_AFTER
        answers[status] = answer
    return answers


def operation(operation_id: str, summary, description, errors: tuple = (),
              secured: bool = False, **extra):
    """Decorator documenting one operation; `secured` ones need the bearer token (401)."""
    statuses = (*errors, 401) if secured else errors
    answers = {**error_answers(*sorted(set(statuses))),
               **{int(status): answer for status, answer in extra.pop("responses", {}).items()}}
    doc = {"operationId": operation_id, "summary": summary, "description": description,
           "responses": answers, **extra}
    if secured:
        doc["security"] = SECURITY
    return bp.doc(**doc)


def path_parameter(name: str, description, example: str) -> dict:
    """A required parameter in the path."""
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}, "example": example}
