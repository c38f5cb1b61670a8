"""Acceptance: the whole story of one "Surat Pindah Antar Kecamatan" in a real browser.

A citizen applies on a phone, confirms by email; the Admin returns it naming the KTP; the
citizen replaces exactly that; the Admin sees the old and the new KTP side by side and the
correction in the history; the eight officers of Kelurahan Lubuk Baja Kota and Kecamatan
Lubuk Baja decide; the Admin Kecamatan prints and hands the letter over; its QR code leads to
a valid verification page. No page the citizen sees on the phone scrolls sideways. The screenshots taken on the way illustrate the guides in docs/.
The server's access and application logs and the worker's log of the whole story keep no
NIK and no token (issue 21, finding 4).
"""
import io
import logging
import re
from pathlib import Path

import pytest

from tests.fixtures.citizen import sample_png
from tests.conftest import TEST_PASSWORD
from tests.fixtures.letters import pdf_qr_codes
from tests.fixtures.officers import second_factor_code
from portal.extensions import db
from portal.models import Application, Officer, Unit

from .conftest import LAPTOP, fits_the_screen, wait_until

EMAIL = "rahmat.pindah@contoh.id"
SERVICE = "Surat Pindah Antar Kecamatan"
NIK, KK = "2171061203880002", "2171060101200002"
SECRET_SEGMENT = re.compile(
    r"/(?:konfirmasi|perbaikan|survei|sandi-baru|email-baru|verifikasi|surat/unduh)/([^\s/?\"]+)")


@pytest.fixture
def server_log():
    """Every log line of the live server's process (its access log and the app's) meanwhile."""
    stream, root = io.StringIO(), logging.getLogger()
    handler, level = logging.StreamHandler(stream), root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def _secrets_of_the_story(live, qr_codes: list[str]) -> set[str]:
    """The NIK and KK typed, and every token the citizen's messages and the QR code carried."""
    texts = [mail.get_body(("plain",)).get_content() for mail in live.inbox.to(EMAIL)]
    return {NIK, KK} | {token for text in texts + qr_codes
                        for token in SECRET_SEGMENT.findall(text)}


def _logs_keep_no_secret(live, server_log, qr_codes: list[str]) -> None:
    worker_log = Path(live.app.config["STORAGE_DIR"]).parent / "worker.log"
    logs = server_log.getvalue() + worker_log.read_text(errors="replace")
    assert "GET /konfirmasi/" in logs and "POST /perbaikan" in logs  # the access log is here
    secrets = _secrets_of_the_story(live, qr_codes)
    assert len(secrets) >= 5  # NIK, KK, the confirmation, correction and verification tokens
    assert [secret for secret in secrets if secret in logs] == []


def _image(name: str, colour=(30, 90, 160)) -> dict:
    """A photographed document as the browser uploads it."""
    return {"name": name, "mimeType": "image/png", "buffer": sample_png()}


def _phone_shot(live, page, name: str) -> None:
    """A screenshot of a citizen's page for the guides; the page must not scroll sideways."""
    fits_the_screen(page)
    live.screenshot(page, name)


def _link_in_mail(live, subject_part: str, path: str, email: str = EMAIL) -> str:
    """The link to `path` in the citizen's newest email whose subject has `subject_part`."""
    mails = wait_until(lambda: [m for m in live.inbox.to(email) if subject_part in m["Subject"]])
    body = mails[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"https?://\S+{path}\S+", body).group(0)


def _citizen_applies(live, page, usability) -> str:
    with usability.task(page, "cari-dan-ajukan", "ponsel"):
        reg_no = _find_the_service_and_apply(live, page)
    return reg_no


