"""Acceptance in Chromium: on a 390 px phone and without an account, a citizen rates the
service in the SKM survey (a second answer is refused politely), files a complaint that the
unit's Admin answers, and follows a letter sent by post by its tracking number. The
screenshots illustrate the guides in docs/."""
import re

from portal.extensions import db
from portal.letters import postal
from portal.letters.issuing import hand_over, issue_for_application
from portal.models import (Application, Complaint, Officer, Service, SurveyResponse, Unit,
                           utcnow)
from portal.workflow import transitions
from portal.workflow.regno import new_reg_no
from tests.conftest import TEST_PASSWORD
from tests.fixtures.letters import sample_form_data

PHONE_390 = {"width": 390, "height": 844}
HOME = "Batu Selicin"


def _officer_of(unit_id: int, position: str) -> Officer:
    return db.session.execute(db.select(Officer).filter_by(
        unit_id=unit_id, position=position)).scalar_one()


def _finished(live, by_post: bool = False) -> str:
    """An SKU application of Batu Selicin approved to Selesai with its letter; its number."""
    with live.app.app_context():
        service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
        home = db.session.execute(db.select(Unit).filter_by(name=HOME)).scalar_one()
        application = Application(
            reg_no=new_reg_no(home.short_code, utcnow()), service=service, home_unit=home,
            applicant_nik="2171064501900099", applicant_kk="2171060101200099",
            applicant_name="Dewi Lestari", applicant_email="dewi@contoh.id",
            applicant_phone="+6281299990000", applicant_address="Jl. Sudirman No. 9",
            definition_snapshot=service.definition_snapshot(), notify_channel="email")
        application.form_data = sample_form_data(application.definition_snapshot)
        if by_post:
            postal.request_delivery(application, "Jl. Sudirman No. 9, Batu Selicin, Batam 29432")
        transitions.register(application)
        transitions.perform(application.id, "confirm", transitions.SYSTEM)
        while application.status != "selesai":
            approver = _officer_of(application.pending_unit_id, application.pending_step)
            transitions.perform(application.id, "approve", transitions.actor_for(approver),
                                expected_version=application.version)
        issue_for_application(application.id, _officer_of(home.id, "admin"))
        return application.reg_no


def _hand_over(live, reg_no: str) -> None:
    with live.app.app_context():
        application = db.session.execute(
            db.select(Application).filter_by(reg_no=reg_no)).scalar_one()
        hand_over(application.id, _officer_of(application.final_unit_id, "admin"),
                  "Dewi Lestari", application.version)


