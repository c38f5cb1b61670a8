"""P4: citizens submitting an application with two uploads, driven by a few client threads.

Every submission needs a fresh form (its CSRF token and double-submit guard), so wrk cannot
replay one body; the clients GET the form, fill every field from its name and type, attach
a JPEG and a PDF, and POST. A redirect (to the receipt) counts as one submission.
"""
import functools
import io
import os
import threading
import time
from typing import Optional

from PIL import Image

from bench import pages
from bench.measures import MISSING, Measure

SERVICES = ("domisili-tempat-tinggal", "sku", "kelahiran", "ktp-baru")
THREADS = 4


@functools.lru_cache(maxsize=1)
def sample_files() -> tuple[tuple[str, str, bytes], ...]:
    """What a phone sends: a grainy photo as the form scales it (2400×1800 JPEG, about 1.5 MB)
    and a one-page A4 scan (PDF, 150 dpi). A flat 800×600 picture hid the cost of images."""
    size = (2400, 1800)
    scene = Image.linear_gradient("L").resize(size).convert("RGB")
    photo, scan = io.BytesIO(), io.BytesIO()
    Image.blend(scene, Image.effect_noise(size, 30).convert("RGB"), 0.3).save(
        photo, "JPEG", quality=90)
    Image.new("RGB", (1240, 1754), "white").save(scan, "PDF", resolution=150)
    return (("ktp.jpg", "image/jpeg", photo.getvalue()),
            ("kk.pdf", "application/pdf", scan.getvalue()))


def _value(field: dict, serial: int) -> str:
    name, kind = field["name"].lower(), field["type"]
    if kind in ("select", "hidden", "radio"):
        return field["value"]
    if "nik" in name or name.endswith("kk") or "_kk" in name:
        return f"217106{serial % 28 + 41:02d}0190{serial % 10000:04d}"
    if "email" in name:
        return f"bench{serial}@contoh.id"
    if "phone" in name or "telepon" in name or "hp" in name or kind == "tel":
        return "081234567890"
    if kind == "date":
        return "1990-01-15"
    if kind == "number" or field["attrs"].get("inputmode") == "decimal":
        return "2"
    if kind == "checkbox":
        return field["value"] or "y"
    return "Jl. Duyung No. 5, Kota Batam" if kind == "textarea" else "Siti Rahmawati"


def submit_once(base_url: str, form_path: str, files: list, serial: int) -> tuple[bool, str]:
    """GET the form, fill it, POST it; (succeeded, detail)."""
    browser = pages.Browser(base_url)
    status, _, html = browser.get(form_path)
    form = next((f for f in pages.forms_of(html)
                 if sum(x["type"] == "file" for x in f["fields"]) >= 2), None)
    if status != 200 or form is None:
        return False, f"no form with two uploads at {form_path} (HTTP {status})"
    values, uploads = {}, {}
    for field in form["fields"]:
        if field["type"] == "file":
            uploads[field["name"]] = files[len(uploads) % len(files)]
        elif field["type"] not in ("submit", "button"):
            values[field["name"]] = _value(field, serial)
    body, content_type = pages.multipart(values, uploads)
    status, _, html = browser.request("POST", form["action"] or form_path, body, content_type)
    return status in (302, 303), f"HTTP {status}"


def find_form(base_url: str) -> Optional[str]:
    """The application form of the first of SERVICES that has one."""
    pinned = os.environ.get("BENCH_APPLY_PATH")
    for path in ([pinned] if pinned else [f"/layanan/{code}/ajukan" for code in SERVICES]):
        if pages.Browser(base_url).get(path)[0] == 200:
            return path
    return None


def measure(base_url: str, hello_rps: float, seconds: float = 12) -> Measure:
    """P4: submissions per second ÷ hello requests per second."""
    what, target = "P4 citizen submission with two uploads ÷ hello", "≥ 0.05"
    form_path = find_form(base_url)
    if form_path is None:
        return Measure("P4", what, MISSING, target, None)
    files, done, failures, lock = sample_files(), [0], [], threading.Lock()
    ok, detail = submit_once(base_url, form_path, files, 0)
    if not ok:
        return Measure("P4", what, "n/a (form not understood)", target, None, detail)
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        serial = offset
        while time.monotonic() < deadline:
            serial += THREADS
            succeeded, why = submit_once(base_url, form_path, files, serial)
            with lock:
                done[0] += succeeded
                if not succeeded:
                    failures.append(why)

    threads = [threading.Thread(target=client, args=(i + 1,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rate = done[0] / seconds
    ratio = rate / hello_rps
    note = (f"{rate:.1f} submissions/s by {THREADS} Python clients (a 1.5 MB photo and a PDF"
            f" each), {len(failures)} failed")
    return Measure("P4", what, f"{ratio:.3f}", target, ratio >= 0.05 and not failures, note)
