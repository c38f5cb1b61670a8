"""Benchmark (not a test): the letter job's time divided by raw wkhtmltopdf on the same HTML.

    .venv/bin/python -m bench.letters [rounds]

Both run in the same process and run, interleaved, on a throwaway SQLite database. The job
includes loading the letter, building its context and QR code, rendering the HTML, running
wkhtmltopdf, storing the PDF with its SHA-256 and committing. Target: ratio <= 1.10.
"""
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portal import create_app, transitions
from portal.extensions import db
from portal.letter_html import letter_html
from portal.letters import issue_for_application
from portal.models import Application, Letter, Officer, Service, Unit, utcnow
from portal.regno import new_reg_no
from portal.seed import seed_demo

TARGET = 1.10


def _finished_application(service: Service, home: Unit) -> Application:
    application = Application(
        reg_no=new_reg_no(home.short_code, utcnow()), service=service, home_unit=home,
        applicant_nik="2171064501900001", applicant_kk="2171060101200001",
        applicant_name="Siti Rahmawati", applicant_email="siti@contoh.id",
        applicant_phone="+6281234567890", applicant_address="Jl. Duyung No. 5",
        form_data={f.name: (f.option_list[0] if f.option_list else "1990-05-17"
                            if f.type == "date" else "Contoh") for f in service.fields},
        definition_snapshot=service.definition_snapshot())
    transitions.register(application)
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    while application.status != "selesai":
        approver = db.session.execute(db.select(Officer).filter_by(
            unit_id=application.pending_unit_id, position=application.pending_step)).scalar_one()
        transitions.perform(application.id, "approve", transitions.actor_for(approver),
                            expected_version=application.version)
    return application


def _letters(count: int) -> list[int]:
    units = seed_demo("bench-password-2026", with_applications=False)
    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    home = units["Lubuk Baja Kota"]
    admin = db.session.execute(db.select(Officer).filter_by(
        unit_id=home.id, position="admin")).scalar_one()
    return [issue_for_application(_finished_application(service, home).id, admin).id
            for _ in range(count)]


def _time(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _raw_wkhtmltopdf(html: str) -> None:
    from jobs.letters import wkhtmltopdf_command

    subprocess.run(wkhtmltopdf_command(), input=html.encode("utf-8"), capture_output=True,
                   check=True)


def measure(rounds: int) -> tuple[float, float]:
    """Median seconds of (letter job, raw wkhtmltopdf), interleaved over `rounds` letters."""
    from jobs.letters import render_letter

    job_times, raw_times = [], []
    for letter_id in _letters(rounds):
        html = letter_html(db.session.get(Letter, letter_id))
        raw_times.append(_time(lambda: _raw_wkhtmltopdf(html)))
        job_times.append(_time(lambda: render_letter(letter_id)))
        assert db.session.get(Letter, letter_id).render_status == "ready"
    return statistics.median(job_times), statistics.median(raw_times)


def main(argv=None) -> int:
    """Print the ratio; exit status 1 when it misses the target."""
    rounds = int((argv if argv is not None else sys.argv[1:] or ["10"])[0])
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}",
                          "STORAGE_DIR": str(Path(folder) / "files"), "REDIS_URL": None,
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
        with app.app_context():
            db.create_all()
            job, raw = measure(rounds)
            db.session.remove()
            db.engine.dispose()
    ratio = job / raw
    print(f"letter job {job * 1000:.0f} ms / raw wkhtmltopdf {raw * 1000:.0f} ms "
          f"= {ratio:.3f} (target <= {TARGET:.2f}, median of {rounds})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