def _find_the_service_and_apply(live, page) -> str:
    page.goto(live.url + "/")
    _phone_shot(live, page, "pemohon-01-katalog")
    page.get_by_role("link", name=SERVICE).first.click()
    _phone_shot(live, page, "pemohon-02-layanan")
    page.get_by_role("link", name="Ajukan permohonan").click()
    with live.app.app_context():
        home = db.session.execute(db.select(Unit).filter_by(name="Lubuk Baja Kota")).scalar_one()
    page.fill("#nik", NIK)
    page.fill("#kk", KK)
    page.fill("#name", "Rahmat Hidayat")
    page.fill("#email", EMAIL)
    page.fill("#phone", "0812-7788-9900")
    page.fill("#address", "Jl. Teuku Umar No. 12, RT 003/RW 001")
    page.select_option("#home_unit", str(home.id))
    page.fill("#f_alamat_tujuan", "Perumahan Bida Asri Blok C No. 4")
    page.select_option("#f_alasan_pindah", "Pekerjaan")
    page.fill("#f_jumlah_anggota_pindah", "3")
    page.fill("#f_kecamatan_tujuan", "Batam Kota")
    page.fill("#f_kelurahan_tujuan", "Belian")
    page.set_input_files("#doc_ktp", _image("ktp.png"))
    page.set_input_files("#doc_kk", _image("kk.png"))
    page.set_input_files("#doc_pengantar_rtrw", _image("pengantar.png"))
    _phone_shot(live, page, "pemohon-03-formulir")
    page.get_by_role("button", name="Kirim permohonan").click()
    page.get_by_role("heading", name="Tanda Terima Permohonan").wait_for()
    _phone_shot(live, page, "pemohon-04-tanda-terima")
    return page.locator(".regno").inner_text().strip()


def _application(live, reg_no: str) -> Application:
    with live.app.app_context():
        application = db.session.execute(
            db.select(Application).filter_by(reg_no=reg_no)).scalar_one()
        db.session.expunge(application)
        return application


def _officer(live, unit_id: int, position: str) -> Officer:
    with live.app.app_context():
        officer = db.session.execute(
            db.select(Officer).filter_by(unit_id=unit_id, position=position)).scalar_one()
        db.session.expunge(officer)
        return officer


def _log_in(live, page, officer: Officer, shot: str | None = None) -> None:
    page.goto(live.url + "/admin/login/")
    page.fill("#nip", officer.nip)
    page.fill("#password", TEST_PASSWORD)
    if shot:
        live.screenshot(page, shot)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/admin/(?!login/$)"))
    if page.url.endswith("/admin/login/kode/"):  # the Administrator's app answers the code
        with live.app.app_context():
            code = second_factor_code(officer)
        page.fill("#code", code)
        page.get_by_role("button", name="Verifikasi").click()
        page.wait_for_url(re.compile(r"/admin/(?!login)"))


def _open_in_data_baru(live, page, reg_no: str, shot: str | None = None) -> None:
    page.goto(live.url + "/admin/data-baru/")
    row = page.locator("tr", has_text=reg_no)
    if shot:
        live.screenshot(page, shot)
    row.get_by_role("link", name="Lihat Data").click()
    page.get_by_role("heading", name=re.compile(reg_no)).wait_for()


def _admin_returns_it(live, browser, reg_no: str, usability) -> None:
    page = browser.new_page(viewport=LAPTOP)
    usability.watch(page)
    application = _application(live, reg_no)
    _log_in(live, page, _officer(live, application.home_unit_id, "admin"), "petugas-01-masuk")
    with usability.task(page, "kembalikan", "laptop"):
        _return_it_for_the_ktp(live, page, reg_no)
    page.goto(live.url + "/admin/profile/")
    live.screenshot(page, "petugas-11-profil")
    page.close()


def _return_it_for_the_ktp(live, page, reg_no: str) -> None:
    _open_in_data_baru(live, page, reg_no, "petugas-02-data-baru")
    live.screenshot(page, "petugas-03-lihat-data")
    page.get_by_role("tab", name=re.compile("Berkas Persyaratan")).click()
    image = page.get_by_role("img", name="KTP-el pemohon")
    image.wait_for()
    assert image.evaluate("img => img.naturalWidth") > 0
    live.screenshot(page, "petugas-04-berkas")
    page.get_by_text("Kembalikan untuk perbaikan: yang perlu diperbaiki").click()
    page.get_by_label("KTP-el pemohon", exact=True).check()
    page.get_by_label("Alasan: KTP-el pemohon").fill("Foto buram, tulisan tidak terbaca")
    page.fill("#remark", "Foto KTP kurang jelas, mohon unggah ulang.")
    page.fill("#internal_note", "Pemohon datang ke loket kemarin; KTP asli sudah dilihat.")
    live.screenshot(page, "petugas-05-keterangan")
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    page.get_by_text(f"Permohonan {reg_no}: Dikembalikan untuk perbaikan").wait_for()


