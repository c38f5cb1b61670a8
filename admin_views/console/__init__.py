"""The Administrator console: services, units, officers, calendar, audit, jobs, recap, the
satisfaction index (IKM), and the WhatsApp test outbox of the `log` driver."""
from flask import Blueprint

from admin_views.console.audit_log import AuditLogView
from admin_views.console.calendar import HolidayView, SubstitutionView
from admin_views.console.counter_positions import CounterPositionView
from admin_views.console.jobs import JobMonitorView
from admin_views.console.people import OfficerView, UnitView
from admin_views.console.recap import RecapView
from admin_views.console.satisfaction import SatisfactionView
from admin_views.console.services import ServiceView
from admin_views.console.wa_test_outbox import WhatsAppTestOutboxView
from portal.extensions import db
from portal.models import (AuditEntry, CounterPosition, Holiday, Officer, Service, Substitution,
                           Unit)

CATEGORY = "Administrasi"


def register_console(admin, app) -> None:
    """Add every console screen to `admin` and make its templates findable."""
    app.register_blueprint(Blueprint("console", __name__, template_folder="templates"))
    admin.add_views(
        ServiceView(Service, db, name="Layanan", category=CATEGORY,
                    endpoint="console_services", url="layanan"),
        UnitView(Unit, db, name="Unit", category=CATEGORY,
                 endpoint="console_units", url="unit"),
        OfficerView(Officer, db, name="Petugas", category=CATEGORY,
                    endpoint="console_officers", url="petugas"),
        HolidayView(Holiday, db, name="Hari libur", category=CATEGORY,
                    endpoint="console_holidays", url="hari-libur"),
        SubstitutionView(Substitution, db, name="Plh./Plt.",
                         category=CATEGORY, endpoint="console_substitutions", url="plh"),
        CounterPositionView(CounterPosition, db, name="Jabatan di loket", category=CATEGORY,
                            endpoint="console_counter_positions", url="jabatan-loket"),
        AuditLogView(AuditEntry, db, name="Log audit", category=CATEGORY,
                     endpoint="console_audit", url="log-audit"),
        JobMonitorView(name="Pemantau pekerjaan", category=CATEGORY,
                       endpoint="console_jobs", url="pekerjaan"),
        RecapView(name="Rekap bulanan", endpoint="console_recap", url="rekap"),
        SatisfactionView(name="Kepuasan masyarakat (IKM)", endpoint="console_satisfaction",
                         url="ikm"),
        WhatsAppTestOutboxView(name="Kotak keluar WhatsApp (uji)", category=CATEGORY,
                               endpoint="console_wa_outbox", url="kotak-keluar-wa"),
    )
