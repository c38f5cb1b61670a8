"""Logs never keep a secret: tokens in link paths, query strings, NIKs and passwords are cut.

`redact` is applied to every log record of the process (`install_log_redaction`, called by
`create_app`): the app's own messages, werkzeug's development-server access log, gunicorn's
and RQ's, and the traceback and stack of a record (an exception's text may quote a failing
SQL statement or URL): they are formatted once, redacted, and kept as the record's text. `GunicornLogger` (deploy/gunicorn.conf.py) redacts the access log's atoms too, so
a custom `access_log_format` cannot bring a token back.
"""
import logging
import re

from gunicorn.glogging import Logger

REDACTED = "[***]"
# Paths whose next segment is a secret: the citizens' links, the QR link, the webhook secret.
SECRET_PATH = re.compile(
    r"(/(?:akun/)?(?:konfirmasi|perbaikan|survei|sandi-baru|email-baru|verifikasi|"
    r"surat/unduh|webhooks/wa/fonnte)/)[^/\s?\"']+")
QUERY_STRING = re.compile(r"(/[^\s?\"']*)\?[^\s\"']+")
NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")  # also a KK number
PASSWORD = re.compile(r"((?:password|sandi|passwd)\w*['\"]?\s*[=:]\s*['\"]?)[^\s&'\",}]+",
                      re.IGNORECASE)
# Signed links (itsdangerous: payload.timestamp.signature) and long random URL-safe tokens
# (with a capital letter: job ids and hex digests, lower case, stay readable).
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}"
                   r"|\b(?=[a-z0-9_-]*[A-Z])[A-Za-z0-9_-]{32,}")
RULES = ((SECRET_PATH, r"\1" + REDACTED), (QUERY_STRING, r"\1?" + REDACTED),
         (PASSWORD, r"\1" + REDACTED), (TOKEN, REDACTED), (NIK, REDACTED))
_installed = False
_TRACEBACKS = logging.Formatter()


def redact(text: str) -> str:
    """The text without secret path segments, query strings, passwords, tokens and NIKs."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def install_log_redaction() -> None:
    """Redact every log record this process creates from now on (once per process)."""
    global _installed  # noqa: PLW0603 - one record factory per process
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def redacted_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            record.msg, record.args = redact(record.getMessage()), ()
        except Exception:  # noqa: BLE001 - a malformed message is reported when emitted
            pass
        _redact_traceback(record)
        return record
    logging.setLogRecordFactory(redacted_record)
    _installed = True


def _redact_traceback(record: logging.LogRecord) -> None:
    """Format the record's exception and stack now, redacted; formatters print that text."""
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(_TRACEBACKS.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class GunicornLogger(Logger):
    """gunicorn's logger with the access log's request line, path, query and referrer redacted."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        """The access-log atoms, each redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value
                for key, value in atoms.items()}
