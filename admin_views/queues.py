"""The officer's tabs (Data Baru, In Progress, Data Selesai) and the Administrator's overview."""
from flask_babel import lazy_gettext

from admin_views.base import ScopedApplicationView


class DataBaruView(ScopedApplicationView):
    """Waiting for my decision, oldest first."""

    queue = "data_baru"
    menu_label = lazy_gettext("Data Baru")
    allows_revision = True
    column_default_sort = ("created_at", False)


class InProgressView(ScopedApplicationView):
    """Passed by me, still moving."""

    queue = "in_progress"
    menu_label = lazy_gettext("In Progress")
    allows_revision = True


class DataSelesaiView(ScopedApplicationView):
    """Finished among my unit's applications; 'Cetak' appears here."""

    queue = "data_selesai"
    menu_label = lazy_gettext("Data Selesai")
    counted_in_menu = False  # an archive: neither the menu nor the pager counts it
    simple_list_pager = True


class AllApplicationsView(ScopedApplicationView):
    """The Administrator sees every application, read-only, and decides nothing."""

    queue = "semua"
    menu_label = lazy_gettext("Semua Permohonan")
    for_administrator = True
    counted_in_menu = False  # the whole city's archive
    simple_list_pager = True


QUEUE_VIEWS = (
    (DataBaruView, "data_baru", "data-baru"),
    (InProgressView, "in_progress", "in-progress"),
    (DataSelesaiView, "data_selesai", "data-selesai"),
    (AllApplicationsView, "semua_permohonan", "permohonan"),
)