def _log_in(live, page, unit_name: str, position: str) -> None:
    with live.app.app_context():
        unit = db.session.execute(db.select(Unit).filter_by(name=unit_name)).scalar_one()
        nip = _officer_of(unit.id, position).nip
    page.goto(live.url + "/admin/login/")
    page.fill("#nip", nip)
    page.fill("#password", TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/admin/(?!login)"))


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def _row_id(live, model, **where) -> int:
    with live.app.app_context():
        return db.session.execute(db.select(model.id).filter_by(**where)).scalar_one()


def _answers(live) -> int:
    with live.app.app_context():
        return db.session.query(SurveyResponse).count()


def test_a_citizen_rates_the_service_on_a_phone_once(live_server, browser):
    live, reg_no = live_server, _finished(live_server)
    _hand_over(live, reg_no)
    context = browser.new_context(viewport=PHONE_390, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live.url}/lacak?no={reg_no}")
    invitation = page.locator("#undangan-survei")
    invitation.scroll_into_view_if_needed()
    live.screenshot(page, "pemohon-10-undangan-survei")
    invitation.get_by_role("link", name="Isi survei").click()
    page.get_by_role("heading", name="Survei Kepuasan Masyarakat").wait_for()
    _fits_the_phone(page)
    live.screenshot(page, "pemohon-11-survei")
    second_tab = context.new_page()  # the same survey, opened twice before answering
    second_tab.goto(page.url)
    answers = ("Sangat sesuai", "Mudah", "Cepat", "Gratis", "Sesuai", "Kompeten",
               "Sangat sopan dan ramah", "Dikelola dengan baik", "Baik")
    for number, answer in enumerate(answers, start=1):
        page.locator(f"#u{number}-soal").get_by_label(answer, exact=True).check()
    page.fill("#suggestion", "Ruang tunggu perlu kipas angin.")
    page.get_by_role("button", name="Kirim penilaian").click()
    page.get_by_text("Terima kasih atas penilaian Anda.").wait_for()
    live.screenshot(page, "pemohon-12-survei-terima-kasih")
    assert _answers(live) == 1

    for number in range(1, 10):
        second_tab.locator(f"#u{number}-soal input").first.check()
    second_tab.get_by_role("button", name="Kirim penilaian").click()
    refusal = second_tab.locator("#survei-ditolak")
    refusal.wait_for()
    assert "sudah diisi" in refusal.inner_text() and "satu kali" in refusal.inner_text()
    _fits_the_phone(second_tab)
    assert _answers(live) == 1
    context.close()


def test_a_complaint_is_filed_on_a_phone_and_answered_by_the_admin(live_server, browser, desk):
    live, reg_no = live_server, _finished(live_server)
    context = browser.new_context(viewport=PHONE_390, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live.url}/lacak?no={reg_no}")
    page.get_by_role("link", name="Sampaikan pengaduan atau saran tentang permohonan ini").click()
    page.fill("#name", "Dewi Lestari")
    page.fill("#email", "dewi@contoh.id")
    page.fill("#message", "Surat sudah selesai tetapi loket tutup pukul 14.00.")
    _fits_the_phone(page)
    live.screenshot(page, "pemohon-13-pengaduan")
    page.get_by_role("button", name="Kirim pengaduan").click()
    number = page.locator("#nomor-pengaduan").inner_text().strip()
    assert number.startswith("ADU-")

    _log_in(live, desk, HOME, "admin")
    desk.goto(live.url + "/admin/pengaduan/")
    assert desk.locator("tr", has_text=number).count() == 1
    desk.goto(f"{live.url}/admin/pengaduan/edit/?id={_row_id(live, Complaint, number=number)}")
    desk.fill("#answer", "Mohon maaf, loket kini buka sampai pukul 16.00.")
    live.screenshot(desk, "petugas-14-pengaduan")
    desk.locator("input[type=submit]").first.click()
    desk.get_by_text("terkirim kepada pelapor").wait_for()

    page.goto(f"{live.url}/pengaduan/{number}")
    page.locator("#jawaban-pengaduan").wait_for()
    assert "buka sampai pukul 16.00" in page.locator("#jawaban-pengaduan").inner_text()
    live.screenshot(page, "pemohon-14-jawaban-pengaduan")
    context.close()


def test_a_letter_sent_by_post_shows_its_tracking_number(live_server, browser, desk):
    live = live_server
    with live.app.app_context():
        service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
        service.offers_postal_delivery = True
        db.session.commit()
    reg_no = _finished(live, by_post=True)
    _log_in(live, desk, HOME, "admin")
    desk.goto(live.url + "/admin/pengiriman/")
    assert desk.locator("tr", has_text=reg_no).count() == 1
    with live.app.app_context():
        application_id = _row_id(live, Application, reg_no=reg_no)
        delivery_id = postal.delivery_of(application_id).id
    desk.goto(f"{live.url}/admin/pengiriman/edit/?id={delivery_id}")
    desk.fill("#courier", "Pos Indonesia")
    desk.fill("#tracking_number", "P2612030777")
    live.screenshot(desk, "petugas-15-pengiriman")
    desk.locator("input[type=submit]").first.click()
    desk.get_by_text("tercatat").first.wait_for()

    context = browser.new_context(viewport=PHONE_390, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live.url}/lacak?no={reg_no}")
    assert page.locator("#nomor-resi").inner_text().strip() == "P2612030777"
    page.locator("#pengiriman").scroll_into_view_if_needed()
    live.screenshot(page, "pemohon-15-resi-pengiriman")
    page.goto(f"{live.url}/layanan/sku")
    page.locator("#standar-pelayanan").scroll_into_view_if_needed()
    live.screenshot(page, "pemohon-16-standar-pelayanan")
    context.close()

    head = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    office = head.new_page()
    _log_in(live, office, HOME, "kepala")
    office.goto(live.url + "/admin/ikm/")
    office.locator("#ikm-nilai").wait_for()
    live.screenshot(office, "petugas-16-ikm")
    head.close()
