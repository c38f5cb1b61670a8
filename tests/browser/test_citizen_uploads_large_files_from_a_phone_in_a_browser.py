"""Acceptance: on a phone, a file over the requirement's limit is refused before it is sent
(the limit named), a large photo is scaled down in the browser to fit, and the form shows the
upload's progress while it is sent."""
import io
import os

from PIL import Image

from portal.extensions import db
from portal.models import Application, Document, Unit
from tests.fixtures.citizen import sample_png

FIVE_MB = 5120 * 1024


def _large_photo() -> bytes:
    """A 1600×1600 noisy PNG of about 7.5 MB: a phone photo that is over the 5 MB limit."""
    output = io.BytesIO()
    Image.frombytes("RGB", (1600, 1600), os.urandom(1600 * 1600 * 3)).save(output, format="PNG")
    assert len(output.getvalue()) > FIVE_MB
    return output.getvalue()


def _fill_in(page, home_id: int) -> None:
    for field, value in (("#nik", "2171061203880031"), ("#kk", "2171060101200031"),
                         ("#name", "Nur Aisyah"), ("#email", "nur.aisyah@contoh.id"),
                         ("#phone", "081277889931"), ("#address", "Jl. Imam Bonjol No. 8"),
                         ("#f_alamat_tujuan", "Perumahan Bida Asri Blok D No. 2"),
                         ("#f_jumlah_anggota_pindah", "1"), ("#f_kecamatan_tujuan", "Batam Kota"),
                         ("#f_kelurahan_tujuan", "Belian")):
        page.fill(field, value)
    page.select_option("#home_unit", str(home_id))
    page.select_option("#f_alasan_pindah", "Pekerjaan")


def test_a_phone_refuses_an_oversized_file_shrinks_a_large_photo_and_shows_progress(
        live_server, phone):
    live = live_server
    with live.app.app_context():
        home_id = db.session.execute(db.select(Unit.id).filter_by(
            name="Lubuk Baja Kota")).scalar_one()
    phone.goto(live.url + "/layanan/pindah-antar-kecamatan/ajukan")
    _fill_in(phone, home_id)

    phone.set_input_files("#doc_kk", {"name": "kk-besar.pdf", "mimeType": "application/pdf",
                                      "buffer": b"%PDF-1.4\n" + b"0" * (FIVE_MB + 1024)})
    refusal = phone.locator("#doc_kk ~ .upload-note.bad")
    refusal.wait_for()
    assert "lebih besar dari batas 5 MB" in refusal.inner_text()
    assert phone.evaluate("document.getElementById('doc_kk').files.length") == 0

    phone.set_input_files("#doc_ktp", {"name": "ktp-kamera.png", "mimeType": "image/png",
                                       "buffer": _large_photo()})
    phone.locator("#doc_ktp ~ .upload-note:not(.bad)").wait_for()
    assert "Foto diperkecil agar muat dalam batas 5 MB" in phone.locator(
        "#doc_ktp ~ .upload-note").inner_text()
    sent = phone.evaluate("(() => { const f = document.getElementById('doc_ktp').files[0];"
                          " return [f.type, f.size, f.name]; })()")
    assert sent[0] == "image/jpeg" and sent[1] <= FIVE_MB and sent[2] == "ktp-kamera.jpg"

    phone.set_input_files("#doc_kk", {"name": "kk.png", "mimeType": "image/png",
                                      "buffer": sample_png()})
    phone.set_input_files("#doc_pengantar_rtrw", {"name": "pengantar.png",
                                                  "mimeType": "image/png", "buffer": sample_png()})
    phone.evaluate("""new MutationObserver(() => {
        if (document.querySelector('progress.upload-progress')) {
          sessionStorage.setItem('progress-shown', 'yes'); }
      }).observe(document.body, {childList: true, subtree: true})""")
    phone.get_by_role("button", name="Kirim permohonan").click()
    phone.get_by_role("heading", name="Tanda Terima Permohonan").wait_for()
    assert phone.evaluate("sessionStorage.getItem('progress-shown')") == "yes"
    reg_no = phone.locator(".regno").inner_text().strip()
    with live.app.app_context():
        ktp = db.session.execute(db.select(Document).join(Application).where(
            Application.reg_no == reg_no, Document.requirement_key == "ktp")).scalar_one()
        assert ktp.content_type == "image/jpeg" and ktp.size <= FIVE_MB
