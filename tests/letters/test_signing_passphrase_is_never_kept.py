"""Acceptance: after a signing through Redis and a real RQ worker, the passphrase appears in
no log line, no database row, no Redis key or value, and no job argument."""
import logging
import zlib

import pytest
import redis
from rq import Queue
from sqlalchemy import text

from jobs.worker import AppWorker
from portal.extensions import db
from portal.letters.issuing import letter_of
from portal.models import Base
from tests.fixtures.signing import PASSPHRASE
from tests.redis_areas import redis_url

URL = redis_url("worker")


@pytest.fixture
def queued_app(app, local_signing):
    """Jobs go through Redis (the worker area, emptied before and after)."""
    connection = redis.Redis.from_url(URL)
    connection.flushdb()
    app.config["REDIS_URL"] = URL
    yield connection
    connection.flushdb()


def _redis_bytes(connection) -> bytes:
    """Every key and value in the database, job payloads decompressed."""
    found = []
    for key in connection.scan_iter():
        found.append(key)
        kind = connection.type(key)
        if kind == b"string":
            found.append(connection.get(key) or b"")
        elif kind == b"hash":
            for field, value in connection.hgetall(key).items():
                found += [field, value]
                if field == b"data":
                    found.append(zlib.decompress(value))
        elif kind == b"list":
            found += connection.lrange(key, 0, -1)
        elif kind == b"zset":
            found += [member for member, _ in connection.zrange(key, 0, -1, withscores=True)]
        elif kind == b"set":
            found += list(connection.smembers(key))
    return b"\n".join(found)


def _database_text() -> str:
    rows = []
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            query = text(f'SELECT * FROM "{table.name}"')
            rows += [repr(tuple(row)) for row in connection.execute(query)]
    return "\n".join(rows)


def test_the_passphrase_leaves_no_trace(queued_app, finish_application, officer, sign_as, app,
                                        caplog):
    caplog.set_level(logging.DEBUG)
    application = finish_application("sku")
    letter = letter_of(application.id)
    sign_as(officer("Lubuk Baja Kota", "kepala"), letter, PASSPHRASE)
    assert letter.render_status == "signing"
    [job] = Queue("pdf", connection=queued_app).jobs
    assert PASSPHRASE not in repr(job.args) + repr(job.kwargs)
    assert PASSPHRASE.encode() not in _redis_bytes(queued_app)

    AppWorker([Queue("pdf", connection=queued_app)], connection=queued_app,
              app=app).work(burst=True)
    db.session.expire_all()
    assert letter.render_status == "ready" and letter.is_signed
    assert PASSPHRASE not in caplog.text
    assert PASSPHRASE not in _database_text()
    assert PASSPHRASE.encode() not in _redis_bytes(queued_app)
    assert not list(queued_app.scan_iter("layanan:tte:*")), "the sealed entry is used up"
