"""The audit log, read-only, with filters and a formula-safe CSV export."""
from flask import Response, abort
from flask_admin import expose
from flask_admin.contrib.sqla import filters

from admin_views.console.base import AdministratorModelView
from portal.reports.exports import CSV_MIMETYPE, csv_bytes
from portal.models import AuditEntry

EXPORT_COLUMNS = (("created_at", "Waktu"), ("officer_id", "ID petugas"), ("actor", "Petugas"),
                  ("action", "Tindakan"), ("object_type", "Objek"), ("object_id", "ID objek"),
                  ("detail", "Rincian"), ("ip", "Alamat IP"))


class AuditLogView(AdministratorModelView):
    """Who logged in, decided, viewed personal data or changed settings, and when."""

    can_create = can_edit = can_delete = False
    can_export = True
    export_types = ("csv",)
    column_list = ("created_at", "actor", "action", "object_type", "object_id", "ip")
    column_labels = dict(EXPORT_COLUMNS)
    column_default_sort = ("created_at", True)
    column_searchable_list = ("actor", "action", "object_id")
    column_filters = (
        filters.FilterLike(AuditEntry.actor, "Petugas"),
        filters.IntEqualFilter(AuditEntry.officer_id, "ID petugas"),
        filters.FilterEqual(AuditEntry.action, "Tindakan"),
        filters.DateTimeBetweenFilter(AuditEntry.created_at, "Waktu"),
        filters.FilterEqual(AuditEntry.object_type, "Objek"),
    )

    @expose("/export/<export_type>/")
    def export(self, export_type: str):
        """The filtered list as CSV; no cell can start a spreadsheet formula."""
        if export_type != "csv":
            abort(404)
        _, entries = self._export_data()
        rows = ([getattr(entry, name) for name, _ in EXPORT_COLUMNS] for entry in entries)
        body = csv_bytes([title for _, title in EXPORT_COLUMNS], rows)
        return Response(body, content_type=CSV_MIMETYPE, headers={
            "Content-Disposition": "attachment; filename=log-audit.csv"})