def _citizen_corrects(live, page, usability) -> None:
    link = _link_in_mail(live, "perlu diperbaiki", "/perbaikan/")
    with usability.task(page, "perbaiki", "ponsel"):
        _correct_the_ktp(live, page, link)


def _correct_the_ktp(live, page, link: str) -> None:
    page.goto(link)
    page.get_by_text("Foto KTP kurang jelas, mohon unggah ulang.").wait_for()
    page.get_by_text("Foto buram, tulisan tidak terbaca").first.wait_for()
    assert page.locator("#address").count() == 0 and page.locator("#doc_kk").count() == 0
    assert page.locator("#nik").count() == 0  # shown read-only, not as an input
    page.set_input_files("#doc_ktp", _image("ktp-jelas.png"))
    _phone_shot(live, page, "pemohon-06-perbaikan")
    page.get_by_role("button", name="Kirim perbaikan").click()
    page.get_by_text("Perbaikan terkirim").wait_for()


def _admin_sees_the_correction(live, browser, reg_no: str) -> None:
    """Back in the Admin's Data Baru: old and new KTP side by side, the correction recorded."""
    page = browser.new_page(viewport=LAPTOP)
    application = _application(live, reg_no)
    _log_in(live, page, _officer(live, application.home_unit_id, "admin"))
    _open_in_data_baru(live, page, reg_no)
    page.get_by_role("tab", name=re.compile("Berkas Persyaratan")).click()
    for name in ("KTP-el pemohon", "KTP-el pemohon (diganti)"):
        image = page.get_by_role("img", name=name, exact=True)
        image.wait_for()
        assert image.evaluate("img => img.naturalWidth") > 0
    live.screenshot(page, "petugas-12-berkas-diganti")
    page.get_by_role("tab", name="Cek Status Pengurusan").click()
    history = page.locator("#history")
    for text in ("Diperbaiki pemohon", "KTP-el pemohon diganti", "Catatan internal:"):
        history.get_by_text(text).first.wait_for()
    live.screenshot(page, "petugas-13-riwayat-perbaikan")
    page.close()


def _officers_approve(live, browser, reg_no: str, usability) -> list[str]:
    approvers = []
    while (application := _application(live, reg_no)).status != "selesai":
        officer = _officer(live, application.pending_unit_id, application.pending_step)
        page = browser.new_page(viewport=LAPTOP)
        usability.watch(page)
        _log_in(live, page, officer)
        with usability.task(page, "putuskan", "laptop"):
            _open_in_data_baru(live, page, reg_no)
            if not approvers:
                live.screenshot(page, "petugas-06-setujui")
            page.get_by_role("button", name="Setujui").click()
            page.get_by_text(f"Permohonan {reg_no}:").wait_for()
        approvers.append(officer.nip)
        page.close()
        assert len(approvers) <= 8, "more approvals than the KLKC flow has"
    return approvers


def _print_after_the_draft(live, page, reg_no: str) -> None:
    page.goto(live.url + "/admin/data-selesai/")
    page.locator("tr", has_text=reg_no).get_by_role("link", name="Cetak").click()
    page.frame_locator("#pratinjau-draf").get_by_text("DRAF: belum bernomor").wait_for()
    live.screenshot(page, "petugas-07-cetak")
    page.get_by_role("button", name="Cetak").click()
    page.wait_for_url(re.compile(r"/admin/surat/\d+$"))
    live.screenshot(page, "petugas-08-sedang-diproses")
    page.get_by_role("link", name="Unduh PDF").wait_for(timeout=90_000)


