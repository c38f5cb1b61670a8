"""The audit log, read-only: actions and objects in words, filters by officer, action and day,
and a formula-safe CSV export."""
from datetime import timedelta

from flask import Response, abort, g
from flask_admin import expose
from flask_admin.contrib.sqla import filters

from admin_views.console.base import AdministratorModelView
from admin_views.personal_data import AuditedPersonalData
from portal.extensions import db
from portal.local_time import office_day_start, office_moment_utc
from portal.models import AuditEntry, Officer
from portal.officers.audit import (ACTION_LABELS, OBJECT_LABELS, action_label, object_label,
                                   object_names)
from portal.reports.exports import CSV_MIMETYPE, csv_bytes

EXPORT_COLUMNS = (("created_at", "Waktu"), ("officer_id", "ID petugas"), ("actor", "Petugas"),
                  ("action", "Tindakan"), ("object_type", "Objek"), ("object_id", "ID objek"),
                  ("object_name", "Nama / nomor objek"), ("detail", "Rincian"),
                  ("ip", "Alamat IP"))


class OfficerOptions:
    """The officers as filter choices, read at every request: 'Name (NIP)'."""

    def __iter__(self):
        query = db.select(Officer.id, Officer.name, Officer.nip).order_by(Officer.name)
        return iter([(str(row.id), f"{row.name} ({row.nip})") for row in db.session.execute(query)])

    def __bool__(self) -> bool:
        return True


class LabelOptions:
    """Codes with their Indonesian labels as filter choices, in the reader's language."""

    def __init__(self, labels: dict):
        self.labels = labels

    def __iter__(self):
        return iter(sorted(((code, str(label)) for code, label in self.labels.items()),
                           key=lambda option: option[1]))

    def __bool__(self) -> bool:
        return True


class OfficeDaysFilter(filters.DateBetweenFilter):
    """Between two days of the office's calendar (the stored moments are UTC)."""

    def apply(self, query, value, alias=None):
        """Rows from the first day's start to the end of the last day, office time."""
        first, last = value
        column = self.get_column(alias)
        return query.filter(column >= office_day_start(first),
                            column < office_day_start(last + timedelta(days=1)))


class OfficeTimeFilter(filters.DateTimeBetweenFilter):
    """Between two moments typed in office time (the stored moments are UTC)."""

    def apply(self, query, value, alias=None):
        """Rows between the two moments, both read on the office's clock."""
        first, last = value
        return query.filter(self.get_column(alias).between(office_moment_utc(first),
                                                           office_moment_utc(last)))


def _object_name(view, context, model, name):
    return g.get("audit_names", {}).get((model.object_type, model.object_id), model.object_id)


class AuditLogView(AuditedPersonalData, AdministratorModelView):
    """Who logged in, decided, viewed personal data or changed settings, and when."""

    audit_kind = "audit_log"
    audit_lists = True  # citizens' rows name them by NIK ("warga 3171…", "Siti (3171…)")
    can_create = can_edit = can_delete = False
    can_export = True
    export_types = ("csv",)
    column_list = ("created_at", "actor", "action", "object_type", "object_id", "ip")
    column_labels = {**dict(EXPORT_COLUMNS), "object_id": "Nama / nomor objek"}
    column_default_sort = ("created_at", True)
    column_searchable_list = ("actor", "action", "object_id")
    column_formatters = {
        "action": lambda view, context, model, name: action_label(model.action),
        "object_type": lambda view, context, model, name: object_label(model.object_type),
        "object_id": _object_name,
    }
    column_filters = (
        filters.FilterLike(AuditEntry.actor, "Nama petugas"),
        filters.IntEqualFilter(AuditEntry.officer_id, "Petugas", options=OfficerOptions()),
        filters.FilterEqual(AuditEntry.action, "Tindakan", options=LabelOptions(ACTION_LABELS)),
        OfficeTimeFilter(AuditEntry.created_at, "Waktu"),
        filters.FilterEqual(AuditEntry.object_type, "Objek", options=LabelOptions(OBJECT_LABELS)),
        OfficeDaysFilter(AuditEntry.created_at, "Tanggal"),
    )

    def get_list(self, *args, **kwargs):
        """A page of rows, with the names of their objects looked up in one go."""
        count, entries = super().get_list(*args, **kwargs)
        entries = list(entries)
        g.audit_names = object_names(entries)
        return count, entries

    def _export_rows(self, entries):
        names = object_names(entries)
        for entry in entries:
            values = {"action": action_label(entry.action),
                      "object_type": object_label(entry.object_type),
                      "object_name": names.get((entry.object_type, entry.object_id), "")}
            yield [values[name] if name in values else getattr(entry, name)
                   for name, _ in EXPORT_COLUMNS]

    @expose("/export/<export_type>/")
    def export(self, export_type: str):
        """The filtered list as CSV; no cell can start a spreadsheet formula."""
        if export_type != "csv":
            abort(404)
        _, entries = self._export_data()
        body = csv_bytes([title for _, title in EXPORT_COLUMNS], self._export_rows(list(entries)))
        return Response(body, content_type=CSV_MIMETYPE, headers={
            "Content-Disposition": "attachment; filename=log-audit.csv"})
