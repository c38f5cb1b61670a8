"""The officers' second factor: TOTP codes from an authenticator app, and recovery codes.

Required for the Administrator, optional for other officers. The TOTP secret is stored sealed
(`portal.sealing`, a key derived from SECRET_KEY); each accepted time step is remembered so a
code cannot be replayed. Recovery codes are shown once, stored as SHA-256 and used up on use.
"""
import hashlib
import hmac
import secrets
from datetime import timezone
from typing import Optional

import pyotp
import segno
from cryptography.fernet import InvalidToken
from flask import current_app

from portal.extensions import db
from portal.models import Officer, RecoveryCode, utcnow
from portal.officers import audit
from portal.sealing import fernet_for

RECOVERY_CODES = 10
ACCEPTED_DRIFT = 1  # time steps (of 30 s) either side of now: clocks of phones drift


def _fernet():
    return fernet_for(b"layanan.totp", b"officer second factor")


def seal(secret: str) -> str:
    """A TOTP secret encrypted for storage (also for the session during enrolment)."""
    return _fernet().encrypt(secret.encode("ascii")).decode("ascii")


def unseal(sealed: str) -> Optional[str]:
    """The TOTP secret of a sealed value; None when it cannot be opened (SECRET_KEY changed)."""
    try:
        return _fernet().decrypt(sealed.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError):
        return None


def new_secret() -> str:
    """A fresh random TOTP secret (base32)."""
    return pyotp.random_base32()


def enrolment_qr(officer: Officer, secret: str) -> str:
    """A data: URI of the QR code an authenticator app scans (issuer Layanan, account NIP)."""
    issuer = f"Layanan {current_app.config['CITY_NAME']}"
    uri = pyotp.TOTP(secret).provisioning_uri(name=officer.nip, issuer_name=issuer)
    return segno.make_qr(uri, error="m").png_data_uri(scale=5, border=2)


def _current_step() -> int:
    return int(utcnow().replace(tzinfo=timezone.utc).timestamp()) // 30


def _matching_step(secret: str, code: str, after: Optional[int]) -> Optional[int]:
    """The time step near now whose code this is and that is later than `after`, if any."""
    totp, now = pyotp.TOTP(secret), _current_step()
    for step in range(now - ACCEPTED_DRIFT, now + ACCEPTED_DRIFT + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _code_hash(code: str) -> str:
    return hashlib.sha256(_normalised(code).encode("ascii", "ignore")).hexdigest()


def _normalised(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _new_recovery_codes(officer: Officer) -> list[str]:
    db.session.execute(db.delete(RecoveryCode).filter_by(officer_id=officer.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(officer_id=officer.id, code_hash=_code_hash(code))
                       for code in codes)
    return codes


def enrol(officer: Officer, secret: str, code: str) -> Optional[list[str]]:
    """Turn the second factor on when `code` matches the new secret; audited, committed.

    Returns the recovery codes to show once, or None when the code is wrong.
    """
    step = _matching_step(secret, _normalised(code), None)
    if step is None:
        return None
    officer.totp_secret_sealed, officer.totp_last_step = seal(secret), step
    codes = _new_recovery_codes(officer)
    audit.record("second_factor_enabled", "officer", officer.id, officer=officer)
    db.session.commit()
    return codes


def _use_recovery_code(officer: Officer, code: str) -> bool:
    row = db.session.execute(db.select(RecoveryCode).filter_by(
        officer_id=officer.id, code_hash=_code_hash(code))).scalars().first()
    if row is not None:
        db.session.delete(row)
    return row is not None


def check(officer: Officer, code: str) -> bool:
    """True for a fresh TOTP code or an unused recovery code (then used up); the caller commits."""
    secret = unseal(officer.totp_secret_sealed)
    step = _matching_step(secret, _normalised(code), officer.totp_last_step) if secret else None
    if step is not None:
        officer.totp_last_step = step
        return True
    if _use_recovery_code(officer, code):
        audit.record("second_factor_recovery_used", "officer", officer.id, officer=officer)
        return True
    return False


def remaining_recovery_codes(officer: Officer) -> int:
    """How many recovery codes the officer has left."""
    return db.session.query(RecoveryCode).filter_by(officer_id=officer.id).count()


def reset(officer: Officer) -> None:
    """Turn the officer's second factor off (the Administrator's reset; the caller audits)."""
    officer.totp_secret_sealed, officer.totp_last_step = "", None
    db.session.execute(db.delete(RecoveryCode).filter_by(officer_id=officer.id))
