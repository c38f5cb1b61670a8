"""The IKM report: the SKM survey's results per unit, service and period, as offices submit it.

Per period (a semester by default, as most offices report; a quarter or the year on
request) the survey's answers are summed per element in one SQL query; the element averages,
the index and its grade come from the regulation's tables (`portal.standards.skm`). The
complaints of the same units and period are counted beside them, since "penanganan
pengaduan" is one of the nine elements. Answers stay anonymous: only sums leave the query,
and suggestions are listed without any link to their application.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Optional, Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from portal.extensions import db
from portal.models import Complaint, SurveyResponse
from portal.models.standards import ELEMENT_COLUMNS
from portal.reports.recap import month_bounds
from portal.standards import skm

# Period key -> (first month, last month, label).
PERIODS = {
    "S1": (1, 6, _l("Semester I (Januari–Juni)")),
    "S2": (7, 12, _l("Semester II (Juli–Desember)")),
    "Q1": (1, 3, _l("Triwulan I")), "Q2": (4, 6, _l("Triwulan II")),
    "Q3": (7, 9, _l("Triwulan III")), "Q4": (10, 12, _l("Triwulan IV")),
    "T": (1, 12, _l("Satu tahun")),
}
SUGGESTIONS_SHOWN = 50


@dataclass(frozen=True)
class Period:
    """A reporting period: a year and one of PERIODS."""

    year: int
    key: str

    @property
    def label(self) -> str:
        """'Semester II (Juli–Desember) 2026'."""
        return f"{PERIODS[self.key][2]} {self.year}"

    def bounds(self):
        """The period's first moment and the next period's, as naive UTC."""
        first, last, _label = PERIODS[self.key]
        months = month_bounds(self.year)
        return months[first - 1], months[last]


def default_period(today: date) -> Period:
    """The semester of `today`."""
    return Period(today.year, "S1" if today.month <= 6 else "S2")


@dataclass(frozen=True)
class ComplaintFigures:
    """Complaints filed in the period and how they were handled."""

    filed: int
    answered: int
    within_level: int
    working_days_sum: int

    @property
    def average_working_days(self) -> Optional[float]:
        """Mean working days to an answer."""
        return round(self.working_days_sum / self.answered, 1) if self.answered else None


@dataclass(frozen=True)
class SatisfactionReport:
    """The survey's figures for one selection."""

    period: Period
    responses: int
    averages: Optional[tuple[Fraction, ...]]
    complaints: ComplaintFigures
    suggestions: tuple[str, ...]

    @property
    def ikm(self) -> Optional[Decimal]:
        """The index, 25–100, or None without answers."""
        return skm.index_of(self.averages) if self.averages else None

    @property
    def grade(self) -> Optional[skm.Grade]:
        """The grade of the index."""
        return skm.grade_of(self.ikm) if self.averages else None

    @property
    def lowest(self) -> list[skm.Element]:
        """The three elements with the lowest averages."""
        return skm.lowest_elements(self.averages) if self.averages else []

    def element_rows(self) -> list[tuple[skm.Element, Optional[Decimal]]]:
        """(element, its rounded average) in the regulation's order."""
        averages = self.averages or (None,) * len(skm.ELEMENTS)
        return [(element, skm.rounded(value) if value is not None else None)
                for element, value in zip(skm.ELEMENTS, averages)]


def _filtered(query, model, period: Period, unit_ids: Optional[Sequence[int]],
              service_id: Optional[int], moment):
    start, end = period.bounds()
    query = query.where(moment >= start, moment < end)
    if unit_ids is not None:
        query = query.where(model.unit_id.in_(list(unit_ids)))
    if service_id:
        query = query.where(model.service_id == service_id)
    return query


def _complaint_figures(period, unit_ids, service_id) -> ComplaintFigures:
    query = select(func.count(Complaint.id), func.count(Complaint.answered_at),
                   func.coalesce(func.sum(case((Complaint.within_level.is_(True), 1), else_=0)), 0),
                   func.coalesce(func.sum(Complaint.working_days), 0))
    row = db.session.execute(_filtered(query, Complaint, period, unit_ids, service_id,
                                       Complaint.created_at)).one()
    return ComplaintFigures(*(int(value or 0) for value in row))


def satisfaction_report(period: Period, unit_ids: Optional[Sequence[int]] = None,
                        service_id: Optional[int] = None) -> SatisfactionReport:
    """The report of the units (None: every unit) and service (None: every service)."""
    columns = [getattr(SurveyResponse, name) for name in ELEMENT_COLUMNS]
    query = select(func.count(SurveyResponse.id), *(func.sum(column) for column in columns))
    count, *sums = db.session.execute(_filtered(
        query, SurveyResponse, period, unit_ids, service_id, SurveyResponse.submitted_at)).one()
    suggestions = db.session.execute(_filtered(
        select(SurveyResponse.suggestion).where(SurveyResponse.suggestion != "")
        .order_by(SurveyResponse.submitted_at.desc()).limit(SUGGESTIONS_SHOWN),
        SurveyResponse, period, unit_ids, service_id, SurveyResponse.submitted_at)).scalars()
    return SatisfactionReport(period, int(count or 0), skm.averages_of_sums(sums, int(count or 0)),
                              _complaint_figures(period, unit_ids, service_id),
                              tuple(suggestions))


def export_rows(report: SatisfactionReport) -> tuple[list[str], list[list]]:
    """The report as a header and rows for the XLSX download."""
    header = ["Kode", "Unsur pelayanan", "Nilai rata-rata (NRR)", "NRR tertimbang"]
    rows = [[element.code, str(element.name), float(value) if value is not None else None,
             float(skm.rounded(Fraction(value) / len(skm.ELEMENTS))) if value is not None
             else None] for element, value in report.element_rows()]
    grade = report.grade
    rows += [[], ["", "Periode", report.period.label], ["", "Jumlah responden", report.responses],
             ["", "IKM", float(report.ikm) if report.ikm is not None else None],
             ["", "Mutu pelayanan", f"{grade.letter} ({grade.label})" if grade else "-"],
             ["", "Pengaduan masuk", report.complaints.filed],
             ["", "Pengaduan dijawab", report.complaints.answered],
             ["", "Dijawab tepat waktu", report.complaints.within_level]]
    return header, rows
