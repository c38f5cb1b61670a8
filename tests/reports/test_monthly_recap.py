"""Monthly recap: the numbers equal what a clerk would count by hand, and export as-is."""
import io
import random
from collections import Counter
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from portal.extensions import db
from portal.models import Application, History, frozen_clock
from portal.reports.recap import COLUMNS, monthly_recap
from portal.workflow.sla import working_days_taken

YEAR, MONTH = 2026, 10


SERVICES = ("sku", "kematian", "tdup", "skck", "domisili-tempat-tinggal")
HOMES = ("Lubuk Baja Kota", "Baloi Indah")
OUTCOMES = {
    "finished": ["confirm"] + ["approve"] * 8,
    "returned": ["confirm", "approve", "return"],
    "corrected": ["confirm", "approve", "return", "resubmit"] + ["approve"] * 7,
    "refused": ["confirm", "approve", "approve", "approve", "refuse"],
    "waiting": ["confirm", "approve"],
    "cancelled": ["cancel"],
    "registered": [],
}


def wib(day: int, hour: int, month: int = MONTH) -> datetime:
    """A moment in office time (UTC+7) as naive UTC."""
    return datetime(YEAR, month, day, hour) - timedelta(hours=7)


def _walk(application, plan, moment, rng, advance_at):
    steps = []
    for action in plan:
        if action == "approve" and application.status == "selesai":
            break
        moment += timedelta(hours=rng.randint(2, 40))
        steps.append((action, moment))
        advance_at(application, steps[-1])


@pytest.fixture
def seeded(demo, make_application, advance_at):
    """About thirty applications around October 2026, in every outcome, two at the edges."""
    rng = random.Random(7)
    outcomes = list(OUTCOMES)
    starts = [wib(rng.randint(1, 30), rng.randint(8, 15)) for _ in range(28)]
    starts += [wib(31, 23), wib(1, 0, month=11), wib(30, 23, month=9)]  # local month edges
    for index, start in enumerate(starts):
        with frozen_clock(start):
            application = make_application(service_code=SERVICES[index % len(SERVICES)],
                                           home=HOMES[index % len(HOMES)])
        _walk(application, OUTCOMES[outcomes[index % len(outcomes)]], start, rng, advance_at)
    return demo


def in_month(moment) -> bool:
    """In October by the office's clock, computed without the code under test."""
    return moment is not None and ((moment + timedelta(hours=7)).year,
                                   (moment + timedelta(hours=7)).month) == (YEAR, MONTH)


def count_by_hand(unit_id=None) -> dict:
    """Per service id: the recap's numbers for the month, from plain Python loops."""
    numbers: dict = {}

    def line(service_id):
        return numbers.setdefault(service_id, {"counts": Counter(), "return": set(),
                                               "refuse": set()})

    for app in db.session.execute(db.select(Application)).scalars():
        passes = app.final_unit_id == unit_id or (
            app.home_unit_id == unit_id and app.service.flow == "KLKC")
        if unit_id is not None and not passes:
            continue
        if in_month(app.created_at):
            counts = line(app.service_id)["counts"]
            counts["submitted"] += 1
            counts["in_progress"] += app.status not in (
                "selesai", "diserahkan", "ditolak", "dibatalkan")
        if in_month(app.finished_at):
            counts = line(app.service_id)["counts"]
            days = working_days_taken(app)
            counts["finished"] += 1
            counts["days"] += days
            counts["within"] += days <= app.service.service_level_days
    for event in db.session.execute(db.select(History)).scalars():
        if event.action in ("return", "refuse") and in_month(event.created_at) and (
                unit_id is None or event.unit_id == unit_id):
            line(event.application.service_id)[event.action].add(event.application_id)
    return numbers


def assert_recap_matches(recap, by_hand):
    rows = {row.service_id: row for row in recap.rows if row.month == MONTH}
    assert set(rows) == set(by_hand)
    for service_id, line in by_hand.items():
        row, counts = rows[service_id], line["counts"]
        assert (row.submitted, row.in_progress, row.finished) == (
            counts["submitted"], counts["in_progress"], counts["finished"]), row.service_name
        assert (row.returned, row.refused) == (len(line["return"]), len(line["refuse"]))
        assert (row.within_level, row.working_days_sum) == (counts["within"], counts["days"])
        if counts["finished"]:
            assert row.average_working_days == round(counts["days"] / counts["finished"], 1)


def test_recap_of_a_seeded_month_equals_a_count_by_hand(seeded):
    recap = monthly_recap(YEAR)
    by_hand = count_by_hand()
    assert sum(line["counts"]["submitted"] for line in by_hand.values()) > 10
    assert sum(line["counts"]["finished"] for line in by_hand.values()) > 3
    assert sum(len(line["return"]) for line in by_hand.values()) > 0
    assert_recap_matches(recap, by_hand)
    total = recap.monthly_totals()[MONTH - 1]
    assert total.submitted == sum(line["counts"]["submitted"] for line in by_hand.values())


def test_recap_of_one_unit_counts_only_what_passes_through_it(seeded):
    unit = seeded["Lubuk Baja Kota"]
    recap = monthly_recap(YEAR, unit_id=unit.id)
    assert_recap_matches(recap, count_by_hand(unit.id))
    everywhere = monthly_recap(YEAR).monthly_totals()[MONTH - 1].submitted
    assert 0 < recap.monthly_totals()[MONTH - 1].submitted < everywhere


def test_a_year_without_applications_is_empty(seeded):
    assert monthly_recap(2019).rows == []


def test_xlsx_of_the_recap_opens_and_matches(seeded, client, login_as, app):
    from portal.models import Officer

    administrator = db.session.execute(
        db.select(Officer).filter_by(is_administrator=True)).scalar_one()
    login_as(administrator)
    response = client.get(f"/admin/rekap/unduh.xlsx?tahun={YEAR}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [title for _, title in COLUMNS]
    expected = [row.values() for row in monthly_recap(YEAR).rows]
    assert [list(r) for r in rows[1:]] == expected
