"""Uploaded requirement documents: checked by content, images re-encoded, stored under random keys.

A file's name and declared content type are never trusted: the kind comes from its first
bytes, images are decoded and written again by Pillow (which drops EXIF, GPS and any
trailing payload; for citizens' uploads in a job right after, see `portal.files.processing`),
and the bytes are stored under a random key outside the web root.
Files uploaded with a form that is not valid yet wait as Document rows without an
application, tied to the form's one-time token, so the citizen never uploads twice.
A picture drawn on the page (a signature) arrives as a data: URL and takes the same path.
"""
import base64
import binascii
import io
import re
from dataclasses import dataclass
from typing import Callable, Optional

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from portal.extensions import db
from portal.models import Document, utcnow
from portal.files.processing import UploadRefused, check_image, reencode_image
from portal.files.storage import get_storage
from portal.queue import enqueue_each

# What a canvas sends (`canvas.toDataURL()`): the declared type is ignored, the bytes decide.
DATA_URL = re.compile(r"data:[\w.+/-]*;base64,([A-Za-z0-9+/]*={0,2})")
DRAWN_NAME = "tanda-tangan"  # what is drawn on a page is a signature


@dataclass(frozen=True)
class FileKind:
    """One accepted kind of file: how to recognise it and how to store it."""

    suffix: str
    content_type: str
    signatures: tuple[bytes, ...]
    pillow_format: Optional[str] = None  # images are re-encoded in this format


KINDS = {
    "pdf": FileKind("pdf", "application/pdf", (b"%PDF-",)),
    "jpg": FileKind("jpg", "image/jpeg", (b"\xff\xd8\xff",), "JPEG"),
    "png": FileKind("png", "image/png", (b"\x89PNG\r\n\x1a\n",), "PNG"),
}
KIND_NAMES = {"pdf": "PDF", "jpg": "JPG", "png": "PNG"}


@dataclass(frozen=True)
class CleanFile:
    """An accepted file, ready to store."""

    data: bytes
    kind: FileKind
    original_name: str
    processed: bool = True  # False: an image stored as received, its job re-encodes it


def sniff(data: bytes) -> Optional[str]:
    """The kind ('pdf', 'jpg', 'png') the bytes really are, or None."""
    for name, kind in KINDS.items():
        if any(data.startswith(signature) for signature in kind.signatures):
            return name
    return None


def read_limited(upload: FileStorage, max_bytes: int) -> bytes:
    """Read at most `max_bytes` from the upload; refuse a larger file."""
    data = upload.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRefused(_l("Ukuran berkas melebihi batas %(limit)s.",
                               limit=human_size(max_bytes)))
    return data


def human_size(size: int) -> str:
    """'5 MB', '800 KB' for messages."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{max(1, size // 1024)} KB"


def accepted_names(accepted: list[str]) -> str:
    """'PDF, JPG, PNG' for labels and messages."""
    return ", ".join(KIND_NAMES.get(name, name.upper()) for name in accepted)


def checked_upload(upload: FileStorage, accepted: list[str], max_bytes: int) -> CleanFile:
    """Check one uploaded file by its content (kind, size, pixels); an image is not re-encoded."""
    data = read_limited(upload, max_bytes)
    if not data:
        raise UploadRefused(_l("Berkas kosong."))
    kind_name = sniff(data)
    if kind_name is None or kind_name not in accepted:
        raise UploadRefused(_l("Jenis berkas tidak diterima. Unggah berkas %(kinds)s.",
                               kinds=accepted_names(accepted)))
    kind = KINDS[kind_name]
    if kind.pillow_format:
        check_image(data)
    return CleanFile(data=data, kind=kind, original_name=safe_name(upload.filename, kind),
                     processed=not kind.pillow_format)


def clean_upload(upload: FileStorage, accepted: list[str], max_bytes: int) -> CleanFile:
    """Check one uploaded file and re-encode an image at once: ready to show."""
    checked = checked_upload(upload, accepted, max_bytes)
    if checked.processed:
        return checked
    return CleanFile(data=reencode_image(checked.data, checked.kind.pillow_format),
                     kind=checked.kind, original_name=checked.original_name)


def drawn_upload(data_url: str, max_bytes: int) -> FileStorage:
    """A picture drawn on the page (a base64 data: URL) as an upload, for `clean_upload`."""
    if len(data_url) > (max_bytes // 3 + 1) * 4 + 64:
        raise UploadRefused(_l("Ukuran berkas melebihi batas %(limit)s.",
                               limit=human_size(max_bytes)))
    match = DATA_URL.fullmatch(data_url.strip())
    try:
        data = base64.b64decode(match.group(1), validate=True) if match else b""
    except binascii.Error:
        data = b""
    if not data:
        raise UploadRefused(_l("Gambar tidak terbaca. Gambar ulang di kotak, atau unggah "
                               "berkas gambarnya."))
    return FileStorage(io.BytesIO(data), filename=DRAWN_NAME)


def safe_name(filename: Optional[str], kind: FileKind) -> str:
    """A display name without any path, ending in the real kind's suffix."""
    stem = secure_filename((filename or "").rsplit(".", 1)[0])[:100] or "berkas"
    return f"{stem}.{kind.suffix}"


