"""Uploads are judged by content, stay within their size, never escape storage and lose their metadata."""
import io
import os

from PIL import Image

from portal.extensions import db
from portal.models import Document
from portal.files.storage import get_storage

from tests.fixtures.citizen import post_multipart

PHP = b"<?php system($_GET['c']); ?>\n"
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "KameraTest"  # Make
    exif[0x8825] = {1: "S", 2: (1.0, 7.0, 30.0), 3: "E", 4: (104.0, 1.0, 12.0)}  # GPSInfo
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def _refused(response, field: str) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page
    return page


def test_a_php_or_html_file_renamed_pdf_is_refused(client, apply_online):
    for payload in (PHP, HTML):
        response, application = apply_online(client, doc_ktp=(io.BytesIO(payload), "ktp.pdf"))
        page = _refused(response, "doc_ktp")
        assert application is None
        assert "Jenis berkas tidak diterima. Unggah berkas PDF, JPG, PNG." in page
    keys = {d.requirement_key for d in db.session.execute(db.select(Document)).scalars()}
    assert "ktp" not in keys  # the other three files were kept, the bad one not


def test_an_oversized_file_is_refused_with_a_message_and_the_other_fields_survive(client, apply_online):
    big = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)
    response, application = apply_online(client, doc_kk=(io.BytesIO(big), "kk.pdf"),
                                         name="Budi Santoso")
    page = _refused(response, "doc_kk")
    assert application is None
    assert "Ukuran berkas melebihi batas 5 MB." in page
    assert 'value="Budi Santoso"' in page and 'value="2171064501900001"' in page
    assert page.count("Sudah diunggah") == 3


def test_a_filename_with_dot_dot_slash_is_harmless(client, apply_online, app):
    evil = "../../../../tmp/layanan-evil.pdf"
    response, application = apply_online(client, doc_ktp=(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), evil))
    assert response.status_code == 303
    document = next(d for d in application.documents if d.requirement_key == "ktp")
    assert "/" not in document.original_name and ".." not in document.original_name
    assert not os.path.exists("/tmp/layanan-evil.pdf")
    root = os.path.realpath(app.config["STORAGE_DIR"])
    stored = [os.path.realpath(os.path.join(folder, name))
              for folder, _dirs, names in os.walk(root) for name in names]
    assert len(stored) == 4 and all(path.startswith(root + os.sep) for path in stored)
    assert evil not in document.storage_key and get_storage().exists(document.storage_key)


def test_a_jpeg_with_gps_exif_is_stored_without_it(client, apply_online):
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the sample has GPS
    response, application = apply_online(client, doc_pas_foto=(io.BytesIO(original), "foto.jpg"))
    assert response.status_code == 303
    document = next(d for d in application.documents if d.requirement_key == "pas_foto")
    stored = get_storage().read(document.storage_key)
    assert document.content_type == "image/jpeg" and document.size == len(stored)
    image = Image.open(io.BytesIO(stored))
    assert image.size == (64, 48)
    assert not image.getexif() and b"Exif" not in stored and b"KameraTest" not in stored


def test_a_png_named_pdf_is_stored_as_what_it_really_is(client, apply_online):
    output = io.BytesIO()
    Image.new("RGB", (8, 8)).save(output, format="PNG")
    response, application = apply_online(client, doc_ktp=(io.BytesIO(output.getvalue()), "ktp.pdf"))
    document = next(d for d in application.documents if d.requirement_key == "ktp")
    assert document.content_type == "image/png" and document.original_name == "ktp.png"
    assert document.storage_key.endswith(".png")


def test_a_broken_image_is_refused(client, apply_online):
    fake = b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10
    response, _ = apply_online(client, doc_pas_foto=(io.BytesIO(fake), "foto.jpg"))
    assert "Gambar rusak atau tidak dapat dibaca." in _refused(response, "doc_pas_foto")


def test_a_request_over_the_total_limit_gets_the_friendly_413_page(make_app, demo):
    app = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    response = post_multipart(app.test_client(), "/layanan/skck/ajukan",
                              {"doc_ktp": (io.BytesIO(b"%PDF-" + b"0" * (2 * 1024 * 1024)), "ktp.pdf")})
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