def _hand_over_to_the_applicant(live, page) -> None:
    page.get_by_label("Orang lain dengan surat kuasa").check()
    assert page.locator("#nik_penerima").is_visible()
    page.get_by_label(re.compile("Pemohon sendiri")).check()
    assert not page.locator("#nik_penerima").is_visible()
    page.fill("#penerima", "Rahmat Hidayat")
    live.screenshot(page, "petugas-10-serahkan")
    confirmations = []
    page.once("dialog", lambda dialog: (confirmations.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Serahkan").click()
    page.get_by_text("Surat telah diserahkan kepada Rahmat Hidayat").wait_for()
    assert "Penyerahan tercatat" in confirmations[0]
    assert "kepada Rahmat Hidayat" in page.locator("#diserahkan").inner_text()


def _admin_kecamatan_prints_and_hands_over(live, browser, reg_no: str, usability) -> bytes:
    application = _application(live, reg_no)
    page = browser.new_page(viewport=LAPTOP, accept_downloads=True)
    usability.watch(page)
    _log_in(live, page, _officer(live, application.final_unit_id, "admin"))
    with usability.task(page, "cetak", "laptop"):
        _print_after_the_draft(live, page, reg_no)
    live.screenshot(page, "petugas-09-siap-unduh")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    with usability.task(page, "serahkan", "laptop"):
        _hand_over_to_the_applicant(live, page)
    live.screenshot(page, "petugas-10b-diserahkan")
    page.close()
    return pdf


def _citizen_tracks(live, page, reg_no: str, usability) -> None:
    with usability.task(page, "lacak", "ponsel"):
        page.goto(live.url + "/lacak")
        page.fill("#no", reg_no)
        page.get_by_role("button", name="Lacak").click()
        page.locator("ol.timeline").wait_for()


def test_a_citizen_moves_house_from_a_phone_and_the_office_delivers_a_verifiable_letter(
        live_server, phone, browser, tmp_path, usability, server_log):
    live = live_server
    usability.watch(phone)
    reg_no = _citizen_applies(live, phone, usability)
    phone.goto(_link_in_mail(live, "Konfirmasi permohonan", "/konfirmasi/"))
    phone.get_by_role("heading", name="Konfirmasi permohonan").wait_for()
    assert phone.url.endswith("/konfirmasi")  # the token left the address bar
    phone.get_by_role("button", name="Konfirmasi permohonan").click()
    phone.get_by_text("sudah dikonfirmasi").wait_for()
    _phone_shot(live, phone, "pemohon-05-konfirmasi")
    assert _application(live, reg_no).status == "konfirmasi"

    _admin_returns_it(live, browser, reg_no, usability)
    _citizen_corrects(live, phone, usability)
    _admin_sees_the_correction(live, browser, reg_no)
    approvers = _officers_approve(live, browser, reg_no, usability)
    assert len(set(approvers)) == 8

    pdf = _admin_kecamatan_prints_and_hands_over(live, browser, reg_no, usability)
    assert pdf.startswith(b"%PDF")
    assert _application(live, reg_no).status == "diserahkan"
    codes = [code for code in pdf_qr_codes(pdf, tmp_path) if "/verifikasi/" in code]
    assert codes, "the letter carries no verification QR code"
    with usability.task(phone, "verifikasi", "ponsel"):
        phone.goto(codes[0])
    assert "SAH: surat ini tercatat dan berlaku." in phone.locator(".verdict.valid").inner_text()
    _phone_shot(live, phone, "pemohon-07-verifikasi")

    _citizen_tracks(live, phone, reg_no, usability)
    timeline = phone.locator("ol.timeline li")
    assert timeline.count() >= 12
    text = phone.locator("ol.timeline").inner_text()
    for step in ("Dikembalikan", "Perlu diperbaiki: KTP-el pemohon", "Diperbaiki oleh pemohon",
                 "Bagian yang diperbaiki: KTP-el pemohon", "Diserahkan"):
        assert step in text
    assert "KTP asli sudah dilihat" not in phone.content()
    _phone_shot(live, phone, "pemohon-08-lacak")
    _logs_keep_no_secret(live, server_log, codes)
