"""The signer's passphrase on its way to the signing job: sealed, short-lived, used once.

The request seals the passphrase with a key derived from SECRET_KEY (which Redis never sees)
and keeps only the ciphertext, under a random id, for SIGNING_PASSPHRASE_TTL seconds: in
Redis when jobs go through Redis, else in this process (inline jobs run right here). The job
receives the id, opens the entry once (it is deleted as it is read) and forgets it. So the
passphrase is in no job argument, no Redis value and no database row in clear, and a job
that is run a second time cannot sign again.
"""
import secrets
import time
from typing import Optional

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from portal.queue import redis_connection
from portal.sealing import fernet_for

KEY_PREFIX = "layanan:tte:"
LOCAL_ENTRIES = "layanan.sealed_passphrases"


def _fernet() -> Fernet:
    return fernet_for(b"layanan.tte", b"signing passphrase")


def _ttl() -> int:
    return int(current_app.config["SIGNING_PASSPHRASE_TTL"])


def _local() -> dict:
    return current_app.extensions.setdefault(LOCAL_ENTRIES, {})


def seal(passphrase: str) -> str:
    """Keep the encrypted passphrase for one signing job; return the entry's id."""
    entry_id = secrets.token_urlsafe(18)
    token = _fernet().encrypt(passphrase.encode("utf-8"))
    connection = redis_connection()
    if connection is None:
        _local()[entry_id] = (token, time.monotonic() + _ttl())
    else:
        connection.set(KEY_PREFIX + entry_id, token, ex=_ttl())
    return entry_id


def _take(entry_id: str) -> Optional[bytes]:
    connection = redis_connection()
    if connection is None:
        token, expires = _local().pop(entry_id, (None, 0.0))
        return token if expires > time.monotonic() else None
    pipeline = connection.pipeline()
    pipeline.get(KEY_PREFIX + entry_id)
    pipeline.delete(KEY_PREFIX + entry_id)
    return pipeline.execute()[0]


def open_once(entry_id: str) -> Optional[str]:
    """The passphrase of an entry, deleting the entry; None when expired or already used."""
    token = _take(entry_id) if entry_id else None
    if token is None:
        return None
    try:
        return _fernet().decrypt(token, ttl=_ttl()).decode("utf-8")
    except InvalidToken:
        return None


def discard(entry_id: str) -> None:
    """Forget an entry that will not be used (the job could not be queued)."""
    _take(entry_id)
