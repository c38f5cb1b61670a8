"""The monthly recap page: year and unit selectors, a chart, CSV and XLSX downloads."""
from flask import Response, request
from flask_admin import expose
from flask_login import current_user

from admin_views.console.base import AdministratorView
from admin_views.console.chart import monthly_bar_chart
from portal.reports.exports import (CSV_MIMETYPE, XLSX_MIMETYPE, csv_bytes, csv_convention,
                                    xlsx_bytes)
from portal.extensions import db
from portal.models import Unit, utcnow
from portal.reports.recap import CHANNEL_TITLES, COLUMNS, monthly_recap
from portal.reports.returns import most_returned
from portal.workflow.sla import local_date

EXPORTS = {"csv": CSV_MIMETYPE, "xlsx": XLSX_MIMETYPE}


class RecapView(AdministratorView):
    """The Administrator sees every unit (or picks one); a Lurah/Camat sees their own."""

    also_for_positions = ("kepala",)

    @staticmethod
    def _channel():
        """The channel filter (?kanal=online|loket), None for both."""
        channel = request.args.get("kanal", "")
        return channel if channel in CHANNEL_TITLES else None

    def _selection(self) -> tuple[int, object]:
        this_year = local_date(utcnow()).year
        year = request.args.get("tahun", type=int) or this_year
        year = year if 2000 <= year <= this_year + 1 else this_year
        if not current_user.is_administrator:
            return year, current_user.unit
        unit_id = request.args.get("unit", type=int)
        return year, db.session.get(Unit, unit_id) if unit_id else None

    @expose("/")
    def index(self):
        """The table of the chosen year and unit, with its chart."""
        year, unit = self._selection()
        recap = monthly_recap(year, unit.id if unit else None, self._channel())
        scope = unit.title if unit else "Semua unit"
        units = (db.session.execute(db.select(Unit).order_by(Unit.kind, Unit.name)).scalars()
                 if current_user.is_administrator else [])
        return self.render(
            "console/recap.html", recap=recap, year=year, unit=unit, units=units,
            columns=COLUMNS, totals=recap.monthly_totals(), channels=CHANNEL_TITLES, this_year=local_date(utcnow()).year,
            most_returned=most_returned(year, unit.id if unit else None),
            chart=monthly_bar_chart(recap.monthly_totals(), f"Rekap {year} — {scope}"))

    @expose("/unduh.<kind>")
    def download(self, kind: str):
        """The recap as XLSX or CSV (Indonesian `;`, decimal comma; `?pemisah=koma`: `,`)."""
        if kind not in EXPORTS:
            return Response(status=404)
        year, unit = self._selection()
        recap = monthly_recap(year, unit.id if unit else None, self._channel())
        header, rows = [title for _, title in COLUMNS], [row.values() for row in recap.rows]
        body = (csv_bytes(header, rows, csv_convention(request.args.get("pemisah")))
                if kind == "csv" else xlsx_bytes(header, rows))
        channel = f"-{recap.channel}" if recap.channel else ""
        name = f"rekap-{year}-{unit.short_code if unit else 'semua'}{channel}.{kind}"
        return Response(body, content_type=EXPORTS[kind],
                        headers={"Content-Disposition": f"attachment; filename={name}"})
