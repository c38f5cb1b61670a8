"""Acceptance: the citizen site on a weak mobile signal, in Chromium throttled through CDP.

Every citizen page stays within its page-weight budget (first load and next load, counted
from the DevTools protocol's network events); a submission with two photos survives the
connection being cut and restored, arriving once with both photos and nothing retyped; the
catalogue opens with the network off after one visit (the service worker's cache).
"""
import pytest

from portal.extensions import db
from portal.models import Application, RequiredDocument, Service, Unit
from tests.fixtures.citizen import sample_png

from .conftest import ACTION_TIMEOUT_MS, PHONE, wait_until

# A weak mobile signal: 400 kbit/s each way, 400 ms latency.
SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
        "uploadThroughput": 400_000 / 8}
FIRST_LOAD_BUDGET = 150 * 1024
NEXT_LOAD_BUDGET = 30 * 1024
CITIZEN_PAGES = ("/", "/layanan/domisili-tempat-tinggal", "/layanan/domisili-tempat-tinggal/ajukan",
                 "/lacak", "/akun/masuk", "/akun/daftar")
SERVICE = "domisili-tempat-tinggal"
NIK = "2171064501900345"


class Transfer:
    """Bytes a page's loads take over the network, from CDP's Network events.

    A response the service worker answers counts the bytes it fetched for it (none when it
    came from its cache); every other response counts its bytes on the wire.
    """

    def __init__(self, page, conditions: dict = SLOW):
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.send("Network.emulateNetworkConditions", conditions)
        self.from_worker: dict[str, int] = {}
        self.on_wire: dict[str, int] = {}
        self.session.on("Network.responseReceived", self._received)
        self.session.on("Network.loadingFinished", self._finished)

    def _received(self, event) -> None:
        if event["response"].get("fromServiceWorker"):
            self.from_worker[event["requestId"]] = int(event["response"]["encodedDataLength"])

    def _finished(self, event) -> None:
        if event["requestId"] not in self.from_worker:
            self.on_wire[event["requestId"]] = int(event["encodedDataLength"])

    def load(self, page, url: str) -> int:
        """Open `url` and return the bytes its load took."""
        self.from_worker.clear()
        self.on_wire.clear()
        page.goto(url, wait_until="networkidle")
        return sum(self.from_worker.values()) + sum(self.on_wire.values())

    def go_offline(self, offline: bool) -> None:
        """Cut or restore the page's connection (and, through Playwright, its worker's)."""
        self.session.send("Network.emulateNetworkConditions", {**SLOW, "offline": offline})


class ServedBytes:
    """What the live server sent (status line, headers, body): the service worker's own
    fetches included, which the page's CDP events do not show."""

    def __init__(self, app):
        self.app, self.inner, self.total = app, app.wsgi_app, 0
        app.wsgi_app = self

    def __call__(self, environ, start_response):
        def counting_start(status, headers, *args):
            self.total += len(status) + 12 + sum(len(k) + len(v) + 4 for k, v in headers)
            return start_response(status, headers, *args)

        for chunk in self.inner(environ, counting_start):
            self.total += len(chunk)
            yield chunk

    def restore(self) -> None:
        """Put the app's own WSGI callable back."""
        self.app.wsgi_app = self.inner


@pytest.fixture
def served(live_server):
    """Count the live server's bytes for one test."""
    counter = ServedBytes(live_server.app)
    yield counter
    counter.restore()


