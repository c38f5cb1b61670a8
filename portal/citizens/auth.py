"""Citizen login sessions, kept apart from Flask-Login's officer sessions.

A citizen's session holds its own key ('citizen' = 'id:session_token'); Flask-Login's
user loader never reads it, so a citizen can never pass as an officer. NIK + password
login locks the account after repeated failures, like the officers' login.
"""
import hashlib
import secrets
from datetime import timedelta
from functools import cache
from typing import Optional

from flask import current_app, session
from flask_babel import lazy_gettext
from werkzeug.security import check_password_hash, generate_password_hash

from portal.officers import audit
from portal.extensions import db
from portal.officers.lockout import count_failure, is_locked
from portal.models import CitizenAccount, utcnow
from portal.models.citizen import new_session_token
from portal.validators import is_nik

SESSION_KEY = "citizen"
RESET_VALID_FOR = timedelta(hours=1)
LOGIN_FAILED = lazy_gettext(
    "NIK atau kata sandi salah, atau akun belum aktif. Setelah 5 kali salah, akun dikunci "
    "selama 15 menit.")
ACCOUNT_CLOSED_MESSAGE = lazy_gettext(
    "Akun ini sudah ditutup atas permintaan pemiliknya dan tidak dapat dipakai lagi. "
    "Permohonan yang pernah diajukan tetap tersimpan dan dapat dilacak dengan nomor "
    "registrasinya. Hubungi kantor kelurahan bila memerlukan bantuan.")


class AccountClosed(Exception):
    """The NIK and password are right, but the citizen closed the account."""


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("layanan-citizen-timing", method=method)


def current_citizen() -> Optional[CitizenAccount]:
    """The active account logged in on this browser, or None (read afresh at every call)."""
    return _load(session.get(SESSION_KEY, ""))


def _load(value: str) -> Optional[CitizenAccount]:
    row_id, _, token = (value or "").partition(":")
    if not row_id.isdigit() or not token:
        return None
    account = db.session.get(CitizenAccount, int(row_id))
    if account is None or account.status != "active" or account.session_token != token:
        return None
    return account


def log_in(account: CitizenAccount) -> None:
    """Bind this browser's session to the account."""
    session[SESSION_KEY] = f"{account.id}:{account.session_token}"


def log_out() -> None:
    """End the citizen's session on the server too: a copy of this browser's cookie (taken
    from a shared computer or a stolen backup) is refused from now on."""
    account = current_citizen()
    session.pop(SESSION_KEY, None)
    if account is not None:
        account.session_token = new_session_token()
        db.session.commit()


def authenticate(nik: str, password: str) -> Optional[CitizenAccount]:
    """The account when NIK and password match an active, unlocked account; audited.

    Raises AccountClosed when they match a closed account, so the page can say so.
    """
    nik = (nik or "").strip()
    account = db.session.execute(db.select(CitizenAccount).filter_by(
        nik=nik)).scalar_one_or_none() if is_nik(nik) else None
    if account is None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        check_password_hash(_dummy_hash(method), password or "")
        return None
    password_matches = account.check_password(password or "")
    if password_matches and account.status == "closed" and not is_locked(account):
        audit.record("citizen_login_closed_account", "citizen_account", account.id,
                     actor=f"warga {nik}")
        db.session.commit()
        raise AccountClosed()
    if not password_matches or is_locked(account) or account.status != "active":
        if not is_locked(account):
            count_failure(account)
        audit.record("citizen_login_failed", "citizen_account", account.id, actor=f"warga {nik}")
        db.session.commit()
        return None
    account.failed_logins = 0
    account.locked_until = None
    audit.record("citizen_login", "citizen_account", account.id, actor=f"warga {nik}")
    db.session.commit()
    return account


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_reset_token(account: CitizenAccount) -> str:
    """A new single-use reset token (only its hash is stored); the caller commits."""
    token = secrets.token_urlsafe(32)
    account.reset_token_hash = _digest(token)
    account.reset_expires_at = utcnow() + RESET_VALID_FOR
    return token


def account_of_reset_token(token: str) -> Optional[CitizenAccount]:
    """The account of an unused, unexpired reset token, or None."""
    if not token:
        return None
    account = db.session.execute(db.select(CitizenAccount).filter_by(
        reset_token_hash=_digest(token))).scalar_one_or_none()
    if account is None or account.reset_expires_at is None or account.reset_expires_at < utcnow():
        return None
    return account


def reset_password(account: CitizenAccount, password: str) -> None:
    """Set the new password, spend the token and end every other session."""
    account.set_password(password)
    account.reset_token_hash = None
    account.reset_expires_at = None
    account.session_token = new_session_token()
    account.failed_logins = 0
    account.locked_until = None
    audit.record("citizen_password_reset", "citizen_account", account.id,
                 actor=f"warga {account.nik}")
    db.session.commit()