def store(clean: CleanFile, requirement: dict, **columns) -> Document:
    """Save the bytes under a random key and add their Document row to the session."""
    key, sha256 = get_storage().save(clean.data, clean.kind.suffix)
    document = Document(requirement_key=requirement["key"], label=requirement["label"],
                        original_name=clean.original_name, content_type=clean.kind.content_type,
                        size=len(clean.data), sha256=sha256, storage_key=key,
                        processed=clean.processed, **columns)
    db.session.add(document)
    return document


def pending_documents(draft_token: str) -> dict[str, Document]:
    """The files waiting under a form token, by requirement key."""
    if not draft_token:
        return {}
    rows = db.session.execute(db.select(Document).filter_by(
        draft_token=draft_token, application_id=None)).scalars()
    return {row.requirement_key: row for row in rows}


def _replace_pending(draft_token: str, requirement: dict, clean: CleanFile,
                     earlier: dict[str, Document]) -> Document:
    old = earlier.get(requirement["key"])
    if old is not None:
        get_storage().delete(old.storage_key)
        db.session.delete(old)
    return store(clean, requirement, draft_token=draft_token)


def _chosen_upload(requirement: dict, files, drawings: dict) -> Optional[FileStorage]:
    """The file chosen for the requirement, else the picture drawn for it, else None."""
    upload = files.get(f"doc_{requirement['key']}")
    if upload is not None and upload.filename:
        return upload
    drawing = drawings.get(requirement["key"])
    return drawn_upload(drawing, requirement["max_size_kb"] * 1024) if drawing else None


def keep_uploads(draft_token: str, requirements: list[dict], files,
                 report_error: Callable[[str, str], None],
                 drawings: Optional[dict[str, str]] = None) -> dict[str, Document]:
    """Store every acceptable file of this request as pending; report the refused ones.

    `drawings` maps requirement keys to pictures drawn on the page (data: URLs), used when
    no file was chosen. Returns the pending documents by requirement key (earlier uploads
    included). The rows are committed at once so they survive a form sent back with errors;
    images are re-encoded by a job after that commit.
    """
    stored, earlier = [], None
    for requirement in requirements:
        try:
            upload = _chosen_upload(requirement, files, drawings or {})
            if upload is None:
                continue
            checked = checked_upload(upload, requirement["accepted_types"],
                                     requirement["max_size_kb"] * 1024)
        except UploadRefused as refusal:
            report_error(requirement["key"], str(refusal))
            continue
        if earlier is None:  # one query for the form's earlier uploads, only when needed
            earlier = pending_documents(draft_token)
        stored.append(_replace_pending(draft_token, requirement, checked, earlier))
    db.session.flush()
    raw = [document.id for document in stored if not document.processed]
    db.session.commit()
    enqueue_each("jobs.documents.process_document", raw, queue="default",
                 what="upload re-encoding")
    return pending_documents(draft_token)


def attach(documents, application) -> None:
    """Make pending documents part of an application (in the caller's transaction)."""
    for document in documents:
        document.application = application
        document.draft_token = None


def supersede(old: Optional[Document]) -> None:
    """Mark a document as replaced by a newer upload (kept for the record)."""
    if old is not None and old.superseded_at is None:
        old.superseded_at = utcnow()
