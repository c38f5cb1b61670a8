"""The links citizens get by email: a signed 48-hour confirmation link, and the correction link.

The confirmation token is signed with the app's secret key (nothing stored); its clock is
`utcnow()`, so tests can freeze time. The correction link is the random secret of
`portal.citizens.secret_links`, issued when an officer returns the application.
"""
import calendar
from datetime import timedelta
from typing import Optional

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from portal.citizens.secret_links import issue_token
from portal.extensions import db
from portal.models import Application, History, OutboxMessage, utcnow
from portal.workflow.engine import Decision

CONFIRMATION_VALID_FOR = timedelta(hours=48)
SALT = "layanan.confirm-application"


class ClockSigner(TimestampSigner):
    """A timestamp signer that reads the portal's clock (frozen in tests)."""

    def get_timestamp(self) -> int:
        """Seconds since the epoch, from `utcnow()`."""
        return calendar.timegm(utcnow().timetuple())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT,
                                  signer=ClockSigner)


def confirmation_token(application_id: int) -> str:
    """A signed token naming the application, valid for 48 hours from now."""
    return _serializer().dumps({"a": application_id})


def read_confirmation_token(token: str) -> tuple[Optional[int], bool]:
    """(application id, expired?) of a token; (None, False) when it is not ours."""
    max_age = int(CONFIRMATION_VALID_FOR.total_seconds())
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as expired:
        return _application_id(_serializer().load_payload(expired.payload)), True
    except BadSignature:
        return None, False
    return _application_id(data), False


def _application_id(data) -> Optional[int]:
    value = data.get("a") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def _citizen_email_row(history: History) -> Optional[OutboxMessage]:
    """The citizen email the status listener just queued for this history row."""
    key = f"history-{history.id}-citizen-email"
    for item in db.session.new:
        if isinstance(item, OutboxMessage) and item.idempotency_key == key:
            return item
    return None


def citizen_link_listener(application: Application, decision: Decision,
                          history: History) -> None:
    """Put the confirmation link (on submission) or a new correction link (on return) in the email."""
    extra = {}
    if decision.action == "submit":
        extra["confirm_token"] = confirmation_token(application.id)
    elif decision.action == "return":
        extra["correction_token"] = issue_token(application)
    message = _citizen_email_row(history)
    if extra and message is not None:
        message.payload = {**(message.payload or {}), **extra}
