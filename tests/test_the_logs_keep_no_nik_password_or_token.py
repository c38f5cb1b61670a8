"""Acceptance (issue 21, finding 4): no log line keeps a NIK, a password or a secret token —
neither the app's own log, nor the development server's access log, nor gunicorn's access
log as deploy/gunicorn.conf.py configures it, nor the traceback of a logged exception."""
import io
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from portal.extensions import db
from portal.log_redaction import GunicornLogger

ROOT = Path(__file__).resolve().parent.parent
NIK = "2171064501900001"
TOKEN = "Qm3Ol5DprNyJzUcTmd0rnYUlgyjCDvZe"  # shaped like secrets.token_urlsafe(24)
SIGNED = "eyJhIjo0Mn0.Z1aBcD.q0sXvYb1Kp9Lw2Tz8Rn4Hm6Jc5Fd3Ge7"  # a signed confirmation token


@pytest.fixture
def captured():
    """`captured(name)`: that logger at INFO and the stream its lines go to (removed after)."""
    attached = []

    def capture(logger_name: str) -> tuple[logging.Logger, io.StringIO]:
        stream, logger = io.StringIO(), logging.getLogger(logger_name)
        handler = logging.StreamHandler(stream)
        attached.append((logger, handler, logger.level))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        return logger, stream
    yield capture
    for logger, handler, level in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_the_app_log_keeps_no_nik_password_or_token(app, captured):
    logger, stream = captured("portal.test-redaction")
    logger.info("search nik=%s for %s", NIK, "Siti")
    logger.warning("login failed {'password': 'Rahasia-Sekali-1'} token %s link %s", TOKEN,
                   f"http://localhost/konfirmasi/{SIGNED}")
    text = stream.getvalue()
    assert "Siti" in text and "login failed" in text
    for secret in (NIK, "Rahasia-Sekali-1", TOKEN, SIGNED):
        assert secret not in text


def test_a_logged_exceptions_traceback_keeps_no_nik_or_token(app, captured):
    logger, stream = captured("portal.test-redaction")
    try:  # a failing statement: the database error quotes it, parameters and all
        db.session.execute(text(f"SELECT * FROM no_such_table WHERE nik = '{NIK}' "
                                f"AND token = '{TOKEN}'"))
    except DatabaseError:
        logger.exception("search failed for %s", "Siti")
    db.session.rollback()
    try:
        raise ValueError(f"cannot open http://localhost/konfirmasi/{SIGNED}?nik={NIK}")
    except ValueError:
        logger.error("link failed", exc_info=True, stack_info=True)
    text_logged = stream.getvalue()
    assert "Traceback" in text_logged and "no_such_table" in text_logged
    assert "Stack (most recent call last)" in text_logged and "/konfirmasi/" in text_logged
    for secret in (NIK, TOKEN, SIGNED):
        assert secret not in text_logged


def test_the_development_servers_access_log_keeps_no_token_or_query(app, captured):
    logger, stream = captured("werkzeug")
    logger.info('%s - - [%s] "%s" %s %s', "127.0.0.1", "03/Dec/2026 10:00:00",
                f"GET /perbaikan/{TOKEN} HTTP/1.1", "303", "-")
    logger.info('%s - - [%s] "%s" %s %s', "127.0.0.1", "03/Dec/2026 10:00:01",
                f"GET /admin/data-baru/?search={NIK} HTTP/1.1", "200", "-")
    text = stream.getvalue()
    assert "GET /perbaikan/" in text and "GET /admin/data-baru/" in text
    assert TOKEN not in text and NIK not in text


def _deployed_gunicorn_config(access_log: Path) -> Config:
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    config.set("accesslog", str(access_log))
    return config


def test_gunicorns_access_log_keeps_no_token_query_or_referer(tmp_path):
    config = _deployed_gunicorn_config(tmp_path / "access.log")
    assert config.logger_class is GunicornLogger
    logger = config.logger_class(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/verifikasi/{TOKEN}?nik={NIK}",
               "PATH_INFO": f"/verifikasi/{TOKEN}", "QUERY_STRING": f"nik={NIK}",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.7",
               "HTTP_REFERER": f"https://layanan.example.go.id/konfirmasi/{SIGNED}",
               "HTTP_USER_AGENT": "Mozilla/5.0"}
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12))
    for handler in list(logger.access_log.handlers):
        handler.close()
        logger.access_log.removeHandler(handler)
    line = (tmp_path / "access.log").read_text()
    assert '"GET /verifikasi/' in line and " 200 512 " in line and "10.0.0.7" in line
    for secret in (TOKEN, NIK, SIGNED):
        assert secret not in line
