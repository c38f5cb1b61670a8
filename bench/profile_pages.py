"""Where a request's time goes, in process: pyinstrument over N requests of each hot page.

`python -m bench.profile_pages [N]` builds the demo (SQLite in a temporary folder, demo
applications), then profiles the catalogue, tracking, the officer's Data Baru, a search by
name and a citizen's submission with two uploads. It prints the mean milliseconds per request
and each page's pyinstrument summary (`BENCH_PROFILE_HTML=dir` also writes HTML reports).
"""
import io
import os
import re
import sys
import tempfile
import time

from pyinstrument import Profiler

from bench import pages
from bench.submission import _value, sample_files

from portal import create_app
from portal.extensions import db
from portal.models import Application, Officer
from portal.seed import seed_demo

PASSWORD = "layanan-profil-2026"
FORM_PATH = "/layanan/domisili-tempat-tinggal/ajukan"  # the form bench P4 submits


def build_app(folder: str):
    """The demo app on a fresh SQLite database, production-like (no test shortcuts but CSRF)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/profil.db",
                      "STORAGE_DIR": f"{folder}/files", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "LETTER_SIGNING": "none",
                      "MAIL_SUPPRESS_SEND": True})
    with app.app_context():
        db.create_all()
        seed_demo(PASSWORD, with_applications=True)
    return app


def officer_client(app, unit: str = "Lubuk Baja Kota", position: str = "admin"):
    """A test client logged in as the demo officer of a unit and position."""
    with app.app_context():
        officer = db.session.execute(db.select(Officer).join(Officer.unit).where(
            Officer.position == position).filter_by(name=unit)).scalar_one()
        user_id = officer.get_id()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user_id, True
    return client


def submit(client, serial: list) -> None:
    """GET the form, fill every field as the bench's clients do, attach a JPEG and a PDF."""
    html = client.get(FORM_PATH).get_data(as_text=True)
    form = next(f for f in pages.forms_of(html)
                if sum(x["type"] == "file" for x in f["fields"]) >= 2)
    serial[0] += 1
    files, data, uploads = sample_files(), {}, 0
    for field in form["fields"]:
        if field["type"] == "file":
            name, _, content = files[uploads % len(files)]
            data[field["name"]], uploads = (io.BytesIO(content), name), uploads + 1
        elif field["type"] not in ("submit", "button"):
            data[field["name"]] = _value(field, serial[0])
    response = client.post(form["action"] or FORM_PATH, data=data)
    assert response.status_code in (302, 303), re.findall(r"class=\"error[^>]*>([^<]+)", response.get_data(as_text=True))


def profile(name: str, count: int, request) -> None:
    """Run `request()` count times under pyinstrument; print ms per request and the tree."""
    request()  # warm: templates compiled, caches filled
    profiler = Profiler(interval=0.0005)
    started = time.process_time()
    profiler.start()
    for _ in range(count):
        request()
    profiler.stop()
    spent = (time.process_time() - started) * 1000 / count
    print(f"\n=== {name}: {spent:.2f} ms of CPU per request (in process, {count} requests) ===")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    folder = os.environ.get("BENCH_PROFILE_HTML")
    if folder:
        with open(os.path.join(folder, f"{name}.html"), "w", encoding="utf-8") as out:
            out.write(profiler.output_html())


def main() -> int:
    """Profile each hot page of the demo."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory(prefix="layanan-profil-") as folder:
        app = build_app(folder)
        with app.app_context():
            # Not one waiting for its confirmation, as nearly all numbers bench P1 samples.
            sample = db.session.execute(db.select(Application).where(
                Application.status != "terdaftar").limit(1)).scalar_one()
            reg_no, name = sample.reg_no, sample.applicant_name
        visitor, officer = app.test_client(), officer_client(app)
        profile("catalogue", count, lambda: visitor.get("/"))
        profile("tracking", count, lambda: visitor.get(f"/lacak?no={reg_no}"))
        profile("data_baru", count, lambda: officer.get("/admin/data-baru/"))
        profile("search_by_name", count,
                lambda: officer.get(f"/admin/data-selesai/?search={name}"))
        serial = [0]
        profile("submission", max(10, count // 10),
                lambda: submit(app.test_client(), serial))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
