"""P5 (letter job vs raw wkhtmltopdf) and P6 (enqueue to SMTP receipt) with real RQ workers.

The jobs belong to other parts of the portal; they are found by name (first match in the
candidate modules) or pinned with BENCH_MAIL_JOB / BENCH_LETTER_JOB / BENCH_LETTER_HTML
(dotted paths). Each takes one id, as every job of the portal does.
"""
import importlib
import os
import statistics
import subprocess
import tempfile
import threading
import time
from typing import Callable, Optional

from bench.measures import Measure

MISSING = "n/a (job missing)"

MAIL_CANDIDATES = (("jobs.mail", "jobs.email", "jobs.outbox", "jobs.notifications"),
                   ("deliver", "deliver_message", "send_message", "send_outbox_message",
                    "deliver_outbox_message", "send_email"))
LETTER_CANDIDATES = (("jobs.letters", "jobs.pdf"),
                     ("render_letter", "render_letter_pdf", "build_letter", "print_letter"))
HTML_CANDIDATES = (("jobs.letters", "portal.letters"), ("letter_html", "render_letter_html"))


def find_job(env_name: str, candidates: tuple) -> Optional[str]:
    """Dotted path of the job function: pinned in the environment, or found by name."""
    if os.environ.get(env_name):
        return os.environ[env_name]
    modules, names = candidates
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            if callable(getattr(module, name, None)):
                return f"{module_name}.{name}"
    return None


class Inbox:
    """An aiosmtpd server on a free port that notes when each recipient got mail."""

    def __init__(self):
        from tests.smtp_sink import free_port, import_aiosmtpd

        self.received: dict[str, float] = {}
        self.arrived = threading.Condition()
        self.controller = import_aiosmtpd().Controller(self, hostname="127.0.0.1",
                                                      port=free_port())

    async def handle_DATA(self, server, session, envelope):
        """aiosmtpd hook: record the receipt time of every recipient."""
        with self.arrived:
            for recipient in envelope.rcpt_tos:
                self.received[recipient] = time.perf_counter()
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, recipient: str, seconds: float) -> Optional[float]:
        """The receipt time of mail to `recipient`, or None after `seconds`."""
        with self.arrived:
            self.arrived.wait_for(lambda: recipient in self.received, timeout=seconds)
            return self.received.get(recipient)


def _new_application(index: int):
    from portal import transitions
    from portal.extensions import db
    from portal.models import Application, OutboxMessage, Service, Unit, utcnow
    from portal.regno import new_reg_no

    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    home = db.session.execute(db.select(Unit).filter_by(name="Lubuk Baja Kota")).scalar_one()
    email = f"p6-{index}-{time.time_ns()}@contoh.id"
    application = Application(
        reg_no=new_reg_no(home.short_code, utcnow()), service=service, home_unit=home,
        applicant_nik="2171064501900001", applicant_kk="2171060101200001",
        applicant_name="Siti Rahmawati", applicant_email=email,
        applicant_phone="+6281234567890", form_data={},
        definition_snapshot=service.definition_snapshot())
    transitions.register(application)
    outbox = db.session.execute(db.select(OutboxMessage.id).filter_by(
        application_id=application.id)).scalars().first()
    return email, outbox


def mail_latency(app, inbox: Inbox, job_path: str, samples: int = 20) -> list[float]:
    """ms from the submission's commit (and the explicit enqueue) to the SMTP receipt."""
    from portal.queue import enqueue

    timings = []
    with app.app_context():
        for index in range(samples + 2):  # the first two warm the worker up
            started = time.perf_counter()
            email, outbox_id = _new_application(index)
            if email not in inbox.received:
                enqueue(job_path, outbox_id, queue="mail")
            received = inbox.wait_for(email, 10)
            if received is not None and index >= 2:
                timings.append((received - started) * 1000)
    return timings


