"""Acceptance (issue 21 follow-up): "Proses ulang" on a letter whose rendering job is already
waiting (or running on a live worker) queues nothing more; once that job is gone it queues
the letter again, once."""
from redis import Redis
from rq import Queue

from portal.extensions import db
from portal.letters.issuing import render_job_id
from portal.models import Letter


def _press_print(client, application) -> Letter:
    assert client.post("/admin/surat/cetak", data={"application_id": application.id}
                       ).status_code == 302
    return db.session.execute(db.select(Letter).filter_by(
        application_id=application.id)).scalar_one()


def _press_proses_ulang(client, letter: Letter) -> None:
    answer = client.post(f"/admin/surat/{letter.id}/ulang")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(
        f"/admin/surat/{letter.id}")


def test_proses_ulang_while_the_letters_job_waits_leaves_it_queued_once(
        client, app, own_redis, finish_application, officer, switch_officer):
    app.config.update(REDIS_URL=own_redis.url)  # no worker: the job waits on its queue
    application = finish_application("sku")
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    letter = _press_print(client, application)
    pdf = Queue("pdf", connection=Redis.from_url(own_redis.url))
    assert pdf.job_ids == [render_job_id(letter.id)]

    for _ in range(3):
        _press_proses_ulang(client, letter)
    assert pdf.job_ids == [render_job_id(letter.id)]

    pdf.fetch_job(render_job_id(letter.id)).delete()  # the job is gone (e.g. Redis lost it)
    assert pdf.job_ids == []
    _press_proses_ulang(client, letter)
    _press_proses_ulang(client, letter)
    assert pdf.job_ids == [render_job_id(letter.id)]
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "Surat sedang diproses." in page and page.count("Proses ulang") <= 1
