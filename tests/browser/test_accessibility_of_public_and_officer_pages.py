"""Acceptance: axe-core finds no serious or critical problem on the citizen's pages and the
officer's queue and detail pages, and a citizen can apply with the keyboard alone."""


from axe_playwright_python.sync_playwright import Axe

from tests.fixtures.citizen import sample_png
from portal.workflow import transitions
from portal.extensions import db
from portal.letters.issuing import issue_for_application
from portal.models import Application, Officer

from .test_whole_story_in_a_browser import _link_in_mail, _log_in, _officer

EMAIL = "dewi.aksesibel@contoh.id"
BLOCKING = {"serious", "critical"}
# The apply form in tab order: (field id, what the citizen types; None for a file).
KEYBOARD_FORM = (
    ("nik", "2171065507910003"), ("kk", "2171060101200003"), ("name", "Dewi Lestari"),
    ("email", EMAIL), ("phone", "081377788899"), ("address", "Jl. Sultan Abdul Rahman No. 3"),
    ("home_unit", "Kelurahan Lubuk Baja Kota"), ("f_alamat_tujuan", "Jl. Ahmad Yani No. 1"),
    ("f_alasan_pindah", "Keluarga"), ("f_jumlah_anggota_pindah", "2"),
    ("f_kecamatan_tujuan", "Batam Kota"), ("f_kelurahan_tujuan", "Teluk Tering"),
    ("doc_ktp", None), ("doc_kk", None), ("doc_pengantar_rtrw", None),
)


def blocking_violations(violations: list[dict]) -> list[str]:
    """axe-core's serious and critical violations among these, one line each."""
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in violations if v["impact"] in BLOCKING]


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _tab_to(page, field_id: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused_id(page) == field_id:
            return
    raise AssertionError(f"Tab never reaches #{field_id}")


def _choose_image(chooser) -> None:
    chooser.set_files({"name": "berkas.png", "mimeType": "image/png", "buffer": sample_png()})


def _apply_with_keyboard(live, page) -> str:
    page.on("filechooser", _choose_image)  # the "open file" dialog answers with an image
    page.goto(f"{live.url}/layanan/pindah-antar-kecamatan/ajukan")
    for field_id, typed in KEYBOARD_FORM:
        _tab_to(page, field_id)
        if typed is None:
            page.keyboard.press("Space")
            page.wait_for_function("id => document.getElementById(id).files.length == 1",
                                   arg=field_id)
        else:
            page.keyboard.type(typed)
    assert page.locator("#home_unit option:checked").inner_text() == "Kelurahan Lubuk Baja Kota"
    assert page.input_value("#f_alasan_pindah") == "Keluarga"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Tanda Terima Permohonan").wait_for()
    return page.locator(".regno").inner_text().strip()


def _return_then_finish(live, reg_no: str) -> Application:
    """Admin returns it (for the correction page), then every officer approves it."""
    with live.app.app_context():
        application = db.session.execute(
            db.select(Application).filter_by(reg_no=reg_no)).scalar_one()
        admin = db.session.execute(db.select(Officer).filter_by(
            unit_id=application.pending_unit_id, position="admin")).scalar_one()
        transitions.perform(application.id, "return", transitions.actor_for(admin),
                            expected_version=application.version, remark="Mohon cek ulang KK.")
        return application.id


def _finish_and_issue(live, application_id: int) -> str:
    with live.app.app_context():
        application = db.session.get(Application, application_id)
        transitions.perform(application.id, "resubmit", transitions.CITIZEN,
                            expected_version=application.version)
        while application.status != "selesai":
            approver = db.session.execute(db.select(Officer).filter_by(
                unit_id=application.pending_unit_id, position=application.pending_step)
            ).scalar_one()
            transitions.perform(application.id, "approve", transitions.actor_for(approver),
                                expected_version=application.version)
        admin = db.session.execute(db.select(Officer).filter_by(
            unit_id=application.final_unit_id, position="admin")).scalar_one()
        return issue_for_application(application.id, admin).verification_token


class AxeAudit:
    """Collects axe-core's blocking violations page by page, to report them all at the end."""

    def __init__(self, base_url: str, usability):
        self.base_url, self.usability = base_url, usability
        self.problems = {}

    def check(self, page, name: str) -> None:
        """Audit the page as it stands; every finding goes to the usability report."""
        page.wait_for_load_state()
        violations = Axe().run(page).response["violations"]
        self.usability.record_axe(name, violations)
        found = blocking_violations(violations)
        if found:
            self.problems[name] = found

    def visit(self, page, path: str, name: str) -> None:
        """Open a path of the live site, then audit it."""
        page.goto(self.base_url + path)
        self.check(page, name)


def test_keyboard_only_apply_and_no_serious_axe_violations(live_server, phone, desk,
                                                           usability):
    live, audit = live_server, AxeAudit(live_server.url, usability)
    audit.visit(phone, "/", "katalog")
    audit.visit(phone, "/layanan/pindah-antar-kecamatan", "halaman layanan")
    audit.visit(phone, "/layanan/pindah-antar-kecamatan/ajukan", "formulir")
    phone.get_by_role("button", name="Kirim permohonan").click()
    phone.get_by_role("alert").first.wait_for()
    audit.check(phone, "formulir dengan kesalahan")

    reg_no = _apply_with_keyboard(live, phone)
    audit.check(phone, "tanda terima")
    phone.goto(_link_in_mail(live, "Konfirmasi permohonan", "/konfirmasi/", EMAIL))
    audit.check(phone, "konfirmasi")
    phone.get_by_role("button", name="Konfirmasi permohonan").click()
    phone.get_by_text("sudah dikonfirmasi").wait_for()
    audit.visit(phone, "/lacak", "lacak (formulir)")
    audit.visit(phone, f"/lacak?no={reg_no}", "lacak (riwayat)")

    _log_in(live, desk, _officer(live, _home_unit_id(live, reg_no), "admin"))
    audit.check(desk, "masuk petugas")
    audit.visit(desk, "/admin/data-baru/", "Data Baru")
    desk.locator("tr", has_text=reg_no).get_by_role("link", name="Lihat Data").click()
    audit.check(desk, "Lihat Data")

    application_id = _return_then_finish(live, reg_no)
    phone.goto(_link_in_mail(live, "perlu diperbaiki", "/perbaikan/", EMAIL))
    audit.check(phone, "perbaikan")
    token = _finish_and_issue(live, application_id)
    audit.visit(phone, "/verifikasi", "verifikasi (formulir)")
    audit.visit(phone, f"/verifikasi/{token}", "verifikasi (surat)")
    assert phone.locator(".verdict.valid").count() == 1
    assert audit.problems == {}, "\n".join(f"{page}: {found}"
                                           for page, found in audit.problems.items())


def _home_unit_id(live, reg_no: str) -> int:
    with live.app.app_context():
        return db.session.execute(db.select(Application.home_unit_id).filter_by(
            reg_no=reg_no)).scalar_one()
