"""Indeks Kepuasan Masyarakat: the SKM report per unit, service and period, with XLSX and print."""
from flask import Response, request
from flask_admin import expose
from flask_babel import gettext
from flask_login import current_user

from admin_views.console.base import AdministratorView
from admin_views.console.chart import element_bar_chart
from portal.extensions import db
from portal.models import Service, Unit, utcnow
from portal.reports.exports import XLSX_MIMETYPE, xlsx_bytes
from portal.reports.satisfaction import (PERIODS, Period, default_period, export_rows,
                                         satisfaction_report)
from portal.standards.skm import GRADES
from portal.workflow.sla import local_date


class SatisfactionView(AdministratorView):
    """The Administrator sees every unit (or picks one); a Lurah/Camat sees their own."""

    also_for_positions = ("kepala",)

    def _selection(self):
        today = local_date(utcnow())
        period = default_period(today)
        year = request.args.get("tahun", type=int) or period.year
        year = year if 2000 <= year <= today.year + 1 else period.year
        key = request.args.get("periode", "") if request.args.get("periode") in PERIODS \
            else period.key
        service = db.session.get(Service, request.args.get("layanan", type=int) or 0)
        if not current_user.is_administrator:
            return Period(year, key), current_user.unit, service
        unit = db.session.get(Unit, request.args.get("unit", type=int) or 0)
        return Period(year, key), unit, service

    def _report(self):
        period, unit, service = self._selection()
        report = satisfaction_report(period, [unit.id] if unit else None,
                                     service.id if service else None)
        return report, unit, service

    def _context(self) -> dict:
        report, unit, service = self._report()
        scope = unit.title if unit else gettext("Semua unit")
        return {"report": report, "unit": unit, "service": service, "scope": scope,
                "periods": PERIODS, "grades": GRADES,
                "this_year": local_date(utcnow()).year,
                "units": (db.session.execute(db.select(Unit).order_by(Unit.kind, Unit.name))
                          .scalars().all() if current_user.is_administrator else []),
                "services": db.session.execute(db.select(Service).order_by(
                    Service.sort_order, Service.name)).scalars().all(),
                "chart": element_bar_chart(report.element_rows(),
                                           f"{report.period.label} — {scope}")}

    @expose("/")
    def index(self):
        """The report of the chosen period, unit and service, with its chart."""
        return self.render("console/satisfaction.html", **self._context())

    @expose("/cetak")
    def print_view(self):
        """The report as an office submits it, ready to print."""
        return self.render("console/satisfaction_print.html", **self._context())

    @expose("/unduh.xlsx")
    def download(self):
        """The same report as XLSX."""
        report, unit, _service = self._report()
        header, rows = export_rows(report)
        name = (f"ikm-{report.period.year}-{report.period.key}-"
                f"{unit.short_code if unit else 'semua'}.xlsx")
        return Response(xlsx_bytes(header, rows, title="IKM"), mimetype=XLSX_MIMETYPE,
                        headers={"Content-Disposition": f"attachment; filename={name}"})
