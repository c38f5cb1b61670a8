"""The signature drawn on the registration page's canvas: checked like an uploaded image, kept
across validation errors, and the file input still works without JavaScript."""
import base64
import html
import io
import re

import pytest
from PIL import Image, ImageDraw

from portal.extensions import db
from portal.models import CitizenAccount
from portal.files.storage import get_storage
from portal.files.uploads import UploadRefused, drawn_upload

from tests.fixtures.citizen import post_multipart, sample_pdf
from tests.citizens.test_citizen_registers_an_account import _error_of, _token, register, registration_form


def drawn_png() -> bytes:
    """What the canvas holds after a signature: a stroke on a white 600×200 picture."""
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 255))
    ImageDraw.Draw(image).line([(40, 150), (200, 40), (320, 160), (560, 60)],
                               fill=(28, 36, 48, 255), width=3)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def data_url(data: bytes, declared: str = "image/png") -> str:
    """The hidden field's value, as `canvas.toDataURL()` writes it."""
    return f"data:{declared};base64,{base64.b64encode(data).decode()}"


def register_drawing(client, demo, drawing: str, **overrides):
    """Register with the signature drawn (no signature file chosen)."""
    return register(client, demo, doc_signature=(io.BytesIO(b""), ""), drawn_signature=drawing,
                    **overrides)


def _stored_signature() -> tuple:
    account = db.session.execute(db.select(CitizenAccount)).scalar_one()
    document = account.signature_document
    return document, get_storage().read(document.storage_key)


def test_a_drawn_signature_registers_and_is_stored_as_a_checked_png(client, demo):
    response = register_drawing(client, demo, data_url(drawn_png()))
    assert "Pendaftaran diterima" in response.get_data(as_text=True)
    document, data = _stored_signature()
    assert (document.content_type, document.original_name) == ("image/png", "tanda-tangan.png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and document.size == len(data)
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (600, 200)
        assert stored.convert("L").getextrema()[0] < 100  # the stroke is there


def test_a_bogus_drawing_gets_a_message_next_to_the_field_and_keeps_everything_else(
        client, demo):
    response = register_drawing(client, demo, "data:image/png;base64,bukan-gambar!!",
                                name="Siti Gambar")
    assert "Gambar tidak terbaca" in _error_of(response, "doc_signature")
    page = html.unescape(response.get_data(as_text=True))
    assert 'value="Siti Gambar"' in page and 'value="2171064501900001"' in page
    assert page.count("Sudah diunggah") == 3  # KTP, KK and selfie are kept
    assert db.session.execute(db.select(CitizenAccount)).first() is None


def test_a_drawing_goes_through_the_same_content_checks_as_a_file(client, demo):
    pdf = register_drawing(client, demo, data_url(sample_pdf()))
    assert "Jenis berkas tidak diterima" in _error_of(pdf, "doc_signature")
    broken = register_drawing(client, demo, data_url(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))
    assert "Gambar rusak" in _error_of(broken, "doc_signature")
    assert db.session.execute(db.select(CitizenAccount)).first() is None


def test_a_drawing_larger_than_the_limit_is_refused():
    with pytest.raises(UploadRefused, match="melebihi batas 1 KB"):
        drawn_upload(data_url(b"\x89PNG" + b"\x00" * 2048), 1024)


def test_a_drawn_signature_is_kept_when_the_form_comes_back_with_errors(client, demo):
    first = register_drawing(client, demo, data_url(drawn_png()), phone="12")
    assert "Nomor HP Indonesia tidak valid" in _error_of(first, "phone")
    page = html.unescape(first.get_data(as_text=True))
    assert "Sudah diunggah: tanda-tangan.png" in page
    assert 'name="drawn_signature" type="hidden" value=""' in page  # not echoed back
    data = registration_form(demo, form_token=_token(first))
    for key in ("ktp", "kk", "signature", "selfie"):
        del data[f"doc_{key}"]
    second = post_multipart(client, "/akun/daftar", data)
    assert "Pendaftaran diterima" in second.get_data(as_text=True)
    document, data = _stored_signature()
    assert document.original_name == "tanda-tangan.png" and len(data) > 0


def test_a_chosen_file_wins_over_a_drawing(client, demo):
    response = register(client, demo, drawn_signature=data_url(drawn_png()))
    assert "Pendaftaran diterima" in response.get_data(as_text=True)
    document, _data = _stored_signature()
    assert document.original_name == "signature.png"


def test_the_pad_is_progressive_enhancement_loaded_with_the_csp_nonce(client, demo):
    response = client.get("/akun/daftar")
    page = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'src="/aset/signature-pad.js" nonce="{nonce}"' in page
    pad = re.search(r'<div class="signature-pad"[^>]*>', page).group(0)
    assert " hidden" in pad  # shown by the script; without it only the file input is there
    assert re.search(r'<input[^>]*id="doc_signature"[^>]*type="file"', page)
    assert 'aria-label="Kotak tanda tangan"' in page
    assert " on" + "click=" not in page and "<script>" not in page and " style=" not in page
    with client.get("/aset/signature-pad.js") as script:
        assert script.status_code == 200