def p6(app_factory: Callable, worker_env: dict, rq_workers) -> Measure:
    """P6: p50 of enqueue -> SMTP receipt of the confirmation email, one warm worker."""
    what, target = "P6 enqueue → SMTP receipt of a confirmation email, p50", "≤ 50 ms"
    job_path = find_job("BENCH_MAIL_JOB", MAIL_CANDIDATES)
    if job_path is None:
        return Measure("P6", what, MISSING, target, None, "no mail job in jobs/ yet")
    inbox = Inbox()
    inbox.controller.start()
    try:
        port = inbox.controller.port
        mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_SUPPRESS_SEND": False}
        with rq_workers(1, ["mail"], {**worker_env, "MAIL_SERVER": "127.0.0.1",
                                      "MAIL_PORT": str(port)}):
            timings = mail_latency(app_factory(mail), inbox, job_path)
    finally:
        inbox.controller.stop()
    if not timings:
        return Measure("P6", what, "n/a (no mail arrived)", target, None, job_path)
    p50 = statistics.median(timings)
    return Measure("P6", what, f"{p50:.1f} ms", target, p50 <= 50,
                   f"{len(timings)} emails via `{job_path}`, max {max(timings):.0f} ms")


def raw_wkhtmltopdf_ms(html: str) -> float:
    """Wall time of Debian's wkhtmltopdf on the same HTML, from a file."""
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "letter.html")
        with open(source, "w", encoding="utf-8") as handle:
            handle.write(html)
        started = time.perf_counter()
        subprocess.run(["wkhtmltopdf", "--quiet", "--disable-javascript", source,
                        os.path.join(folder, "letter.pdf")], check=True)
        return (time.perf_counter() - started) * 1000


def p5(app, application_ids: list[int]) -> Measure:
    """P5: the letter job ÷ raw wkhtmltopdf on the same HTML (in this process, sequentially)."""
    from werkzeug.utils import import_string

    what, target = "P5 letter job ÷ raw wkhtmltopdf (same HTML)", "≤ 1.10"
    job_path = find_job("BENCH_LETTER_JOB", LETTER_CANDIDATES)
    html_path = find_job("BENCH_LETTER_HTML", HTML_CANDIDATES)
    if job_path is None or html_path is None:
        return Measure("P5", what, MISSING, target, None, "no letter job / HTML hook yet")
    job, render_html = import_string(job_path), import_string(html_path)
    job_ms, raw_ms = [], []
    with app.app_context():
        for application_id in application_ids:
            started = time.perf_counter()
            job(application_id)
            job_ms.append((time.perf_counter() - started) * 1000)
            raw_ms.append(raw_wkhtmltopdf_ms(render_html(application_id)))
    ratio = statistics.median(job_ms) / statistics.median(raw_ms)
    return Measure("P5", what, f"{ratio:.2f}", target, ratio <= 1.10,
                   f"job p50 {statistics.median(job_ms):.0f} ms, raw p50 "
                   f"{statistics.median(raw_ms):.0f} ms over {len(job_ms)} letters")


def _drain_seconds(app, job_path: str, application_ids: list[int]) -> float:
    """Enqueue one letter job per id on `pdf` and wait until the workers finished them all."""
    from rq import Queue
    from rq.registry import StartedJobRegistry

    from portal.queue import enqueue, redis_connection

    with app.app_context():
        queue = Queue("pdf", connection=redis_connection())
        started = time.perf_counter()
        jobs = [enqueue(job_path, i, queue="pdf") for i in application_ids]
        while len(queue) or len(StartedJobRegistry(queue=queue)):
            time.sleep(0.05)
        failed = [job for job in jobs if job.get_status() != "finished"]
    if failed:
        raise RuntimeError(f"{len(failed)} letter jobs did not finish")
    return time.perf_counter() - started


def p5_workers(app, rq_workers, worker_env: dict, batches: tuple[list, list]) -> Measure:
    """P5: letters per second with two pdf workers ÷ with one (fresh applications each)."""
    what, target = "P5 letter throughput, two pdf workers ÷ one", "≥ 1.8"
    job_path = find_job("BENCH_LETTER_JOB", LETTER_CANDIDATES)
    if job_path is None:
        return Measure("P5", what, MISSING, target, None, "no letter job yet")
    rates = []
    for count, ids in zip((1, 2), batches):
        with rq_workers(count, ["pdf"], worker_env):
            rates.append(len(ids) / _drain_seconds(app, job_path, ids))
    ratio = rates[1] / rates[0]
    return Measure("P5", what, f"{ratio:.2f}", target, ratio >= 1.8,
                   f"{rates[0]:.1f} vs {rates[1]:.1f} letters/s")
