"""Acceptance: the Administrator creates a new service in the browser, with a form field and a
required document, and citizens find it in the public catalogue at once; a new Administrator's
first login enrols a second factor and replaces the password an Administrator set, and the
next login asks for the code (the guides' screenshots of those login pages)."""
import pyotp

from portal.extensions import db
from portal.models import Officer
from tests.conftest import TEST_PASSWORD

from .test_whole_story_in_a_browser import _log_in

ADMINISTRATOR_NIP = "197001012000011001"
NEW_ADMINISTRATOR_NIP = "198501012010011099"
OWN_PASSWORD = "Gonggong-Batam-Barelang-7"
NAME = "Surat Keterangan Bersih Lingkungan"


def _administrator(live) -> Officer:
    with live.app.app_context():
        officer = db.session.execute(
            db.select(Officer).filter_by(nip=ADMINISTRATOR_NIP)).scalar_one()
        db.session.expunge(officer)
        return officer


def test_a_service_made_in_the_console_appears_in_the_catalogue(live_server, desk, phone):
    live = live_server
    _log_in(live, desk, _administrator(live))
    desk.goto(live.url + "/admin/layanan/new/")
    desk.fill("#code", "keterangan-bersih-lingkungan")
    desk.fill("#name", NAME)
    desk.select_option("#flow", "KL")
    desk.fill("#description", "Keterangan lingkungan tempat tinggal bersih untuk usaha kuliner.")
    desk.fill("#classification_code", "400")
    desk.fill("#service_level_days", "3")
    desk.check("#is_open")
    desk.fill("#sort_order", "30")
    desk.click("#fields-button")
    desk.fill("#fields-0-name", "nama_usaha")
    desk.fill("#fields-0-label", "Nama usaha")
    desk.select_option("#fields-0-type", "text")
    desk.check("#fields-0-required")
    desk.click("#documents-button")
    desk.fill("#documents-0-key", "pengantar_rt")
    desk.fill("#documents-0-label", "Surat pengantar RT/RW")
    desk.check("#documents-0-mandatory")
    desk.check("#documents-0-accepted_types-0")
    desk.fill("#documents-0-max_size_kb", "2048")
    live.screenshot(desk, "administrator-01-layanan-baru")
    desk.get_by_role("button", name="Simpan", exact=True).click()
    desk.wait_for_url(lambda url: "/new/" not in url)
    assert desk.locator(".alert-danger").count() == 0, desk.locator(".alert-danger").inner_text()

    phone.goto(live.url + "/")
    phone.get_by_role("link", name=NAME).click()
    phone.get_by_role("heading", name=NAME).wait_for()
    live.screenshot(phone, "administrator-02-layanan-di-katalog")
    phone.get_by_role("link", name="Ajukan permohonan").click()
    assert phone.get_by_label("Nama usaha").count() == 1
    upload = phone.get_by_label("Surat pengantar RT/RW").and_(phone.locator("input[type=file]"))
    assert upload.count() == 1


def _new_administrator(live) -> None:
    """A second Administrator whose password the first one set (reset): no second factor yet."""
    with live.app.app_context():
        officer = Officer(nip=NEW_ADMINISTRATOR_NIP, name="Rina Diskominfo",
                          email="rina@layanan.local", is_administrator=True,
                          must_change_password=True)
        officer.set_password(TEST_PASSWORD)
        db.session.add(officer)
        db.session.commit()


def _submit_login(page, live, password: str) -> None:
    page.goto(live.url + "/admin/login/")
    page.fill("#nip", NEW_ADMINISTRATOR_NIP)
    page.fill("#password", password)
    page.get_by_role("button", name="Masuk").click()


def test_a_new_administrator_enrols_a_second_factor_and_chooses_a_password(live_server, desk):
    live = live_server
    _new_administrator(live)
    _submit_login(desk, live, TEST_PASSWORD)
    desk.wait_for_url("**/admin/login/daftar-2fa/")
    secret = desk.locator("#second-factor-secret").inner_text().replace(" ", "")
    live.screenshot(desk, "administrator-03-daftar-2fa")
    desk.fill("#code", pyotp.TOTP(secret).now())
    desk.get_by_role("button", name="Aktifkan").click()
    desk.get_by_role("heading", name="Verifikasi dua langkah aktif").wait_for()
    recovery_code = desk.locator("#recovery-codes code").first.inner_text()
    live.screenshot(desk, "administrator-04-kode-pemulihan")
    desk.get_by_role("button", name="Sudah saya simpan, lanjutkan").click()

    desk.wait_for_url("**/admin/login/sandi-baru/")
    desk.fill("#new_password", OWN_PASSWORD)
    desk.fill("#confirm", OWN_PASSWORD)
    live.screenshot(desk, "petugas-01b-ganti-kata-sandi")
    desk.get_by_role("button", name="Simpan dan lanjutkan").click()
    desk.wait_for_url(lambda url: "/admin/login/" not in url)

    desk.context.clear_cookies()
    _submit_login(desk, live, OWN_PASSWORD)
    desk.wait_for_url("**/admin/login/kode/")
    desk.fill("#code", recovery_code)
    live.screenshot(desk, "petugas-01c-verifikasi-dua-langkah")
    desk.get_by_role("button", name="Verifikasi").click()
    desk.wait_for_url(lambda url: "/admin/login/" not in url)
    assert desk.url.rstrip("/").endswith("/admin")
    with live.app.app_context():
        officer = db.session.execute(db.select(Officer).filter_by(
            nip=NEW_ADMINISTRATOR_NIP)).scalar_one()
        assert officer.has_second_factor and not officer.must_change_password