def _worker_ready(page) -> None:
    """Wait until the service worker is active (it controls the next page opened)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


@pytest.fixture
def slow_phone(browser):
    """A fresh phone context on a weak signal."""
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    yield page, Transfer(page)
    context.close()


def _weigh(live, browser, served, path: str) -> tuple[int, int, int, int]:
    """(first, next) load of `path` in a fresh phone: by CDP, and as the server sent it."""
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    transfer = Transfer(page)
    served.total = 0
    first = transfer.load(page, live.url + path)
    _worker_ready(page)  # its own downloads count towards the first visit
    first_served, served.total = served.total, 0
    again = transfer.load(page, live.url + path)
    again_served = served.total
    context.close()
    return first, again, first_served, again_served


def test_every_citizen_page_keeps_to_its_page_weight_budget(live_server, browser, served):
    weights = {path: _weigh(live_server, browser, served, path) for path in CITIZEN_PAGES}
    assert all(sizes[0] > 1000 for sizes in weights.values()), weights  # really measured
    over = {path: sizes for path, sizes in weights.items()
            if max(sizes[0], sizes[2]) >= FIRST_LOAD_BUDGET
            or max(sizes[1], sizes[3]) >= NEXT_LOAD_BUDGET}
    assert over == {}, weights


def test_the_catalogue_opens_offline_after_one_visit(live_server, slow_phone):
    page, transfer = slow_phone
    transfer.load(page, live_server.url + "/")
    _worker_ready(page)
    page.context.set_offline(True)
    transfer.go_offline(True)
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Surat Keterangan Domisili Tempat Tinggal").count()
    page.goto(live_server.url + "/lacak")  # never visited: said plainly, not faked
    assert page.get_by_role("heading", name="Tidak ada koneksi").is_visible()


@pytest.fixture
def two_photo_service(live_server):
    """The residence letter with only the KTP and KK to photograph (restored afterwards)."""
    with live_server.app.app_context():
        service = db.session.execute(db.select(Service).filter_by(code=SERVICE)).scalar_one()
        rtrw = db.session.execute(db.select(RequiredDocument).filter_by(
            service_id=service.id, key="pengantar_rtrw")).scalar_one()
        rtrw.mandatory = False
        db.session.commit()
        home_id = db.session.execute(db.select(Unit.id).filter_by(name="Lubuk Baja Kota")).scalar()
    yield home_id
    with live_server.app.app_context():
        db.session.execute(db.update(RequiredDocument).where(
            RequiredDocument.key == "pengantar_rtrw").values(mandatory=True))
        db.session.commit()


def _fill(page, home_id: int) -> None:
    for selector, value in (("#nik", NIK), ("#kk", "2171060101200345"),
                            ("#name", "Dewi Lestari"), ("#email", "dewi.lestari@contoh.id"),
                            ("#phone", "0812-3000-0345"), ("#address", "Jl. Sriwijaya No. 3"),
                            ("#f_tempat_lahir", "Batam"), ("#f_tanggal_lahir", "1990-02-03"),
                            ("#f_pekerjaan", "Guru"), ("#f_alamat_domisili", "Jl. Sriwijaya 3"),
                            ("#f_lama_tinggal", "4"), ("#f_keperluan", "Melamar pekerjaan")):
        page.fill(selector, value)
    page.select_option("#home_unit", str(home_id))
    for name in ("f_jenis_kelamin", "f_agama", "f_status_perkawinan"):
        page.select_option(f"#{name}", index=1)


def _photo(name: str) -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": sample_png()}


def _open_form(live, page, transfer) -> None:
    """The catalogue first (the service worker arrives), then the form it keeps."""
    transfer.load(page, live.url + "/")
    _worker_ready(page)
    transfer.load(page, f"{live.url}/layanan/{SERVICE}/ajukan")


def _set_offline(page, transfer, offline: bool) -> None:
    page.context.set_offline(offline)
    transfer.go_offline(offline)


def test_a_cut_connection_loses_nothing_and_sends_once(live_server, slow_phone,
                                                       two_photo_service):
    live, (page, transfer) = live_server, slow_phone
    _open_form(live, page, transfer)
    _fill(page, two_photo_service)
    page.set_input_files("#doc_ktp", _photo("ktp.png"))
    page.get_by_text("Terunggah: ktp.png").wait_for()
    _set_offline(page, transfer, True)
    page.set_input_files("#doc_kk", _photo("kk.png"))  # the second photo meets the cut
    page.get_by_role("button", name="Coba lagi: Kartu Keluarga (KK)").wait_for()
    page.get_by_role("button", name="Kirim permohonan").click()
    page.get_by_text("Permohonan BELUM terkirim").wait_for()
    live.screenshot(page, "pemohon-luring-belum-terkirim")
    _set_offline(page, transfer, False)  # the page sends it by itself, the photo first
    page.get_by_role("heading", name="Tanda Terima Permohonan").wait_for()
    with live.app.app_context():
        sent = db.session.execute(
            db.select(Application).filter_by(applicant_nik=NIK)).scalars().all()
        assert len(sent) == 1
        assert sorted(doc.requirement_key for doc in sent[0].documents) == ["kk", "ktp"]
        assert sent[0].applicant_name == "Dewi Lestari"
    saved = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('layanan-isian:'))")
    assert saved == []  # sent: the saved entries are gone


def test_a_reopened_form_offers_what_was_typed_and_forgets_it_on_request(
        live_server, slow_phone, two_photo_service):
    live, (page, transfer) = live_server, slow_phone
    _open_form(live, page, transfer)
    page.fill("#name", "Dewi Ketik Sekali")
    page.fill("#f_keperluan", "Melamar pekerjaan")
    page.set_input_files("#doc_ktp", _photo("ktp-dewi.png"))
    page.get_by_text("Terunggah: ktp-dewi.png").wait_for()
    _set_offline(page, transfer, True)
    page.reload()  # the tab closed on a dead signal: the form comes from the worker's cache
    page.get_by_role("button", name="Lanjutkan isian sebelumnya").click()
    assert page.input_value("#name") == "Dewi Ketik Sekali"
    assert page.get_by_text("Terunggah: ktp-dewi.png").count() == 1
    live.screenshot(page, "pemohon-lanjutkan-isian")
    _set_offline(page, transfer, False)
    page.reload()
    page.get_by_role("button", name="Hapus isian tersimpan").click()
    page.reload()
    assert page.get_by_role("button", name="Lanjutkan isian sebelumnya").is_hidden()
    assert page.input_value("#name") == ""
