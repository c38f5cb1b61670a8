"""WTForms' own messages ("This field is required.") in the reader's language.

WTForms ships no Indonesian catalogue; ours is translations/id/LC_MESSAGES/wtforms.po (the app's
own `messages` domain has no `id` catalogue: its msgids are Indonesian already). Flask-WTF's
forms look the request's catalogue up in `request.wtforms_translations` (flask_wtf/i18n.py), so
a before_request hook puts `FormMessages` there; Flask-Admin's own forms (the inline editors)
take the same object as their `Meta.get_translations` (admin_views.language.InlineForm).
"""
import os

from babel import support
from flask import Flask, current_app, has_app_context, request
from flask_babel import get_locale
from wtforms.i18n import messages_path

DOMAIN = "wtforms"
CATALOGUES = os.path.join(os.path.dirname(__file__), "translations")
CACHE = "layanan_wtforms_catalogues"  # app.extensions key: {language: catalogue}


def load_catalogue(language: str) -> support.NullTranslations:
    """Our catalogue for `language` in front of WTForms' own; each keeps its own plural rule."""
    ours = support.Translations.load(CATALOGUES, [language], DOMAIN)
    ours.add_fallback(support.Translations.load(messages_path(), [language], DOMAIN))
    return ours


def current_catalogue() -> support.NullTranslations:
    """The catalogue of the current language, read from disk once per app and language."""
    cache = current_app.extensions[CACHE]
    language = str(get_locale())
    if language not in cache:
        cache[language] = load_catalogue(language)
    return cache[language]


class FormMessages:
    """WTForms' translations object: looks each message up in the current language when asked.

    `gettext`/`ngettext` are the names WTForms calls, `ugettext`/`ungettext` those Flask-WTF calls.
    """

    def gettext(self, string: str) -> str:
        """The message in the current language (unchanged outside an app)."""
        return current_catalogue().ugettext(string) if has_app_context() else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The message for `n` in the current language (English rules outside an app)."""
        if not has_app_context():
            return singular if n == 1 else plural
        return current_catalogue().ungettext(singular, plural, n)

    ugettext = gettext
    ungettext = ngettext


def offer_form_messages() -> None:
    """Before each request: the object Flask-WTF's forms take their messages from."""
    request.wtforms_translations = FormMessages()


def init_form_messages(app: Flask) -> None:
    """Give WTForms' messages the reader's language in every request of `app`."""
    app.extensions[CACHE] = {}
    app.before_request(offer_form_messages)
