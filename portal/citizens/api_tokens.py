"""Logins of programs (the citizen API): opaque bearer tokens and one-time login codes.

A token is random, handed out once and stored only as its SHA-256, with an expiry; logging
out revokes it, and anything that ends the account's browser sessions (a password change or
reset, closing the account: they rotate `CitizenAccount.session_token`) ends every token
too. A login code is six digits sent on the account's own channels (WhatsApp with email as
its fallback, or email), good once, for a few minutes and a few tries; wrong codes count
towards the same lockout as wrong passwords.
"""
import hashlib
import secrets
from datetime import timedelta
from typing import Optional

from flask import current_app

from portal.extensions import db
from portal.messaging.citizen_notices import notify_account
from portal.models import ApiToken, CitizenAccount, LoginCode, utcnow
from portal.officers import audit
from portal.officers.lockout import count_failure, is_locked
from portal.validators import is_nik

CODE_DIGITS = 6
CODE_ATTEMPTS = 5


def digest(secret: str) -> str:
    """The SHA-256 (hex) under which a token or code is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _actor(account: CitizenAccount) -> str:
    return f"warga {account.nik}"


def issue(account: CitizenAccount) -> tuple[str, ApiToken]:
    """A new bearer token for the account (the only time it is seen) and its row; committed."""
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(days=current_app.config["API_TOKEN_DAYS"])
    row = ApiToken(account_id=account.id, token_hash=digest(token),
                   session_digest=digest(account.session_token), expires_at=utcnow() + lifetime)
    db.session.add(row)
    db.session.commit()
    return token, row


def find(token: str) -> Optional[ApiToken]:
    """The token's row when it is valid now: unexpired, not revoked, its account still active
    and its sessions not ended since; else None."""
    if not token or len(token) > 200:
        return None
    row = db.session.execute(db.select(ApiToken).filter_by(
        token_hash=digest(token))).scalar_one_or_none()
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    account = row.account
    if account.status != "active" or digest(account.session_token) != row.session_digest:
        return None
    return row


def revoke(row: ApiToken) -> None:
    """Log a program out: the token stops working at once."""
    row.revoked_at = row.revoked_at or utcnow()
    audit.record("citizen_api_logout", "citizen_account", row.account_id,
                 actor=_actor(row.account))
    db.session.commit()


def _active_account(nik: str) -> Optional[CitizenAccount]:
    nik = (nik or "").strip()
    if not is_nik(nik):
        return None
    account = db.session.execute(db.select(CitizenAccount).filter_by(
        nik=nik)).scalar_one_or_none()
    return account if account is not None and account.status == "active" else None


def send_login_code(nik: str) -> None:
    """Send a fresh code to an active, unlocked account's channels; silently nothing else.

    Earlier unused codes stop working, so only the latest message counts.
    """
    account = _active_account(nik)
    if account is None or is_locked(account):
        return
    now = utcnow()
    db.session.execute(db.update(LoginCode).where(
        LoginCode.account_id == account.id, LoginCode.used_at.is_(None)).values(used_at=now))
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    minutes = current_app.config["API_LOGIN_CODE_MINUTES"]
    row = LoginCode(account_id=account.id, code_hash=digest(f"{account.id}:{code}"),
                    expires_at=now + timedelta(minutes=minutes))
    db.session.add(row)
    db.session.flush()
    notify_account(account, "citizen_login_code",
                   {"name": account.name, "code": code, "minutes": minutes},
                   key=f"login-code-{row.id}")
    audit.record("citizen_login_code_sent", "citizen_account", account.id, actor=_actor(account))
    db.session.commit()


def _latest_code(account: CitizenAccount) -> Optional[LoginCode]:
    return db.session.execute(db.select(LoginCode).filter_by(
        account_id=account.id, used_at=None).order_by(LoginCode.id.desc()).limit(1)
    ).scalar_one_or_none()


def authenticate_code(nik: str, code: str) -> Optional[CitizenAccount]:
    """The account when `code` is its latest unused, unexpired code; audited either way."""
    account = _active_account(nik)
    if account is None or is_locked(account):
        return None
    row = _latest_code(account)
    usable = row is not None and row.expires_at > utcnow() and row.attempts < CODE_ATTEMPTS
    if usable and secrets.compare_digest(row.code_hash, digest(f"{account.id}:{code or ''}")):
        row.used_at = utcnow()
        account.failed_logins, account.locked_until = 0, None
        audit.record("citizen_login_by_code", "citizen_account", account.id,
                     actor=_actor(account))
        db.session.commit()
        return account
    if row is not None:
        row.attempts += 1
    count_failure(account)
    audit.record("citizen_login_failed", "citizen_account", account.id, actor=_actor(account))
    db.session.commit()
    return None
