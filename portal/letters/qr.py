"""QR codes as PNG images: a booking code on the citizen's page and inline in the email."""
import io

import segno


def qr_png(text: str) -> bytes:
    """`text` as a QR code PNG image."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()
