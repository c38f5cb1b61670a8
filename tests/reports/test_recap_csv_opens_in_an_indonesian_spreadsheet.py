"""Acceptance: the recap CSV opens in columns in a spreadsheet set to Indonesian (`;`, decimal comma)."""
import csv
import io
from datetime import datetime, timedelta

from portal.reports.exports import csv_bytes


def finished_in_three_and_a_half_days(make_application, advance_at):
    """One application finished so the recap carries a decimal (the average working days)."""
    start = datetime(2026, 10, 5, 1)
    application = make_application(service_code="sku")
    steps = [("confirm", start)] + [("approve", start + timedelta(hours=2 + hour)) for hour in range(8)]
    for step in steps:
        if application.status != "selesai":
            advance_at(application, step)


def test_the_recap_csv_is_indonesian_by_default_and_comma_separated_on_request(
        console, client, login_as, administrator, make_application, advance_at):
    finished_in_three_and_a_half_days(make_application, advance_at)
    login_as(administrator)
    indonesian = client.get("/admin/rekap/unduh.csv?tahun=2026")
    assert indonesian.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(indonesian.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Bulan", "Layanan", "Diajukan"]
    assert rows[1][0] == "Oktober" and rows[1][-2] == "100,0"
    international = client.get("/admin/rekap/unduh.csv?tahun=2026&pemisah=koma")
    assert international.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(international.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Bulan", "Layanan", "Diajukan"] and rows[1][-2] == "100.0"
    assert "pemisah=koma" in client.get("/admin/rekap/").get_data(as_text=True)


def test_decimals_take_a_comma_in_the_indonesian_convention():
    body = csv_bytes(["Nama", "Rata-rata"], [["Siti; Ani", 2.5]], "titik-koma").decode("utf-8-sig")
    assert body.splitlines() == ["Nama;Rata-rata", '"Siti; Ani";2,5']
