"""Acceptance (issue 21, finding 1): a worker killed with SIGKILL in the middle of a letter or
a message leaves nothing stuck: the watchdog queues the work again, by itself, once."""
import re
import signal
import time
from datetime import timedelta

from redis import Redis
from rq import Queue

from jobs.worker import AppWorker
from portal.extensions import db
from portal.messaging import outbox
from portal.models import Letter, LetterCounter, OutboxMessage, utcnow
from portal.watchdog import HEARTBEAT_KEY, beat, recover_abandoned_work
from tests.fixtures.background import wait_until


def press_print(client, application) -> Letter:
    """The unit's Admin presses "Cetak": the letter has its number and waits for its PDF."""
    assert client.post("/admin/surat/cetak", data={"application_id": application.id}
                       ).status_code == 302
    return db.session.execute(db.select(Letter).filter_by(
        application_id=application.id)).scalar_one()


def slow_renderer(folder, seconds: int):
    """A wkhtmltopdf that says it has started, then takes `seconds` before rendering."""
    started = folder / "render-started"
    script = folder / "wkhtmltopdf-slow"
    script.write_text(f'#!/bin/sh\ntouch {started}\nsleep {seconds}\n'
                      f'exec /usr/bin/wkhtmltopdf "$@"\n')
    script.chmod(0o755)
    return script, started


def rendered(letter_id: int):
    """The letter once its PDF is stored, else None."""
    db.session.expire_all()
    letter = db.session.get(Letter, letter_id)
    return letter if letter.render_status == "ready" else None


def test_a_letter_whose_worker_is_killed_mid_render_is_ready_within_a_minute_with_one_number(
        client, app, own_redis, background, finish_application, officer, switch_officer,
        tmp_path):
    renderer, render_started = slow_renderer(tmp_path, seconds=4)
    app.config.update(REDIS_URL=own_redis.url, WKHTMLTOPDF_PATH=str(renderer))
    application = finish_application("sku")
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    letter = press_print(client, application)
    number = letter.number

    first = background.start(app, "jobs.worker")
    wait_until(render_started.exists, timeout=60)
    first.send_signal(signal.SIGKILL)  # kill -9 in the middle of the rendering
    first.wait(timeout=10)
    restarted = time.monotonic()
    background.start(app, "jobs.worker")
    background.start(app, "jobs.scheduler")

    ready = wait_until(lambda: rendered(letter.id), timeout=60, interval=0.5)

    assert time.monotonic() - restarted < 60
    assert ready.number == number and ready.sequence == 1
    assert db.session.execute(db.select(Letter)).scalars().all() == [ready]
    assert db.session.execute(db.select(LetterCounter.last_sequence)).scalar_one() == 1
    assert ready.render_error == ""
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "Unduh PDF" in page and "Sedang diproses" not in page
    download = client.get(f"/admin/surat/{letter.id}/unduh")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def dead_worker_took(connection, job) -> str:
    """Make `job` look taken by a worker (running, on its list); returns the worker's name."""
    queue = Queue(job.origin, connection=connection)
    worker = AppWorker([queue], connection=connection, app=None)
    worker.prepare_execution(job)
    worker.prepare_job_execution(job)
    return worker.name


def test_an_email_left_sending_by_a_dead_worker_is_sent_again_once(
        make_app, demo, apply_online, smtp_server, own_redis):
    port, inbox = smtp_server
    app = make_app(REDIS_URL=own_redis.url, MAIL_SUPPRESS_SEND=False, MAIL_SERVER="127.0.0.1",
                   MAIL_PORT=port, RECOVERY_GRACE_SECONDS=0)
    connection = Redis.from_url(own_redis.url)
    apply_online(app.test_client())
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    queue = Queue("mail", connection=connection)
    job, _queue = queue.dequeue_any([queue], None, connection=connection)
    assert job.id == f"outbox-{message.id}"
    worker_name = dead_worker_took(connection, job)
    message.status, message.attempts, message.last_attempt_at = "sending", 1, utcnow()
    db.session.commit()
    with app.app_context():
        beat(connection, worker_name, 10)
        assert recover_abandoned_work() == {"jobs": 0, "letters": 0, "messages": 0}
        connection.delete(HEARTBEAT_KEY + worker_name)  # killed: its heartbeat ran out
        assert recover_abandoned_work() == {"jobs": 1, "letters": 0, "messages": 1}

    AppWorker([queue], connection=connection, app=app).work(burst=True)

    assert len(inbox.wait_for(1)) == 1
    db.session.expire_all()
    sent = db.session.get(OutboxMessage, message.id)
    assert (sent.status, sent.attempts) == ("sent", 2)
    assert inbox.messages[0]["Message-ID"].startswith(f"<{sent.idempotency_key}@")
    with app.app_context():
        assert recover_abandoned_work()["messages"] == 0
    assert len(inbox.messages) == 1
    connection.close()


