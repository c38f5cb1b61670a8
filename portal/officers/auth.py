"""Officer authentication: session loading, NIP + password check with per-address locks,
password rules.

Every login session carries the officer's `session_token`; rotating the token (logout,
password change) ends every session bound to the old one, and a deactivated officer's
sessions stop loading at once.
"""
from functools import cache
from typing import Optional
from urllib.parse import urlsplit

from flask import current_app, g
from flask_babel import lazy_gettext
from werkzeug.security import check_password_hash, generate_password_hash

from portal.officers import audit
from portal.extensions import db
from portal.officers.login_throttle import count_failure, forget_failures, is_locked
from portal.models import Officer
from portal.models.officer import new_session_token
from portal.validators import is_nip

MIN_PASSWORD_LENGTH = 12
# One message for unknown NIP, wrong password and locked address: reveals nothing.
LOGIN_FAILED = lazy_gettext(
    "NIP atau kata sandi salah. Setelah 5 kali salah, percobaan dari perangkat ini ditunda, "
    "makin lama makin panjang.")


@cache
def _dummy_hash(method: str) -> str:
    """Checked when the NIP is unknown, so a failed login takes as long either way."""
    return generate_password_hash("layanan-timing-equaliser", method=method)


def load_officer(user_id: str) -> Optional[Officer]:
    """Return the active officer of a session id 'row:token', or None if it was revoked."""
    row_id, _, token = (user_id or "").partition(":")
    if not row_id.isdigit() or not token:
        return None
    officer = db.session.get(Officer, int(row_id))
    if officer is None or not officer.active or officer.session_token != token:
        return None
    return officer


def forget_cached_officer() -> None:
    """Load the officer afresh for every request, even when an app context spans several."""
    g.pop("_login_user", None)


def _find(nip: str) -> Optional[Officer]:
    if not is_nip(nip):
        return None
    return db.session.execute(db.select(Officer).filter_by(nip=nip)).scalar_one_or_none()


def authenticate(nip: str, password: str) -> Optional[Officer]:
    """The officer when NIP and password match an active account not locked for this address
    (failures audited and committed); `complete_login` once the login steps are passed."""
    nip = (nip or "").strip()
    officer = _find(nip)
    if officer is None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        check_password_hash(_dummy_hash(method), password or "")
        audit.record("login_failed", "officer", "", {"nip": nip[:18]}, actor=nip[:18])
        db.session.commit()
        return None
    matches = officer.check_password(password or "")
    locked = is_locked(officer)
    if not matches or locked or not officer.active:
        if not locked:
            count_failure(officer)
        audit.record("login_failed", "officer", officer.id, {"nip": nip}, officer=officer)
        db.session.commit()
        return None
    return officer


def complete_login(officer: Officer) -> None:
    """Every login step passed: clear this address's wrong attempts; audited, committed."""
    forget_failures(officer)
    audit.record("login", "officer", officer.id, officer=officer)
    db.session.commit()


def end_all_sessions(officer: Officer) -> None:
    """Invalidate every login session of the officer (the caller commits)."""
    officer.session_token = new_session_token()


def password_problems(officer: Officer, new_password: str) -> list:
    """Why a new password is not acceptable (empty when it is)."""
    rules = (
        (len(new_password) >= MIN_PASSWORD_LENGTH,
         lazy_gettext("Kata sandi minimal 12 karakter.")),
        (new_password.strip() != officer.nip and officer.nip not in new_password,
         lazy_gettext("Kata sandi tidak boleh memuat NIP.")),
        (not officer.check_password(new_password),
         lazy_gettext("Kata sandi baru harus berbeda dari kata sandi lama.")),
    )
    return [message for ok, message in rules if not ok]


def is_safe_next(target: Optional[str]) -> bool:
    """True for a path on this site ('/admin/...'); false for other hosts or schemes."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") \
        and not target.startswith("//")
