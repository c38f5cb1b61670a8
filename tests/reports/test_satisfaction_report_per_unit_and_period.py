"""Acceptance: the Administrator and each head read the IKM per unit, service and period
(semester by default): element averages, index, grade, counts, lowest elements, a chart, an
XLSX download and a printable report; a head sees only their own unit."""
from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook

from portal.extensions import db
from portal.models import Complaint, SurveyResponse
from portal.reports.satisfaction import Period, satisfaction_report
from tests.fixtures.standards import SKM_ANSWERS as ANSWERS

IN_SEMESTER = datetime(2026, 9, 1, 3, 0)


def _answer(application, unit, scores, when=IN_SEMESTER, suggestion=""):
    db.session.add(SurveyResponse(
        application_id=application.id, unit_id=unit.id, service_id=application.service_id,
        submitted_at=when, suggestion=suggestion,
        **{f"u{number}": score for number, score in enumerate(scores, start=1)}))


def _answers(make_application, demo):
    unit, other = demo["Lubuk Baja Kota"], demo["Batu Selicin"]
    for index, scores in enumerate(ANSWERS):
        _answer(make_application("sku"), unit, scores,
                suggestion="Ruang tunggu panas." if index == 0 else "")
    _answer(make_application("sku"), other, (1,) * 9)  # another unit
    _answer(make_application("sku"), unit, (1,) * 9, when=datetime(2026, 3, 1))  # semester I
    db.session.commit()
    return unit, other


def test_the_report_of_a_unit_and_semester_is_the_hand_computed_index(make_application, demo):
    unit, other = _answers(make_application, demo)
    report = satisfaction_report(Period(2026, "S2"), [unit.id])
    assert report.responses == 5
    assert str(report.ikm) == "82.22" and report.grade.letter == "B"
    assert [element.code for element in report.lowest] == ["U8", "U3", "U9"]
    assert report.suggestions == ("Ruang tunggu panas.",)
    everyone = satisfaction_report(Period(2026, "S2"))
    assert everyone.responses == 6 and everyone.ikm < report.ikm
    assert satisfaction_report(Period(2026, "S1"), [unit.id]).responses == 1
    assert satisfaction_report(Period(2026, "S2"), [other.id]).grade.letter == "D"
    assert satisfaction_report(Period(2025, "S2"), [unit.id]).ikm is None


def test_the_head_reads_their_unit_with_chart_xlsx_and_print(client, login_as, officer,
                                                             make_application, demo):
    unit, other = _answers(make_application, demo)
    db.session.add(Complaint(number="ADU-2609-AAAAAAAA", unit_id=unit.id, name="Warga",
                             message="Antre lama", created_at=IN_SEMESTER,
                             due_on=IN_SEMESTER.date(), answer="Maaf", working_days=2,
                             answered_at=IN_SEMESTER, within_level=True))
    db.session.commit()
    login_as(officer("Lubuk Baja Kota", "kepala"))
    page = client.get(f"/admin/ikm/?tahun=2026&unit={other.id}").get_data(as_text=True)
    assert "Semester II (Juli–Desember) 2026" in page  # the semester by default
    assert 'id="ikm-nilai"><strong>82.22</strong>' in page  # their unit, not the one asked
    assert "<strong>B</strong> (Baik)" in page and "<svg" in page
    assert "U8 Penanganan Pengaduan, Saran dan Masukan" in page
    assert 'id="ikm-pengaduan">1 / 1 / 1' in page
    download = client.get("/admin/ikm/unduh.xlsx?tahun=2026&periode=S2")
    sheet = load_workbook(BytesIO(download.data)).active
    values = {row[1]: row[2] for row in sheet.iter_rows(values_only=True) if len(row) > 2}
    assert values["IKM"] == 82.22 and values["Jumlah responden"] == 5
    assert values["Mutu pelayanan"] == "B (Baik)"
    printed = client.get("/admin/ikm/cetak?tahun=2026&periode=S2").get_data(as_text=True)
    assert "Laporan Hasil Survei Kepuasan Masyarakat" in printed and "82.22" in printed


def test_the_administrator_picks_a_unit_and_other_officers_are_refused(client, login_as,
                                                                       officer, administrator,
                                                                       make_application, demo):
    unit, other = _answers(make_application, demo)
    login_as(administrator)
    page = client.get(f"/admin/ikm/?tahun=2026&periode=S2&unit={other.id}").get_data(
        as_text=True)
    assert 'id="ikm-nilai"><strong>25.00</strong>' in page and "Tidak Baik" in page
    login_as(officer("Lubuk Baja Kota", "admin"))
    assert client.get("/admin/ikm/").status_code == 403
