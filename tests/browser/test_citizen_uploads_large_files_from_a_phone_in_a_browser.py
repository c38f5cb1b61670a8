"""Acceptance: on a phone, a file over the requirement's limit is refused before it is sent (the
limit named, the server sees nothing), and a large photo is scaled down in the browser to fit,
then uploaded with its progress shown; the office keeps a JPEG under the limit."""
import io

from PIL import Image

from portal.extensions import db
from portal.files.storage import get_storage
from portal.models import Document

FIVE_MB = 5120 * 1024
APPLY = "/layanan/pindah-antar-kecamatan/ajukan"


def _large_photo() -> bytes:
    """A 4000×3000 grainy JPEG of about 10 MB: a phone camera's photo, over the 5 MB limit."""
    size = (4000, 3000)
    scene = Image.linear_gradient("L").resize(size).convert("RGB")
    photo = Image.blend(scene, Image.effect_noise(size, 60).convert("RGB"), 0.5)
    output = io.BytesIO()
    photo.save(output, format="JPEG", quality=97)
    assert len(output.getvalue()) > FIVE_MB
    return output.getvalue()


def _pending(live, form_token: str, key: str) -> list[Document]:
    """The uploads this form (other tests' forms left aside) holds for `key`."""
    with live.app.app_context():
        return db.session.execute(db.select(Document).filter_by(
            draft_token=form_token, requirement_key=key)).scalars().all()


def _stored_photo(live, form_token: str, key: str) -> tuple[str, int, tuple[int, int]]:
    with live.app.app_context():
        document = db.session.execute(db.select(Document).filter_by(
            draft_token=form_token, requirement_key=key)).scalar_one()
        data = get_storage().read(document.storage_key)
    with Image.open(io.BytesIO(data)) as image:
        return image.format, len(data), image.size


def test_a_phone_refuses_an_oversized_pdf_and_shrinks_a_large_photo_before_upload(
        live_server, phone):
    live = live_server
    uploads = []
    phone.on("request", lambda request: uploads.append(request.url)
             if "/unggah/" in request.url else None)
    phone.goto(live.url + APPLY)
    form_token = phone.input_value("input[name=form_token]")

    phone.set_input_files("#doc_kk", {"name": "kk-besar.pdf", "mimeType": "application/pdf",
                                      "buffer": b"%PDF-1.4\n" + b"0" * (FIVE_MB + 1024)})
    refusal = phone.locator("#doc_kk ~ .upload-note.bad")
    refusal.wait_for()
    assert "lebih besar dari batas 5 MB" in refusal.inner_text()
    assert phone.evaluate("document.getElementById('doc_kk').files.length") == 0

    phone.evaluate("""new MutationObserver(() => {
        if (document.querySelector('.upload-state[data-state=sending] progress:not([hidden])')) {
          sessionStorage.setItem('progress-shown', 'yes'); }
      }).observe(document.body, {attributes: true, subtree: true})""")
    phone.set_input_files("#doc_ktp", {"name": "ktp-kamera.jpg", "mimeType": "image/jpeg",
                                       "buffer": _large_photo()})
    phone.locator("#doc_ktp ~ .upload-state[data-state=done]").wait_for()
    assert "Foto diperkecil agar muat dalam batas 5 MB" in phone.locator(
        "#doc_ktp ~ .upload-note").inner_text()
    assert "Terunggah: ktp-kamera.jpg" in phone.locator("#doc_ktp ~ .upload-state").inner_text()
    assert phone.evaluate("sessionStorage.getItem('progress-shown')") == "yes"

    assert not _pending(live, form_token, "kk") and not any("/unggah/kk" in url for url in uploads)
    kind, size, (width, height) = _stored_photo(live, form_token, "ktp")
    assert kind == "JPEG" and size <= FIVE_MB and max(width, height) == 2400
