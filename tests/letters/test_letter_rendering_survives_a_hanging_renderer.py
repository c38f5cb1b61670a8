"""Acceptance: rendering runs on the RQ `pdf` queue; a hanging wkhtmltopdf is killed, retried
with back-off and shown as failed, while the officer's pages stay usable."""
import socket

import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from rq.registry import ScheduledJobRegistry

from portal.extensions import db
from portal.models import Letter
from tests.redis_areas import redis_url

REDIS_URL = redis_url("hanging")


@pytest.fixture
def pdf_queue(app, tmp_path):
    """The app on real Redis, with a wkhtmltopdf that hangs; yields the `pdf` queue."""
    hanging = tmp_path / "wkhtmltopdf-hangs"
    hanging.write_text("#!/bin/sh\nsleep 30\n")
    hanging.chmod(0o755)
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app.config.update(REDIS_URL=REDIS_URL, WKHTMLTOPDF_PATH=str(hanging), WKHTMLTOPDF_TIMEOUT=1)
    yield Queue("pdf", connection=connection)
    app.extensions.pop("layanan.redis", None)
    connection.flushdb()
    connection.close()


def work(queue: Queue) -> None:
    """Run the queued jobs in this process (a burst worker, as `python -m jobs.worker` does)."""
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def press_print(client, application) -> Letter:
    """Cetak, then check the renderer was left to the queue: no attempt ran in the request."""
    response = client.post("/admin/surat/cetak", data={"application_id": application.id})
    assert response.status_code == 302
    letter = db.session.execute(db.select(Letter).filter_by(
        application_id=application.id)).scalar_one()
    assert letter.render_attempts == 0, "printing must not wait for the renderer"
    return letter


def test_a_hanging_renderer_is_killed_and_retried_with_back_off(
        client, app, pdf_queue, finish_application, officer, switch_officer):
    application = finish_application("sku")
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    letter = press_print(client, application)
    assert letter.render_status == "pending"
    job = pdf_queue.jobs[0]
    assert job.retries_left == 3 and job.retry_intervals == [30, 120, 600]
    assert "sedang diproses" in client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)

    work(pdf_queue)

    db.session.refresh(letter)
    assert letter.render_status == "failed" and letter.render_attempts == 1
    assert "tidak selesai dalam 1 detik" in letter.render_error
    assert ScheduledJobRegistry(queue=pdf_queue).get_job_ids() == [job.id]  # waits 30 s
    page = client.get(f"/admin/surat/{letter.id}")
    assert page.status_code == 200
    assert "tidak selesai dalam 1 detik" in page.get_data(as_text=True)


def test_failed_attempts_are_retried_until_the_renderer_works_again(
        client, app, pdf_queue, finish_application, officer, switch_officer):
    app.config["LETTER_RENDER_RETRY_INTERVALS"] = (0, 0)
    application = finish_application("sku")
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    letter = press_print(client, application)

    work(pdf_queue)  # three attempts, each killed after 1 s

    db.session.refresh(letter)
    assert (letter.render_status, letter.render_attempts) == ("failed", 3)
    assert letter.storage_key is None
    app.config["WKHTMLTOPDF_PATH"] = "/usr/bin/wkhtmltopdf"
    again = client.post(f"/admin/surat/{letter.id}/ulang")
    assert again.status_code == 302
    work(pdf_queue)
    db.session.refresh(letter)
    assert letter.render_status == "ready" and letter.render_error == ""
    download = client.get(f"/admin/surat/{letter.id}/unduh")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_redis_being_down_keeps_the_letter_and_shows_why(client, app, finish_application,
                                                         officer, switch_officer):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{dead_port}/6"
    application = finish_application("sku")
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    letter = press_print(client, application)
    app.extensions.pop("layanan.redis", None)
    assert letter.sequence == 1
    db.session.refresh(letter)
    assert letter.render_status == "failed" and letter.render_attempts == 0
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "Antrean pekerjaan tidak tersedia" in page and "Proses ulang" in page
