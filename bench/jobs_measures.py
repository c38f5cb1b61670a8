"""P5 (letter job vs raw wkhtmltopdf) and P6 (enqueue to SMTP receipt) with real RQ workers.

The jobs are the portal's own: `jobs.mail.deliver` (an outbox message id) and
`jobs.letters.render_letter` (a letter id); letters are issued for finished applications
by the Admin of their final unit, as the "Cetak" button does.
"""
import statistics
import subprocess
import threading
import time
from typing import Callable, Optional

from bench.measures import Measure

MAIL_JOB = "jobs.mail.deliver"
LETTER_JOB = "jobs.letters.render_letter"


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
    from portal.workflow import transitions
    from portal.extensions import db
    from portal.models import Application, OutboxMessage, Service, Unit, utcnow
    from portal.workflow.regno import new_reg_no

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
    job_path = MAIL_JOB
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


def issue_letters(application_ids: list[int]) -> list[int]:
    """Issue the letters of finished applications (as their unit's Admin); their ids."""
    from portal.extensions import db
    from portal.letters.issuing import issue_for_application
    from portal.models import Application, Officer

    letter_ids = []
    for application_id in application_ids:
        unit_id = db.session.get(Application, application_id).final_unit_id
        admin = db.session.execute(db.select(Officer).filter_by(
            unit_id=unit_id, position="admin", active=True)).scalars().first()
        letter_ids.append(issue_for_application(application_id, admin).id)
    return letter_ids


def _seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _raw_wkhtmltopdf(html: str) -> None:
    """Debian's wkhtmltopdf with the job's own flags on the same HTML, nothing else."""
    from portal.letters.pdf import wkhtmltopdf_command

    subprocess.run(wkhtmltopdf_command(), input=html.encode("utf-8"), capture_output=True,
                   check=True)


def p5(app, application_ids: list[int]) -> Measure:
    """P5: the letter job ÷ raw wkhtmltopdf on the same HTML (interleaved, in this process)."""
    from jobs.letters import render_letter
    from portal.extensions import db
    from portal.letters.html import letter_html
    from portal.models import Letter

    what, target = "P5 letter job ÷ raw wkhtmltopdf (same HTML)", "≤ 1.10"
    job_s, raw_s = [], []
    with app.app_context():
        for letter_id in issue_letters(application_ids):
            html = letter_html(db.session.get(Letter, letter_id))
            raw_s.append(_seconds(lambda: _raw_wkhtmltopdf(html)))
            job_s.append(_seconds(lambda: render_letter(letter_id)))
            assert db.session.get(Letter, letter_id).render_status == "ready"
    job, raw = statistics.median(job_s) * 1000, statistics.median(raw_s) * 1000
    return Measure("P5", what, f"{job / raw:.2f}", target, job / raw <= 1.10,
                   f"job p50 {job:.0f} ms (load, HTML, QR, PDF, store, commit), raw p50 "
                   f"{raw:.0f} ms over {len(job_s)} letters")


def _drain_seconds(app, application_ids: list[int]) -> float:
    """Issue the letters, enqueue one job each on `pdf`, wait until the workers finished."""
    from rq import Queue
    from rq.registry import StartedJobRegistry

    from portal.queue import enqueue, redis_connection

    with app.app_context():
        queue = Queue("pdf", connection=redis_connection())
        letter_ids = issue_letters(application_ids)
        started = time.perf_counter()
        jobs = [enqueue(LETTER_JOB, i, queue="pdf") for i in letter_ids]
        while len(queue) or len(StartedJobRegistry(queue=queue)):
            time.sleep(0.05)
        failed = [job for job in jobs if job.get_status() != "finished"]
    if failed:
        raise RuntimeError(f"{len(failed)} letter jobs did not finish")
    return time.perf_counter() - started


def p5_workers(app, rq_workers, worker_env: dict, batches: tuple[list, list]) -> Measure:
    """P5: letters per second with two pdf workers ÷ with one (fresh applications each)."""
    what, target = "P5 letter throughput, two pdf workers ÷ one", "≥ 1.8"
    rates = []
    for count, ids in zip((1, 2), batches):
        with rq_workers(count, ["pdf"], worker_env):
            rates.append(len(ids) / _drain_seconds(app, ids))
    ratio = rates[1] / rates[0]
    return Measure("P5", what, f"{ratio:.2f}", target, ratio >= 1.8,
                   f"{rates[0]:.1f} vs {rates[1]:.1f} letters/s")
