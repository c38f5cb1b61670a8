"""Home dashboard numbers per role, and the recap page with its local chart."""
from datetime import datetime

from portal.reports.dashboard import Summary, officer_summary, unit_totals
from portal.models import frozen_clock

NOW = datetime(2026, 11, 12, 3)  # Thursday 10:00 WIB


def test_an_officer_sees_data_baru_overdue_and_finished_this_month(make_application, advance_at,
                                                                  officer, demo):
    with frozen_clock(datetime(2026, 11, 2, 2)):
        late, fresh, done = (make_application(service_code="sku") for _ in range(3))
    advance_at(late, ("confirm", datetime(2026, 11, 2, 3)))           # level 2: overdue by NOW
    advance_at(fresh, ("confirm", datetime(2026, 11, 11, 3)))
    advance_at(done, *[(a, datetime(2026, 11, 3, 3 + i)) for i, a in
                    enumerate(["confirm"] + ["approve"] * 4)])
    admin = officer("Lubuk Baja Kota", "admin")
    assert officer_summary(admin, NOW) == Summary(data_baru=2, overdue=1, finished_this_month=1)
    assert officer_summary(officer("Lubuk Baja Kota", "kasi"), NOW).data_baru == 0
    lines = {line.unit_title: line for line in unit_totals(NOW)}
    line = lines["Kelurahan Lubuk Baja Kota"]
    assert (line.waiting, line.overdue, line.finished_this_month) == (2, 1, 1)
    assert "Kelurahan Baloi Indah" not in lines


def test_the_home_page_shows_an_officer_their_own_numbers(client, login_as, officer,
                                                         make_application, advance_at):
    for _ in range(2):
        advance_at(make_application(service_code="sku"), ("confirm", datetime(2026, 11, 2, 3)))
    advance_at(make_application(service_code="sku", home="Baloi Indah"),
               ("confirm", datetime(2026, 11, 2, 3)))
    login_as(officer("Lubuk Baja Kota", "admin"))
    html = client.get("/admin/").get_data(as_text=True)
    assert '<p class="h2 mb-2" id="jumlah-data-baru">2</p>' in html
    assert "Lewat batas waktu layanan" in html and "Selesai bulan ini di unit Anda" in html


def test_the_administrators_home_page_lists_totals_per_unit(console, client, login_as,
                                                            administrator, make_application,
                                                            advance_at):
    advance_at(make_application(service_code="sku", home="Baloi Indah"),
               ("confirm", datetime(2026, 11, 2, 3)))
    login_as(administrator)
    html = client.get("/admin/").get_data(as_text=True)
    row = html[html.index("Kelurahan Baloi Indah"):]
    assert row.split("</tr>")[0].count('<td class="text-right">1</td>') == 1
    assert "Kelurahan Lubuk Baja Kota" not in html


def test_recap_page_has_selectors_an_inline_chart_and_downloads(console, client, login_as,
                                                               administrator, make_application):
    make_application(service_code="sku")
    login_as(administrator)
    response = client.get("/admin/rekap/")
    html = response.get_data(as_text=True)
    assert '<select name="tahun"' in html and '<select name="unit"' in html
    assert "<svg" in html and "Surat Keterangan Usaha" in html
    assert "unduh.csv" in html and "unduh.xlsx" in html
    assert "cdn" not in html.lower()
    csv_body = client.get("/admin/rekap/unduh.csv?pemisah=koma").data.decode("utf-8-sig")
    assert csv_body.splitlines()[0].startswith("Bulan,Layanan,Diajukan")


def test_a_lurah_sees_only_their_own_unit(console, client, login_as, officer, demo,
                                          make_application):
    make_application(service_code="sku", home="Baloi Indah")
    login_as(officer("Lubuk Baja Kota", "kepala"))
    html = client.get(f"/admin/rekap/?unit={demo['Baloi Indah'].id}").get_data(as_text=True)
    assert "Kelurahan Lubuk Baja Kota" in html
    assert '<select name="unit"' not in html
    assert "Belum ada permohonan pada tahun ini." in html
