"""Acceptance: the Admin takes a walk-in application at the counter in a real browser.

The guide's screenshots of "Permohonan di Loket" come from here: the service list, the form
with a scanned KTP and the KK ticked "diperiksa di loket", and the receipt printed on A6.
"""
import re

from portal.extensions import db
from portal.models import Application, Officer, RequiredDocument, Unit
from tests.conftest import TEST_PASSWORD
from tests.fixtures.citizen import sample_png

NIK = "2171064501900456"


def _admin_nip(live) -> str:
    with live.app.app_context():
        unit = db.session.execute(db.select(Unit).filter_by(name="Lubuk Baja Kota")).scalar_one()
        return db.session.execute(db.select(Officer.nip).filter_by(
            unit_id=unit.id, position="admin")).scalar_one()


def _optional_rtrw_letter(live, optional: bool) -> None:
    with live.app.app_context():
        db.session.execute(db.update(RequiredDocument).where(
            RequiredDocument.key == "pengantar_rtrw").values(mandatory=not optional))
        db.session.commit()


def test_the_admin_registers_a_walk_in_and_prints_the_receipt(live_server, desk):
    live, page = live_server, desk
    _optional_rtrw_letter(live, True)
    try:
        page.goto(live.url + "/admin/login/")
        page.fill("#nip", _admin_nip(live))
        page.fill("#password", TEST_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(re.compile(r"/admin/(?!login)"))
        page.get_by_role("link", name=re.compile("Permohonan di Loket")).click()
        live.screenshot(page, "petugas-loket-01-layanan")
        page.get_by_role("link", name="Surat Pindah Antar Kecamatan").click()
        for selector, value in (("#nik", NIK), ("#kk", "2171060101200456"),
                                ("#name", "Sutrisno"), ("#address", "Jl. Baloi No. 9"),
                                ("#f_alamat_tujuan", "Perumahan Bida Asri Blok C No. 4"),
                                ("#f_jumlah_anggota_pindah", "1"),
                                ("#f_kecamatan_tujuan", "Batam Kota"),
                                ("#f_kelurahan_tujuan", "Belian")):
            page.fill(selector, value)
        page.select_option("#f_alasan_pindah", "Pekerjaan")
        page.set_input_files("#doc_ktp", {"name": "ktp-pindai.png", "mimeType": "image/png",
                                          "buffer": sample_png()})
        page.check("#diperiksa-kk")
        live.screenshot(page, "petugas-loket-02-formulir")
        page.get_by_role("button", name="Daftarkan permohonan").click()
        page.get_by_role("heading", name="Tanda Terima Permohonan").wait_for()
        live.screenshot(page, "petugas-loket-03-tanda-terima")
        reg_no = page.locator("#nomor-registrasi").inner_text().strip()
        assert page.locator("img.qr").count() == 1
    finally:
        _optional_rtrw_letter(live, False)
    with live.app.app_context():
        application = db.session.execute(
            db.select(Application).filter_by(reg_no=reg_no)).scalar_one()
        assert (application.channel, application.seen_at_counter) == ("loket", ["kk"])
        assert application.pending_step == "kasi"
