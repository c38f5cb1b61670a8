"""The links citizens get in notices: a signed 48-hour confirmation link, and the correction link.

The confirmation token is signed with the app's secret key (nothing stored); its clock is
`utcnow()`, so tests can freeze time. The correction link is the random secret of
`portal.citizens.secret_links`, issued when an officer returns the application. A citizen
who lost the confirmation link asks for it again on the tracking page
(`resend_confirmation`), a few times a day, to the contact given on the form.
"""
import calendar
from datetime import timedelta
from typing import Optional

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import distinct, func

from portal.citizens.secret_links import CORRECTION, issue_token, use_up
from portal.extensions import db
from portal.messaging.citizen_notices import notify_applicant
from portal.messaging.milestones import notice_key
from portal.models import Application, History, OutboxMessage, utcnow
from portal.workflow.engine import Decision
from portal.workflow.transitions import load_for_update

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


def _notice_rows(history: History) -> list[OutboxMessage]:
    """The rows (one per channel) of the notice the status listener just wrote for this row."""
    key = notice_key(history)
    return [item for item in db.session.new
            if isinstance(item, OutboxMessage) and item.notice_key == key]


def citizen_link_listener(application: Application, decision: Decision,
                          history: History) -> None:
    """Put the confirmation link (on submission) or a new correction link (on return) in the
    notice's rows; leaving the returned state (resubmitted, withdrawn) uses the correction
    link up."""
    extra, rows = {}, _notice_rows(history)  # before a query flushes them out of `new`
    if decision.action == "submit" and decision.to_status == "terdaftar":
        extra["confirm_token"] = confirmation_token(application.id)
    elif decision.action == "return":
        extra["correction_token"] = issue_token(application, CORRECTION)
    elif decision.from_status == "dikembalikan":
        use_up(application, CORRECTION)
    for message in rows if extra else ():
        message.payload = {**(message.payload or {}), **extra}


RESEND_PREFIX = "confirm-resend-"


def _resends(application_id: int, since=None) -> int:
    query = db.select(func.count(distinct(OutboxMessage.notice_key))).where(
        OutboxMessage.notice_key.like(f"{RESEND_PREFIX}{application_id}-%"))
    if since is not None:
        query = query.where(OutboxMessage.created_at >= since)
    return db.session.scalar(query)


def resend_confirmation(application_id: int) -> str:
    """Send a new confirmation link to the contact on the form: 'sent', 'limit' or 'not_waiting'.

    The application row is locked, so two clicks at once cannot both pass the daily limit.
    """
    try:
        application = load_for_update(application_id)
        if application.status != "terdaftar":
            return "not_waiting"
        limit = current_app.config["CONFIRMATION_RESENDS_PER_DAY"]
        if _resends(application_id, utcnow() - timedelta(days=1)) >= limit:
            return "limit"
        payload = {"reg_no": application.reg_no, "service": application.service.name,
                   "status": application.status, "status_label": application.status_label,
                   "confirm_token": confirmation_token(application_id)}
        key = f"{RESEND_PREFIX}{application_id}-{_resends(application_id) + 1}"
        notify_applicant(application, "citizen_submitted", payload, key)
        db.session.commit()
        return "sent"
    finally:
        db.session.rollback()  # ends the lock when nothing was written
