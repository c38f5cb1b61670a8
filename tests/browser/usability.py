"""The usability test report (docs/LAPORAN-UJI-USABILITAS.md), measured by the browser tests.

The story and the other browser tests wrap each main task in `usability.task(...)`: its time,
the clicks and the pages it took are recorded on the device it ran on; the axe audit adds its
findings per page. Under `make docs` (USABILITY_REPORT set) the report is written at the end of
the browser tests, so it always describes the suite as it stands.
"""
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from statistics import median

# Every task the report covers: key -> (who, what the person does).
TASKS = {
    "cari-dan-ajukan": ("Pemohon", "Mencari layanan dan mengajukan permohonan"),
    "lacak": ("Pemohon", "Melacak permohonan"),
    "perbaiki": ("Pemohon", "Memperbaiki permohonan yang dikembalikan"),
    "daftar-akun": ("Pemohon", "Mendaftar akun warga"),
    "verifikasi": ("Pemohon", "Memverifikasi surat dari kode QR"),
    "kembalikan": ("Petugas", "Memeriksa berkas dan mengembalikan untuk perbaikan"),
    "putuskan": ("Petugas", "Memutuskan (menyetujui) permohonan"),
    "cetak": ("Petugas", "Mencetak surat (dengan pratinjau draf)"),
    "serahkan": ("Petugas", "Menyerahkan surat kepada pemohon"),
}
DEVICES = {"ponsel": "ponsel 390 px", "laptop": "laptop 1366 px"}
# What the measurements and the axe audit led to (issue #18); kept with the report's generator.
CHANGES = (
    "Tabel di ponsel (Permohonan saya, anggota keluarga, jadwal pengambilan) menjadi kartu "
    "bertumpuk; tidak ada halaman warga yang bergulir ke samping pada layar 390 px.",
    "Hasil verifikasi surat tampil sebagai kartu hijau/merah; sidik SHA-256 terlipat.",
    "\"Permohonan saya\" dibuka dengan tombol utama \"Ajukan permohonan baru\"; \"Keluar\" "
    "menjadi tautan biasa.",
    "Tombol \"Ajukan untuk …\" di halaman anggota keluarga dan pilihan \"Untuk siapa?\" di "
    "formulir, menggantikan alamat tersembunyi ?untuk=.",
    "Status \"Konfirmasi\" ditampilkan sebagai \"Dikonfirmasi, menunggu verifikasi\".",
    "Berkas di atas batas ditolak sebelum dikirim (batasnya disebut), foto besar diperkecil "
    "di peramban, dan kemajuan unggahan ditampilkan.",
    "Kode pengambilan diterima dengan spasi, tanpa tanda hubung, huruf besar atau kecil.",
    "Petugas melihat pratinjau draf surat sebelum Cetak; penyerahan meminta konfirmasi, "
    "mencatat penerima (dengan NIK dan surat kuasa bila bukan pemohon), dan halaman surat "
    "menunjukkan \"Diserahkan\" dengan tanggal, jam dan penerima.",
)


# Injected into every page of a watched tab: clicks, and documents rewritten by a script.
WATCHER = """
document.addEventListener('click', function () {
  sessionStorage.setItem('uji-klik', String(Number(sessionStorage.getItem('uji-klik') || 0) + 1));
}, true);
(function (open) {
  Document.prototype.open = function () {
    var n = Number(sessionStorage.getItem('uji-halaman') || 0);
    sessionStorage.setItem('uji-halaman', String(n + 1));
    return open.apply(this, arguments);
  };
}(Document.prototype.open));
"""


