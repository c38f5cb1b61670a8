"""Acceptance: the Administrator creates a new service in the browser, with a form field and a
required document, and citizens find it in the public catalogue at once."""
from portal.extensions import db
from portal.models import Officer

from .test_whole_story_in_a_browser import _log_in

ADMINISTRATOR_NIP = "197001012000011001"
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
