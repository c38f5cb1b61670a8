"""Acceptance: every service publishes its standard (UU 25/2009, PermenPAN-RB 15/2014) as
"Standar Pelayanan" on its page and as a printable sheet; the Administrator edits what is
not already data (cost, product, complaint channel, delivery by post) in the services editor,
and the page shows the edit at once."""
from portal.extensions import db
from portal.models import Service
from tests.admin_views.test_admin_services_editor import form_of


def _sku() -> Service:
    return db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()


def test_the_service_page_shows_the_standard_built_from_the_service(client, demo):
    service = _sku()
    page = client.get("/layanan/sku").get_data(as_text=True)
    assert "Standar Pelayanan" in page
    for document in service.documents:
        assert document.label in page
    assert "Admin Kelurahan → Kasi Kelurahan → Sekretaris Lurah → Lurah" in page
    assert "2 hari kerja sejak permohonan dikonfirmasi." in page
    assert 'id="standar-cost"' in page and "Gratis" in page
    assert "Formulir pengaduan di halaman layanan ini" in page
    assert "Dijawab paling lambat 5 hari kerja." in page
    sheet = client.get("/layanan/sku/standar-pelayanan")
    assert sheet.status_code == 200 and "PermenPAN-RB Nomor 15 Tahun 2014" in sheet.get_data(
        as_text=True)


def test_an_edit_in_the_services_editor_shows_on_the_page_at_once(client, login_as,
                                                                  administrator, demo):
    service = _sku()
    assert "Rp10.000" not in client.get("/layanan/sku").get_data(as_text=True)
    login_as(administrator)
    data = {**form_of(service), "standard_cost": "Rp10.000 (retribusi daerah)",
            "standard_product": "Surat Keterangan Usaha bertanda tangan elektronik",
            "standard_complaints": "SP4N-LAPOR!\nKotak saran di loket",
            "offers_postal_delivery": "y"}
    response = client.post(f"/admin/layanan/edit/?id={service.id}", data=data)
    assert response.status_code == 302
    page = client.get("/layanan/sku").get_data(as_text=True)
    assert "Rp10.000 (retribusi daerah)" in page and "SP4N-LAPOR!" in page
    assert "Surat Keterangan Usaha bertanda tangan elektronik" in page
    assert "Surat diambil di kantor atau dikirim melalui pos/kurir." in page
