"""Locale choice: Bahasa Indonesia by default, English on request (?lang=en, remembered)."""
from flask import has_request_context, request, session

SUPPORTED_LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"


def select_locale() -> str:
    """Pick the user's language: ?lang= (remembered in the session), else Indonesian.

    Outside a request (CLI, jobs, app set-up) the default language is used.
    """
    if not has_request_context():
        return DEFAULT_LOCALE
    wanted = request.args.get("lang")
    if wanted in SUPPORTED_LOCALES:
        session["lang"] = wanted
        return wanted
    remembered = session.get("lang")
    return remembered if remembered in SUPPORTED_LOCALES else DEFAULT_LOCALE
