"""Acceptance: a citizen's photo is checked in the request and re-encoded by a job; an officer
who opens the case before the job ran sees a re-encoded copy, never the raw upload, and after
the job the stored copy itself is re-encoded and free of EXIF (the raw bytes are gone)."""
import hashlib
import io
from datetime import timedelta

import pytest
from PIL import Image
from redis import Redis
from rq import Queue

from jobs.documents import process_document
from jobs.worker import AppWorker
from portal.extensions import db
from portal.files.storage import get_storage
from portal.models import Document
from portal.sweeps import process_raw_uploads
from tests.redis_areas import redis_url

REDIS_URL = redis_url("worker")


def _photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "KameraTest"  # Make
    exif[0x8825] = {1: "S", 2: (1.0, 7.0, 30.0), 3: "E", 4: (104.0, 1.0, 12.0)}  # GPSInfo
    output = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 200)).save(output, format="JPEG", exif=exif)
    return output.getvalue()


def _without_metadata(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return (image.size == (640, 480) and not image.getexif()
                and b"Exif" not in data and b"KameraTest" not in data)


@pytest.fixture
def default_queue():
    """The `default` queue on our own, emptied Redis database (no worker runs it)."""
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield Queue("default", connection=connection)
    connection.flushdb()
    connection.close()


@pytest.fixture
def waiting_photo(make_app, apply_online, advance, default_queue):
    """An application whose photo is stored as received, its re-encoding job still queued."""
    app = make_app(REDIS_URL=REDIS_URL)
    original = _photo_with_gps()
    _, application = apply_online(app.test_client(),
                                  doc_pas_foto=(io.BytesIO(original), "foto.jpg"))
    advance(application)
    photo = next(d for d in application.documents if d.requirement_key == "pas_foto")
    return app, application, photo, original


def test_an_officer_opening_the_case_before_the_job_sees_no_raw_upload(
        waiting_photo, default_queue, officer, login_as):
    app, application, photo, original = waiting_photo
    assert not photo.processed and default_queue.count == 1
    assert get_storage().read(photo.storage_key) == original  # the job has not run

    browser = login_as(officer("Lubuk Baja Kota", "admin"), app.test_client())
    page = browser.get(f"/admin/data-baru/details/?id={application.id}").get_data(as_text=True)
    assert f"/admin/data-baru/document/{photo.id}?inline=1" in page
    shown = browser.get(f"/admin/data-baru/document/{photo.id}?inline=1")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert shown.data != original and _without_metadata(shown.data)


def test_after_the_job_the_stored_copy_is_re_encoded_without_exif_and_the_raw_bytes_are_gone(
        waiting_photo, default_queue):
    app, _, photo, original = waiting_photo
    raw_key = photo.storage_key

    AppWorker([default_queue], connection=default_queue.connection, app=app).work(burst=True)

    db.session.expire_all()
    stored = get_storage().read(photo.storage_key)
    assert photo.processed and photo.storage_key != raw_key
    assert not get_storage().exists(raw_key)
    assert _without_metadata(stored) and stored != original
    assert photo.size == len(stored) and photo.sha256 == hashlib.sha256(stored).hexdigest()
    assert process_document(photo.id) == "skipped"  # once only


def test_a_photo_whose_job_was_lost_is_queued_again_by_the_sweep(waiting_photo, default_queue):
    app, _, photo, _ = waiting_photo
    default_queue.empty()  # the job never reached Redis
    with app.app_context():
        assert process_raw_uploads() == 0  # too recent: its job may still come
    photo.uploaded_at -= timedelta(minutes=10)
    db.session.commit()
    with app.app_context():
        assert process_raw_uploads() == 1
    assert [job.args for job in default_queue.jobs] == [(photo.id,)]
    assert db.session.get(Document, photo.id).processed is False
