"""Wrong officer passwords lock one (account, address) pair with growing delays, not the account.

NIPs are public (printed on every letter), so a lock on the account itself would let anyone
lock a Camat out. Five wrong passwords from one address lock that address out of that account
for a minute, each further one doubles the wait (at most an hour); the officer logs in from
anywhere else as usual. The first lock of an episode emails the officer and every lock is
audited.
"""
from datetime import timedelta
from typing import Optional

from flask import has_request_context, request

from portal.extensions import db
from portal.messaging.citizen_notices import queue_message
from portal.models import LoginThrottle, Officer, utcnow
from portal.officers import audit

FREE_FAILURES = 4  # wrong passwords from one address before the first delay
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=1)
# A new alert goes out when the last one is older than this (and after each successful login).
ALERT_EPISODE = timedelta(days=1)


def _address() -> str:
    return (request.remote_addr or "")[:45] if has_request_context() else ""


def _throttle(officer: Officer) -> Optional[LoginThrottle]:
    return db.session.execute(db.select(LoginThrottle).filter_by(
        officer_id=officer.id, address=_address())).scalar_one_or_none()


def is_locked(officer: Officer) -> bool:
    """True while this address is locked out of the officer's account."""
    throttle = _throttle(officer)
    return bool(throttle and throttle.locked_until and throttle.locked_until > utcnow())


def delay_after(failures: int) -> timedelta:
    """How long an address waits after its n-th wrong password in a row (zero at first)."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES - 1), LONGEST_DELAY)


def count_failure(officer: Officer) -> None:
    """Count a wrong password from this address; lock, audit and alert once it is one too many."""
    throttle = _throttle(officer)
    if throttle is None:
        throttle = LoginThrottle(officer_id=officer.id, address=_address(), failures=0)
        db.session.add(throttle)
    throttle.failures += 1
    delay = delay_after(throttle.failures)
    if not delay:
        return
    throttle.locked_until = utcnow() + delay
    audit.record("login_locked", "officer", officer.id,
                 {"failures": throttle.failures, "minutes": int(delay.total_seconds() // 60)},
                 officer=officer)
    _alert(officer)


def _alert(officer: Officer) -> None:
    """Email the officer that someone is trying their password, once per episode."""
    now = utcnow()
    if not officer.email or (officer.login_alert_at and now - officer.login_alert_at < ALERT_EPISODE):
        return
    officer.login_alert_at = now
    queue_message("email", officer.email, "officer_login_attack",
                  {"officer_name": officer.name, "nip": officer.nip, "address": _address()},
                  key=f"officer-{officer.id}-login-attack-{now.isoformat()}")


def forget_failures(officer: Officer) -> None:
    """A successful login clears this address's count and starts a new alert episode."""
    throttle = _throttle(officer)
    if throttle is not None:
        db.session.delete(throttle)
    officer.login_alert_at = None


def unlock_everywhere(officer: Officer) -> None:
    """Lift every address's lock on the account (the Administrator's password reset)."""
    db.session.execute(db.delete(LoginThrottle).filter_by(officer_id=officer.id))
