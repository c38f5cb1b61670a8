"""Acceptance: the QR link and the short code show whether a letter is genuine, and an
uploaded PDF is accepted only when it is byte for byte the original."""
import io

import pytest

from portal.extensions import db
from portal.models import AuditEntry, Officer
from portal.seed.officers import ADMINISTRATOR_NIP
from portal.files.storage import get_storage


@pytest.fixture
def printed(finish_application, print_letter):
    """A printed letter (Surat Keterangan Usaha of Kelurahan Lubuk Baja Kota)."""
    return print_letter(finish_application("sku", applicant_name="Siti Rahmawati"))


def upload(client, letter, data: bytes):
    return client.post(f"/verifikasi/{letter.verification_token}",
                       data={"berkas": (io.BytesIO(data), "surat.pdf")},
                       content_type="multipart/form-data")


def test_verification_page_shows_the_letter_with_a_masked_name(client, printed):
    page = client.get(f"/verifikasi/{printed.verification_token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for shown in (printed.number, "Surat Keterangan Usaha", "Kelurahan Lubuk Baja Kota",
                  printed.signer_name, printed.sha256, "S*** R********", "SAH"):
        assert shown in html
    assert "Siti Rahmawati" not in html and printed.application.applicant_nik not in html


def test_the_original_pdf_matches_and_a_modified_one_does_not(client, printed):
    original = get_storage().read(printed.storage_key)
    assert "COCOK: berkas ini sama persis" in upload(client, printed, original).get_data(
        as_text=True)
    middle = len(original) // 2
    modified = original[:middle] + bytes([original[middle] ^ 1]) + original[middle + 1:]
    for forged in (modified, original + b"\n", original[:-10]):
        assert forged != original
        answer = upload(client, printed, forged).get_data(as_text=True)
        assert "TIDAK COCOK: berkas ini bukan berkas asli" in answer


def test_upload_without_a_file_asks_for_one(client, printed):
    response = client.post(f"/verifikasi/{printed.verification_token}", data={})
    assert response.status_code == 400
    assert "Pilih berkas PDF" in response.get_data(as_text=True)


def test_the_short_code_leads_to_the_letter(client, printed):
    typed = printed.short_code.lower().replace("-", " ")
    response = client.post("/verifikasi", data={"kode": typed})
    assert response.headers["Location"].endswith(f"/verifikasi/{printed.verification_token}")
    wrong = client.post("/verifikasi", data={"kode": "AAAA-AAAA"})
    assert "Kode verifikasi tidak ditemukan" in wrong.get_data(as_text=True)


def test_an_unknown_token_is_not_a_letter(client, printed):
    response = client.get("/verifikasi/" + "x" * 32)
    assert response.status_code == 404
    assert "Surat tidak ditemukan" in response.get_data(as_text=True)


def test_the_administrator_revokes_a_letter_with_a_reason(client, printed, switch_officer,
                                                          officer):
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    refused = client.post(f"/admin/surat/{printed.id}/cabut", data={"alasan": "Salah data"})
    assert refused.status_code == 403
    administrator = db.session.execute(
        db.select(Officer).filter_by(nip=ADMINISTRATOR_NIP)).scalar_one()
    switch_officer(administrator)
    missing = client.post(f"/admin/surat/{printed.id}/cabut", data={"alasan": " "})
    assert "Alasan pencabutan wajib diisi" in missing.get_data(as_text=True)
    done = client.post(f"/admin/surat/{printed.id}/cabut",
                       data={"alasan": "Data pemohon keliru"})
    assert done.status_code == 302
    page = client.get(f"/verifikasi/{printed.verification_token}").get_data(as_text=True)
    assert "TIDAK BERLAKU: surat ini telah dicabut" in page and "Data pemohon keliru" in page
    entry = db.session.execute(
        db.select(AuditEntry).filter_by(action="letter_revoke")).scalar_one()
    assert entry.officer_id == administrator.id and entry.object_id == str(printed.id)
    assert entry.detail == {"number": printed.number, "reason": "Data pemohon keliru"}


def test_typed_codes_are_rate_limited_whether_sent_by_link_or_by_form(make_app, demo):
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    for _ in range(5):
        assert client.get("/verifikasi").status_code == 200  # the empty form is not counted
    answers = {client.get(f"/verifikasi?kode=AAAA-AA{i:02d}").status_code for i in range(30)}
    assert answers == {200}
    assert client.get("/verifikasi?kode=AAAA-AAAA").status_code == 429
