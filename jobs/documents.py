"""Upload job: re-encode one stored image (no EXIF, GPS or trailing bytes), exactly once."""
from portal.files import processing


def process_document(document_id: int) -> str:
    """Re-encode document `document_id` unless already done; returns 'processed' or 'skipped'."""
    return "processed" if processing.process(document_id) else "skipped"
