"""Acceptance: a worker with nothing to do for longer than the Redis socket timeout of web
requests keeps listening, and takes up the next letter at once (it used to quit, "Redis
connection timeout", as soon as it had been idle for a few seconds)."""
import time

from tests.fixtures.background import print_and_wait_for_the_letter, wait_until


def test_a_worker_idle_past_the_socket_timeout_still_renders_the_next_letter(
        client, app, background, own_redis, finish_application, officer, switch_officer,
        tmp_path):
    app.config.update(REDIS_URL=own_redis.url)
    worker = background.start(app, "jobs.worker")
    log = tmp_path / "jobs.worker-0.log"
    wait_until(lambda: "Listening on" in log.read_text(), timeout=60)

    time.sleep(13)  # idle, well past the socket timeout
    assert worker.poll() is None, log.read_text()[-2000:]
    application = finish_application("sku")
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    print_and_wait_for_the_letter(client, application)
    time.sleep(13)  # idle again after jobs
    assert worker.poll() is None and "connection timeout" not in log.read_text()
