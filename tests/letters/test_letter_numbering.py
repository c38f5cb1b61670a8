"""Acceptance: letter numbers are classification/sequence/unit/Roman month/year, per unit and
year, gap-free and never duplicated, and a reprint keeps its number."""
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from portal.letters import issuing as letters
from portal.extensions import db
from portal.models import Letter, Officer, frozen_clock


def test_number_reads_classification_sequence_unit_roman_month_year():
    assert letters.letter_number("470", 42, "LB", date(2026, 11, 3)) == "470/0042/LB/XI/2026"
    assert letters.letter_number("474.2", 7, "LB-LBK", date(2027, 4, 1)) == \
        "474.2/0007/LB-LBK/IV/2027"


def test_printed_letter_takes_the_units_next_number(finish_application, print_letter):
    with frozen_clock(datetime(2026, 11, 3, 2, 0)):
        first = print_letter(finish_application("sku"))
        second = print_letter(finish_application("domisili-tempat-tinggal"))
        kecamatan = print_letter(finish_application("tdup"))
    assert first.number == "503/0001/LB-LBK/XI/2026"
    assert second.number == "470/0002/LB-LBK/XI/2026"
    assert kecamatan.number == "556/0001/LB/XI/2026"  # each unit has its own sequence


def test_sequence_restarts_with_the_office_year_not_the_utc_year(finish_application,
                                                                 print_letter):
    with frozen_clock(datetime(2026, 12, 31, 10, 0)):
        december = print_letter(finish_application("sku"))
    with frozen_clock(datetime(2026, 12, 31, 18, 0)):  # 1 January 2027, 01:00 in Batam
        january = print_letter(finish_application("sku"))
    assert december.number == "503/0001/LB-LBK/XII/2026"
    assert january.number == "503/0001/LB-LBK/I/2027"


def test_reprinting_returns_the_same_letter_and_number(client, finish_application,
                                                       print_letter):
    application = finish_application("sku")
    letter = print_letter(application)
    again = client.post("/admin/surat/cetak", data={"application_id": application.id})
    assert again.headers["Location"].endswith(f"/admin/surat/{letter.id}")
    db.session.expire_all()
    assert db.session.query(Letter).count() == 1
    assert db.session.get(Letter, letter.id).render_attempts == 1  # not rendered twice
    page = client.get(f"/admin/surat/cetak?application_id={application.id}")
    assert page.headers["Location"].endswith(f"/admin/surat/{letter.id}")


def test_a_rolled_back_print_does_not_consume_a_number(finish_application, officer,
                                                       monkeypatch):
    first, failing, third = (finish_application("sku") for _ in range(3))
    admin = officer("Lubuk Baja Kota", "admin")
    monkeypatch.setattr(letters, "new_token", lambda: "same-token-for-every-letter")
    assert letters.issue_for_application(first.id, admin).sequence == 1
    with pytest.raises(IntegrityError):  # the letter row fails to insert: all rolled back
        letters.issue_for_application(failing.id, admin)
    monkeypatch.undo()
    assert letters.letter_of(failing.id) is None
    assert letters.issue_for_application(third.id, admin).sequence == 2
    assert letters.issue_for_application(failing.id, admin).sequence == 3


def test_only_the_admin_of_the_final_unit_prints_a_finished_application(
        client, finish_application, make_application, officer, switch_officer):
    finished = finish_application("tdup")  # KC: issued by Kecamatan Lubuk Baja
    for outsider in (officer("Lubuk Baja Kota", "admin"), officer("Lubuk Baja", "kasi")):
        switch_officer(outsider)
        response = client.post("/admin/surat/cetak", data={"application_id": finished.id})
        assert response.status_code == 403
    unfinished = make_application(service_code="tdup")
    with pytest.raises(letters.LetterError, match="Selesai"):
        letters.issue_for_application(unfinished.id, officer("Lubuk Baja", "admin"))
    assert db.session.query(Letter).count() == 0


@pytest.mark.postgresql
def test_200_concurrent_prints_get_sequences_1_to_200(app, postgresql_only,
                                                      finish_application, officer):
    applications = [finish_application("sku").id for _ in range(200)]
    admin_id = officer("Lubuk Baja Kota", "admin").id
    db.session.remove()

    def press(application_id: int) -> int:
        with app.app_context():
            admin = db.session.get(Officer, admin_id)
            return letters.issue_for_application(application_id, admin).sequence

    with ThreadPoolExecutor(max_workers=12) as pool:
        sequences = list(pool.map(press, applications))
    assert sorted(sequences) == list(range(1, 201))
    stored = [row.sequence for row in db.session.query(Letter).order_by(Letter.sequence)]
    assert stored == list(range(1, 201))
