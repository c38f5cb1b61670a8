"""Secrets kept encrypted with keys derived from SECRET_KEY (Fernet; one key per purpose).

Rotating SECRET_KEY makes everything sealed with the old key unreadable: signing passphrases
waiting for their job (minutes), officers' second-factor secrets (they enrol again) and, without
an OUTBOX_KEY, the sealed secrets of messages not yet delivered.
"""
import base64
from typing import Optional

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def fernet_for(salt: Optional[bytes], info: bytes) -> Fernet:
    """The Fernet of one purpose (salt and info name it), keyed from this app's SECRET_KEY."""
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))
