"""Locale choice: Bahasa Indonesia by default, English on request (?lang=en, remembered)."""
from flask import has_request_context, request, session

SUPPORTED_LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"
# Paths that answer programs (the JSON API): the language comes from ?lang= alone, so an
# answer never depends on, nor sets, a session cookie (and shared caches may keep it).
STATELESS_PREFIXES = ("/api/",)


def select_locale() -> str:
    """Pick the user's language: ?lang= (remembered in the session), else Indonesian.

    Outside a request (CLI, jobs, app set-up) the default language is used.
    """
    if not has_request_context():
        return DEFAULT_LOCALE
    wanted = request.args.get("lang")
    if request.path.startswith(STATELESS_PREFIXES):
        return wanted if wanted in SUPPORTED_LOCALES else DEFAULT_LOCALE
    if wanted in SUPPORTED_LOCALES:
        session["lang"] = wanted
        return wanted
    remembered = session.get("lang")
    return remembered if remembered in SUPPORTED_LOCALES else DEFAULT_LOCALE
