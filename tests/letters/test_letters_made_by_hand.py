"""Acceptance: a letter issued by hand outside the system is registered by the unit's Admin,
takes the next number of the same sequence, and is audited; bad input is explained."""
from datetime import datetime

from portal.extensions import db
from portal.models import AuditEntry, Letter, Service, frozen_clock


def service_id(code: str) -> int:
    return db.session.execute(db.select(Service.id).filter_by(code=code)).scalar_one()


def test_manual_and_printed_letters_share_one_sequence(client, finish_application,
                                                       print_letter, officer, switch_officer):
    with frozen_clock(datetime(2026, 11, 20, 3, 0)):
        first = print_letter(finish_application("sku"))
        switch_officer(officer("Lubuk Baja Kota", "admin"))
        response = client.post("/admin/surat/manual", data={
            "service_id": service_id("domisili-tempat-tinggal"), "tanggal": "2026-11-19",
            "perihal": "Keterangan domisili (ditulis tangan saat listrik padam)"})
        assert response.status_code == 302
        third = print_letter(finish_application("sku"))
    manual = db.session.execute(db.select(Letter).filter_by(application_id=None)).scalar_one()
    assert [first.sequence, manual.sequence, third.sequence] == [1, 2, 3]
    assert manual.number == "470/0002/LB-LBK/XI/2026"
    assert manual.render_status == "manual" and manual.storage_key is None
    assert "470/0002/LB-LBK/XI/2026" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="letter_manual")).scalar_one()
    assert entry.officer_id == officer("Lubuk Baja Kota", "admin").id
    assert entry.detail["number"] == manual.number and entry.detail["issued_on"] == "2026-11-19"


def test_bad_input_is_explained_next_to_each_field_and_kept(client, officer, switch_officer):
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    response = client.post("/admin/surat/manual", data={
        "service_id": "", "tanggal": "2999-01-01", "perihal": "Surat penting"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Pilih layanan." in html
    assert "Tanggal surat tidak boleh melewati hari ini." in html
    assert 'value="Surat penting"' in html and 'value="2999-01-01"' in html
    missing = client.post("/admin/surat/manual", data={
        "service_id": service_id("sku"), "tanggal": "kemarin", "perihal": ""})
    assert "Isi tanggal surat dengan format yang benar." in missing.get_data(as_text=True)
    assert "Perihal surat wajib diisi." in missing.get_data(as_text=True)
    assert db.session.query(Letter).count() == 0


def test_only_unit_admins_register_manual_letters(client, officer, switch_officer):
    switch_officer(officer("Lubuk Baja Kota", "kasi"))
    response = client.post("/admin/surat/manual", data={
        "service_id": service_id("sku"), "tanggal": "2026-11-19", "perihal": "Surat"})
    assert response.status_code == 403
    assert db.session.query(Letter).count() == 0
