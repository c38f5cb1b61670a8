"""Citizens' login lockout: 5 wrong passwords lock the account for 15 minutes (officers:
`login_throttle`, per address)."""
from datetime import timedelta

from portal.models import utcnow

MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)


def is_locked(holder) -> bool:
    """True while an account (anything with `locked_until`) is locked."""
    return holder.locked_until is not None and holder.locked_until > utcnow()


def count_failure(holder) -> None:
    """Record a wrong password; the fifth in a row locks the account."""
    holder.failed_logins = (holder.failed_logins or 0) + 1
    if holder.failed_logins >= MAX_FAILED_LOGINS:
        holder.locked_until = utcnow() + LOCK_DURATION
        holder.failed_logins = 0