def test_another_job_of_a_dead_worker_is_shown_failed_in_the_job_monitor(
        client, app, own_redis, administrator, login_as):
    app.config["REDIS_URL"] = own_redis.url
    connection = Redis.from_url(own_redis.url)
    queue = Queue("default", connection=connection)
    queue.enqueue("jobs.sweeps.sweep_drafts")
    job, _queue = queue.dequeue_any([queue], None, connection=connection)
    worker_name = dead_worker_took(connection, job)

    assert recover_abandoned_work()["jobs"] == 1

    assert queue.started_job_registry.get_job_ids() == []
    login_as(administrator)
    monitor = client.get("/admin/pekerjaan/").get_data(as_text=True)
    assert f"pekerja {worker_name} berhenti saat menjalankan pekerjaan ini" in monitor
    assert job.id in monitor
    connection.close()


def test_a_whatsapp_left_sending_by_a_dead_worker_is_not_sent_blindly_again(app, own_redis):
    app.config.update(REDIS_URL=own_redis.url, RECOVERY_GRACE_SECONDS=0)
    message = OutboxMessage(channel="whatsapp", recipient="+6281234567890", template="x",
                            payload={}, idempotency_key="wa-1", status="sending", attempts=1,
                            last_attempt_at=utcnow() - timedelta(minutes=1))
    with outbox.relay_paused():  # as if its delivery job had run on the worker that died
        db.session.add(message)
        db.session.commit()

    assert recover_abandoned_work()["messages"] == 0

    db.session.refresh(message)
    assert (message.status, message.last_error) == (
        "unknown", "Pekerja berhenti saat mengirim pesan ini.")
    assert Queue("mail", connection=Redis.from_url(own_redis.url)).count == 0


def test_the_officer_sees_the_automatic_retry_and_may_press_proses_ulang_when_it_lingers(
        client, app, own_redis, finish_application, officer, switch_officer, administrator):
    app.config.update(REDIS_URL=own_redis.url, RECOVERY_GRACE_SECONDS=0)
    application = finish_application("sku")
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    letter = press_print(client, application)
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "Sedang diproses" in page and "Proses ulang" not in page
    Redis.from_url(own_redis.url).flushdb()  # the job is lost

    assert recover_abandoned_work()["letters"] == 1

    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "diproses ulang otomatis (percobaan ke-1)" in page and "Proses ulang" not in page
    app.config["LETTER_STUCK_SECONDS"] = 0
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "Sistem mencobanya lagi otomatis" in page and "Proses ulang" in page
    assert client.post(f"/admin/surat/{letter.id}/ulang").status_code == 302
    assert set(Queue("pdf", connection=Redis.from_url(own_redis.url)).job_ids) == {
        f"letter-render-{letter.id}"}  # queued twice it still renders once (jobs/letters.py)
    switch_officer(administrator)
    monitor = client.get("/admin/pekerjaan/").get_data(as_text=True)
    assert "Pekerja aktif: 0." in monitor
    assert re.search(r"1 surat dan \d+ pesan dijadwalkan ulang", monitor)  # notices lost too


def test_a_letter_that_kills_its_worker_again_and_again_is_left_to_the_officer(
        client, app, own_redis, finish_application, officer, switch_officer):
    app.config.update(REDIS_URL=own_redis.url, RECOVERY_GRACE_SECONDS=0)
    application = finish_application("sku")
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    letter = press_print(client, application)
    letter.render_attempts = 4  # the first try and RQ's three retries each ended in a crash
    db.session.commit()
    Redis.from_url(own_redis.url).flushdb()

    assert recover_abandoned_work()["letters"] == 1

    db.session.refresh(letter)
    assert letter.render_status == "failed"
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "Pekerja berhenti 4 kali" in page and "Proses ulang" in page
