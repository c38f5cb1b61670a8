"""Locale choice: Bahasa Indonesia by default, English on request (?lang=en, remembered)."""
from flask import request, session

SUPPORTED_LOCALES = ("id", "en")


def select_locale() -> str:
    """Pick the user's language: ?lang= (remembered in the session), else Indonesian."""
    wanted = request.args.get("lang")
    if wanted in SUPPORTED_LOCALES:
        session["lang"] = wanted
        return wanted
    return session.get("lang", "id") if session.get("lang") in SUPPORTED_LOCALES else "id"
