"""Acceptance: on a 390 px phone no page of the citizen site scrolls sideways; tables turn into
stacked cards and the verification verdict is a green (or red) card whose hash wraps.

The pages of the whole story (apply, receipt, confirm, correct, verify, track) are checked by
that story itself (`fits_the_screen`); this test visits the rest in one compact pass: the
logged-in citizen's pages, with a family member, a returned and a finished application.
"""
import re

from portal.extensions import db
from portal.letters.issuing import issue_for_application, schedule_render
from portal.models import (Application, CitizenAccount, FamilyMember, Officer, Service,
                           Unit, utcnow)
from portal.workflow import transitions
from portal.workflow.regno import new_reg_no
from tests.fixtures.accounts import CITIZEN_PASSWORD
from tests.fixtures.letters import sample_form_data

from .conftest import LAPTOP, fits_the_screen, wait_until

NIK = "2171064501900021"


def _submitted(service_code: str, home: Unit) -> Application:
    service = db.session.execute(db.select(Service).filter_by(code=service_code)).scalar_one()
    application = Application(
        reg_no=new_reg_no(home.short_code, utcnow()), service=service, home_unit=home,
        applicant_nik=NIK, applicant_kk="2171060101200021", applicant_name="Siti Rahmawati Putri",
        applicant_email="siti.ponsel@contoh.id", applicant_phone="+6281234500021",
        applicant_address="Jl. Duyung No. 5, RT 002/RW 004, Lubuk Baja Kota",
        form_data={}, definition_snapshot=service.definition_snapshot())
    application.form_data = sample_form_data(application.definition_snapshot)
    transitions.register(application)
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    return application


def _officer_of(unit_id: int, position: str) -> Officer:
    return db.session.execute(db.select(Officer).filter_by(
        unit_id=unit_id, position=position)).scalar_one()


def _finished(home: Unit) -> tuple[str, str]:
    """A finished SKU with its issued letter: (registration number, verification token)."""
    application = _submitted("sku", home)
    while application.status != "selesai":
        approver = _officer_of(application.pending_unit_id, application.pending_step)
        transitions.perform(application.id, "approve", transitions.actor_for(approver),
                            expected_version=application.version)
    letter = issue_for_application(application.id, _officer_of(application.final_unit_id, "admin"))
    schedule_render(letter.id)
    return application.reg_no, letter.verification_token


def _returned(home: Unit) -> None:
    application = _submitted("pindah-antar-kecamatan", home)
    admin = _officer_of(application.pending_unit_id, "admin")
    transitions.perform(application.id, "return", transitions.actor_for(admin),
                        expected_version=application.version,
                        remark="Foto KK terpotong di bagian bawah, mohon unggah ulang yang utuh.")


def _citizen_with_history(live) -> tuple[str, str]:
    """An active account with a family member, a returned and a finished application."""
    with live.app.app_context():
        home = db.session.execute(db.select(Unit).filter_by(name="Lubuk Baja Kota")).scalar_one()
        account = CitizenAccount(
            nik=NIK, kk="2171060101200021", name="Siti Rahmawati Putri",
            email="siti.ponsel@contoh.id", phone="+6281234500021",
            address="Jl. Duyung No. 5, RT 002/RW 004", home_unit_id=home.id, status="active",
            email_confirmed_at=utcnow())
        account.set_password(CITIZEN_PASSWORD)
        db.session.add(account)
        db.session.add(FamilyMember(account=account, nik="2171064501900022", kk=account.kk,
                                    name="Muhammad Rizky Pratama Putra",
                                    relationship_label="Anak", status="active"))
        db.session.commit()
        _returned(home)
        return _finished(home)


def _wait_for_the_letter(live, token: str) -> None:
    from portal.models import Letter

    def rendered():
        with live.app.app_context():
            return db.session.execute(db.select(Letter.sha256).filter_by(
                verification_token=token)).scalar_one()
    wait_until(rendered, timeout=120)


def _visit_the_account_pages(live, page, reg_no: str, too_wide: dict) -> None:
    """Log in, then every page of the account, with the guide's screenshots on the way."""
    page.fill("#nik", NIK)
    page.fill("#password", CITIZEN_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/permohonan")
    shots = {"/akun/permohonan": "pemohon-17-permohonan-saya",
             "/akun/keluarga": "pemohon-18-keluarga"}
    for path in ("/akun/permohonan", "/akun/keluarga", f"/akun/permohonan/{reg_no}/ambil",
                 "/akun/profil", "/akun/tutup"):
        _visit(live, page, path, too_wide)
        if path in shots:
            live.screenshot(page, shots[path])
    page.goto(live.url + "/akun/keluarga")
    page.get_by_role("link", name=re.compile("Ajukan untuk")).click()
    page.get_by_role("link", name="Ajukan").first.click()
    page.locator("#untuk-siapa").wait_for()
    too_wide[page.url] = fits_the_screen(page, strict=False)
    live.screenshot(page, "pemohon-19-untuk-siapa")


def _visit(live, page, path: str, too_wide: dict) -> None:
    page.goto(live.url + path)
    too_wide[path] = fits_the_screen(page, strict=False)


def _tasks_on_a_laptop(live, browser, reg_no: str, token: str, usability) -> None:
    """Tracking and verifying, the citizen tasks also done at a desk, timed on a laptop."""
    context = browser.new_context(viewport=LAPTOP, locale="id-ID")
    page = context.new_page()
    usability.watch(page)
    with usability.task(page, "lacak", "laptop"):
        page.goto(live.url + "/lacak")
        page.fill("#no", reg_no)
        page.get_by_role("button", name="Lacak").click()
        page.locator("ol.timeline").wait_for()
    with usability.task(page, "verifikasi", "laptop"):
        page.goto(f"{live.url}/verifikasi/{token}")
    context.close()


def test_no_citizen_page_scrolls_sideways_on_a_390_px_phone(live_server, browser, usability):
    live = live_server
    reg_no, token = _citizen_with_history(live)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    too_wide = {}
    for path in ("/", "/layanan/sku", "/layanan/sku/ajukan", "/lacak", f"/lacak?no={reg_no}",
                 "/verifikasi", "/verifikasi/TIDAK-ADA", "/akun/daftar", "/akun/lupa-sandi",
                 "/akun/masuk"):
        _visit(live, page, path, too_wide)
    _visit_the_account_pages(live, page, reg_no, too_wide)
    _wait_for_the_letter(live, token)
    _visit(live, page, f"/verifikasi/{token}", too_wide)
    verdict = page.locator(".verdict-card.valid")
    assert verdict.is_visible()
    assert verdict.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(231, 245, 236)"
    hash_box = page.locator("code.hash").bounding_box()
    assert hash_box["x"] + hash_box["width"] <= 390
    context.close()
    _tasks_on_a_laptop(live, browser, reg_no, token, usability)
    wider = {path: extra for path, extra in too_wide.items() if extra}
    assert wider == {}, f"pages wider than the 390 px screen (px): {wider}"
