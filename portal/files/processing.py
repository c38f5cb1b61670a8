"""Uploaded images made safe to keep and show: decoded and written again by Pillow.

Re-encoding drops EXIF, GPS and any trailing payload, but it is the slow part of an upload,
so the request only checks an image (first bytes, size, pixel count, a quick decode) and
stores it as received; `jobs.documents.process_document` re-encodes the stored copy right
after. Every reader of a document's bytes for an officer goes through `shown_bytes`, which
re-encodes an image the job has not reached yet, so no one ever sees a raw upload.
"""
import io
from datetime import timedelta
from typing import Optional

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.extensions import db
from portal.files.storage import get_storage
from portal.models import Document, utcnow

MAX_PIXELS = 40_000_000  # a 40-megapixel photo is plenty for a scanned document
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)


class UploadRefused(ValueError):
    """The file cannot be accepted; the message is shown next to the field."""


def check_image(data: bytes) -> None:
    """Refuse an image over the pixel limit or not readable, without decoding it in full."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UploadRefused(_l("Gambar terlalu besar (resolusi)."))
            if image.format == "JPEG":
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()  # decoded at 1/8 scale: a broken or truncated JPEG fails here
            else:
                image.verify()  # PNG: every chunk's checksum
    except UNREADABLE:
        raise UploadRefused(_l("Gambar rusak atau tidak dapat dibaca.")) from None


def reencode_image(data: bytes, pillow_format: str) -> bytes:
    """The image decoded and written again, upright, with no metadata at all."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UploadRefused(_l("Gambar terlalu besar (resolusi)."))
            image.load()
            upright = ImageOps.exif_transpose(image)
            if pillow_format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            output = io.BytesIO()
            options = {"quality": 90} if pillow_format == "JPEG" else {}
            upright.save(output, format=pillow_format, optimize=True, **options)
            return output.getvalue()
    except UNREADABLE:
        raise UploadRefused(_l("Gambar rusak atau tidak dapat dibaca.")) from None


def shown_bytes(document: Document) -> bytes:
    """The bytes an officer may see: the stored copy, re-encoded now if its job has not run."""
    data = get_storage().read(document.storage_key)
    if document.processed:
        return data
    return reencode_image(data, PILLOW_FORMATS[document.content_type])


def process(document_id: int) -> Optional[str]:
    """Replace a stored image by its re-encoded copy once; returns the new key, or None."""
    document = db.session.execute(db.select(Document).filter_by(id=document_id)
                                  .with_for_update()).scalar_one_or_none()
    if document is None or document.processed:
        db.session.rollback()
        return None
    storage, raw_key = get_storage(), document.storage_key
    try:
        data = reencode_image(storage.read(raw_key), PILLOW_FORMATS[document.content_type])
    except (FileNotFoundError, UploadRefused):
        db.session.rollback()  # deleted meanwhile, or left for `shown_bytes` to refuse
        return None
    key, sha256 = storage.save(data, raw_key.rsplit(".", 1)[-1])
    document.storage_key, document.sha256, document.size = key, sha256, len(data)
    document.processed = True
    db.session.commit()
    storage.delete(raw_key)
    return key


def waiting(min_age: timedelta) -> list[int]:
    """Ids of images still waiting for their job after `min_age` (Redis was down, say)."""
    return db.session.execute(db.select(Document.id).where(
        Document.processed.is_(False), Document.uploaded_at < utcnow() - min_age)).scalars().all()
