"""Flask-Admin's own words ("List", "Save", "equals") and its forms' messages, in Indonesian too.

Flask-Admin ships no Indonesian catalogue; ours is translations/id/LC_MESSAGES/admin.po, handed
to Flask-Admin as `Admin(translations_path=...)`.
"""
import os

import flask_admin.translations
from babel import support
from flask_admin import Admin
from flask_admin import babel as admin_babel
from flask_admin.form import BaseForm

from portal.form_messages import FormMessages
from portal.i18n import SUPPORTED_LOCALES

TRANSLATIONS = os.path.join(os.path.dirname(__file__), "translations")
FLASK_ADMIN_TRANSLATIONS = os.path.dirname(flask_admin.translations.__file__)


def admin_catalogue(language: str, directories: list[str]) -> support.Translations:
    """The 'admin' catalogues of `directories`, merged as Flask-Babel does, plural rule included."""
    domain = admin_babel.domain.domain[0]
    merged = support.Translations()
    for directory in directories:
        catalogue = support.Translations.load(directory, [language], domain)
        if isinstance(catalogue, support.Translations):
            merged.merge(catalogue)
            merged.plural = catalogue.plural
    return merged


def prime_admin_catalogues(admin: Admin) -> None:
    """Fill Flask-Admin's catalogue cache, for each language we offer, with ours before its own.

    Left to itself Flask-Admin's domain (a Flask-Babel 4.0 `Domain`) would take the plural rule
    of its own directory, which has no `id` catalogue, so the plurals of ours ("%(count)s data
    berhasil dihapus.") would come out in English (python-babel/flask-babel#241, merged upstream
    after the 4.0.0 we pin). Its cache is also keyed by language alone: whichever request asked
    first, with or without a current view (and so our directory), would decide for the process.
    """
    directories = [admin.translations_path, FLASK_ADMIN_TRANSLATIONS]
    for language in SUPPORTED_LOCALES:
        admin_babel.domain.cache[language, admin_babel.domain.domain[0]] = admin_catalogue(
            language, directories)


class InlineForm(BaseForm):
    """Flask-Admin's form for inline editors, with WTForms' messages in the reader's language."""

    class Meta:
        """WTForms options: the messages come from our catalogue (portal.form_messages)."""

        def get_translations(self, form) -> FormMessages:
            """The translations object WTForms asks for its messages."""
            return FormMessages()
