"""Outbox payloads whose secret values are sealed at rest (Fernet) and dropped once delivered.

The links' tokens (confirmation, correction, password reset, account email, letter download,
survey) and the codes that grant access (a program's one-time login code; the pickup code and
its QR, which collect a letter at the counter) are the keys of a payload listed in
`SECRET_KEYS`. In the database each such value is
`{"sealed": "<Fernet token>"}`; the ORM hands out the clear value, so rendering a message is
unchanged. The key is `OUTBOX_KEY` (a Fernet key, `Fernet.generate_key()`), else derived from
`SECRET_KEY` with HKDF-SHA256 — changing either makes the sealed values of undelivered rows
unreadable (they read as `DROPPED`). `without_secrets` replaces the values by `DROPPED` once a
row is delivered.
"""
import logging
from typing import Optional

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy import JSON
from sqlalchemy.types import TypeDecorator

from portal.sealing import fernet_for

log = logging.getLogger(__name__)

SECRET_KEYS = ("confirm_token", "correction_token", "token", "download_url", "survey_url",
               "code", "qr")
DROPPED = "***"  # what a delivered row keeps of a secret (its links render, but lead nowhere)
SEALED = "sealed"
HKDF_INFO = b"layanan outbox payload secrets"


def _fernet() -> Fernet:
    key = current_app.config.get("OUTBOX_KEY")
    return Fernet(key) if key else fernet_for(None, HKDF_INFO)


def _is_sealed(value) -> bool:
    return isinstance(value, dict) and set(value) == {SEALED}


def seal(payload: Optional[dict]) -> Optional[dict]:
    """A copy of the payload with each clear secret value sealed."""
    if not payload or not any(isinstance(payload.get(key), str) and payload[key] != DROPPED
                              for key in SECRET_KEYS):
        return payload
    fernet = _fernet()
    return {key: {SEALED: fernet.encrypt(value.encode("utf-8")).decode("ascii")}
            if key in SECRET_KEYS and isinstance(value, str) and value not in ("", DROPPED)
            else value for key, value in payload.items()}


def _opened(fernet: Fernet, sealed: dict) -> str:
    try:
        return fernet.decrypt(sealed[SEALED].encode("ascii")).decode("utf-8")
    except InvalidToken:
        log.warning("outbox: a sealed secret does not open with the current key; dropped")
        return DROPPED


def unseal(payload: Optional[dict]) -> Optional[dict]:
    """The payload with its sealed values opened."""
    if not payload or not any(_is_sealed(value) for value in payload.values()):
        return payload
    fernet = _fernet()
    return {key: _opened(fernet, value) if _is_sealed(value) else value
            for key, value in payload.items()}


def without_secrets(payload: Optional[dict]) -> Optional[dict]:
    """The payload with every secret value replaced by `DROPPED` (once delivered)."""
    if not payload:
        return payload
    return {key: DROPPED if key in SECRET_KEYS and value else value
            for key, value in payload.items()}


class SealedJSON(TypeDecorator):
    """JSON whose `SECRET_KEYS` values are sealed in the database and clear in Python."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Seal on the way in."""
        return seal(value)

    def process_result_value(self, value, dialect):
        """Open on the way out."""
        return unseal(value)
