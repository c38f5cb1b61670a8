"""File storage behind one small interface; the local directory backend is the default."""
import hashlib
import os
import secrets
from pathlib import Path

from flask import current_app


class LocalStorage:
    """Stores blobs under random keys in a directory outside the web root."""

    def __init__(self, root: str):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key or "/" in key or "\\" in key or key.startswith("."):
            raise ValueError("invalid storage key")
        return self.root / key[:2] / key

    def save(self, data: bytes, suffix: str = "") -> tuple[str, str]:
        """Store `data` under a new random key; return (key, sha256 hex)."""
        key = secrets.token_hex(20) + (f".{suffix}" if suffix else "")
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".part")
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        return key, hashlib.sha256(data).hexdigest()

    def read(self, key: str) -> bytes:
        """Return the bytes stored under `key` (FileNotFoundError when absent)."""
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        """Remove a blob; missing blobs are ignored."""
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """True when a blob is stored under `key`."""
        return self._path(key).exists()


BACKENDS = {"local": lambda config: LocalStorage(config["STORAGE_DIR"])}


def get_storage():
    """The configured storage backend of the current app (built once per app)."""
    storage = current_app.extensions.get("layanan.storage")
    if storage is None:
        backend = current_app.config.get("STORAGE_BACKEND", "local")
        storage = BACKENDS[backend](current_app.config)
        current_app.extensions["layanan.storage"] = storage
    return storage
