"""Status labels in the reader's language: stored in Indonesian, worded again when shown."""
from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal.i18n import DEFAULT_LOCALE

# Labels that are a status or an event alone (portal.workflow.engine.STATUSES, EVENT_LABELS).
WHOLE = {
    "Terdaftar": _l("Terdaftar"),
    # Stored as "Konfirmasi", which reads like "please confirm": shown as what it means.
    "Konfirmasi": _l("Dikonfirmasi, menunggu verifikasi"),
    "Disetujui": _l("Disetujui"),
    "Dikembalikan untuk perbaikan": _l("Dikembalikan untuk perbaikan"),
    "Selesai": _l("Selesai"),
    "Diserahkan": _l("Diserahkan"),
    "Ditolak": _l("Ditolak"),
    "Dibatalkan": _l("Dibatalkan"),
    "Diperbaiki oleh pemohon": _l("Diperbaiki oleh pemohon"),  # engine.EVENT_LABELS
}
# Labels that name who decided (portal.workflow.engine.status_label): how each begins, and how the
# reader's language says it. The rest, a position title and a unit name, is a proper name.
NAMING_WHO = (
    ("Dikembalikan untuk perbaikan oleh ", _l("Dikembalikan untuk perbaikan oleh %(who)s")),
    ("Data diperbaiki oleh ", _l("Data diperbaiki oleh %(who)s")),
    ("Disetujui ", _l("Disetujui %(who)s")),
    ("Ditolak ", _l("Ditolak %(who)s")),
)


def status_text(label: str) -> str:
    """A stored status label as the reader's language says it (in Indonesian mostly unchanged)."""
    if label in WHOLE:
        return str(WHOLE[label])
    if not label or str(get_locale()) == DEFAULT_LOCALE:
        return label
    for beginning, wording in NAMING_WHO:
        if label.startswith(beginning):
            return str(wording) % {"who": label[len(beginning):]}
    return label


def init_status_text(app: Flask) -> None:
    """Offer `status_text` to every template as a filter."""
    app.jinja_env.filters["status_text"] = status_text