class UsabilityLog:
    """Measured tasks and axe findings of one run of the browser tests."""

    def __init__(self):
        self.tasks: list[dict] = []
        self.axe: dict[str, list[tuple[str, str]]] = {}

    @staticmethod
    def watch(page) -> None:
        """Count the clicks, and the pages a script writes in place (a form sent with its
        upload progress shown), on every page this tab loads from now on."""
        page.add_init_script(WATCHER)

    @staticmethod
    def _counted(page) -> tuple[int, int]:
        try:
            return tuple(page.evaluate("['uji-klik', 'uji-halaman'].map(function (key) {"
                                       " return Number(sessionStorage.getItem(key) || 0); })"))
        except Exception:  # a page mid-navigation: count from the next one
            return 0, 0

    @contextmanager
    def task(self, page, key: str, device: str):
        """Time one task on `page`, counting the pages it loads and the clicks it takes."""
        assert key in TASKS and device in DEVICES, (key, device)
        pages = []
        listener = (lambda frame: pages.append(frame.url) if frame == page.main_frame else None)
        page.on("framenavigated", listener)
        (clicks, written), start = self._counted(page), time.monotonic()
        yield
        page.wait_for_load_state("load")
        seconds = time.monotonic() - start
        clicks_after, written_after = self._counted(page)
        self.tasks.append({"key": key, "device": device, "seconds": seconds,
                           "clicks": max(clicks_after - clicks, 0),
                           "pages": len(pages) + max(written_after - written, 0)})
        page.remove_listener("framenavigated", listener)

    def record_axe(self, page_name: str, violations: list[dict]) -> None:
        """All of axe-core's findings on one page (every impact)."""
        self.axe[page_name] = [(v["id"], v["impact"] or "-") for v in violations]

    def write(self, path: Path) -> None:
        """Write the report in Indonesian Markdown."""
        path.write_text(render_report(self.tasks, self.axe), encoding="utf-8")


def _task_rows(tasks: list[dict]) -> list[str]:
    """One row per task and device: how often it ran, its median time, clicks and pages."""
    rows = ["| Tugas | Oleh | Perangkat | Diukur (kali) | Waktu, median (detik) | Klik | "
            "Halaman |", "|---|---|---|---:|---:|---:|---:|"]
    for key, (who, what) in TASKS.items():
        for device, label in DEVICES.items():
            runs = [t for t in tasks if t["key"] == key and t["device"] == device]
            if runs:
                rows.append(f"| {what} | {who} | {label} | {len(runs)} | "
                            f"{median(t['seconds'] for t in runs):.1f} | "
                            f"{median(t['clicks'] for t in runs):g} | "
                            f"{median(t['pages'] for t in runs):g} |")
    return rows


def _axe_rows(axe: dict) -> list[str]:
    rows = ["| Halaman | Temuan axe-core (dampak) |", "|---|---|"]
    for page_name, found in axe.items():
        text = ", ".join(f"{rule} ({impact})" for rule, impact in found) or "tidak ada"
        rows.append(f"| {page_name} | {text} |")
    return rows


def render_report(tasks: list[dict], axe: dict) -> str:
    """The report's Markdown for these measurements."""
    measured = {t["key"] for t in tasks}
    missing = [TASKS[key][1] for key in TASKS if key not in measured]
    lines = [
        "# Laporan Uji Usabilitas",
        "",
        "Ditulis otomatis oleh uji peramban (`make docs`, Chromium sungguhan) pada "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; jangan disunting dengan tangan.",
        "Setiap tugas utama warga dan petugas dijalankan seperti orang memakainya: waktu "
        "(termasuk menunggu server uji di mesin CI yang sibuk, jadi bandingkan antar-tugas, "
        "bukan dengan target mutlak), jumlah klik, dan jumlah halaman yang dimuat.",
        "Warga diuji di ponsel 390 × 844 px, petugas di laptop 1366 × 768 px; tugas warga yang "
        "juga sering dilakukan di komputer diuji di keduanya.",
        "",
        "## Tugas utama",
        "",
        *_task_rows(tasks),
        "",
    ]
    if missing:
        lines += ["Tidak terukur pada putaran ini: " + "; ".join(missing) + ".", ""]
    lines += ["## Aksesibilitas (axe-core) per halaman", "",
              "Semua temuan axe-core, termasuk dampak *moderate* dan *minor*; temuan *serious* "
              "atau *critical* menggagalkan uji (`tests/browser/test_accessibility_of_public_"
              "and_officer_pages.py`).", "", *_axe_rows(axe), "",
              "## Yang diubah karena uji ini", "", *[f"- {change}" for change in CHANGES], ""]
    return "\n".join(lines)
