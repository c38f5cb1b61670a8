"""Acceptance: the BSrE-style signer, against a fake BSrE server on localhost that checks our
Basic auth and multipart fields and signs with the test CA; its refusals reach the signer in
Indonesian and leave the letter unsigned and signable; a call that timed out after it was
sent is never repeated by itself."""
import base64
import io
import json
import time

import pytest
from werkzeug import Response

from portal.extensions import db
from portal.letters.certificates import issue_signing_certificate, pkcs12_bytes
from portal.letters.issuing import letter_of
from tests.fixtures.signing import validate

USER, SECRET = "layanan-batam", "rahasia-aplikasi"
NIK = "2171060505800004"
PASSPHRASE = "Passphrase-BSrE-Camat"


@pytest.fixture
def bsre(app, httpserver, test_ca):
    """The app signs through the fake BSrE server; returns the list of requests it received."""
    app.config.update(LETTER_SIGNING="bsre", SIGNING_BSRE_URL=httpserver.url_for("/"),
                      SIGNING_BSRE_USERNAME=USER, SIGNING_BSRE_PASSWORD=SECRET,
                      SIGNING_BSRE_TIMEOUT=2, SIGNING_TRUST_ROOTS=[str(test_ca.root)])
    return httpserver


@pytest.fixture
def camat_with_nik(officer):
    camat = officer("Lubuk Baja", "kepala")
    camat.nik = NIK
    db.session.commit()
    return camat


def _sign_with_test_ca(pdf: bytes, ca) -> bytes:
    """What BSrE does: sign the received PDF with the holder's own certificate."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    holder = issue_signing_certificate(ca.ca, "CAMAT LUBUK BAJA", serial=NIK)
    signer = signers.SimpleSigner.load_pkcs12_data(pkcs12_bytes(holder, ca.ca, "x"), [], b"x")
    output = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)),
                     signers.PdfSignatureMetadata(field_name="BSrE"), signer=signer,
                     output=output)
    return output.getvalue()


def _checked(request) -> str:
    """The fake's checks of what Layanan sent; returns the reason it would refuse, or ''."""
    auth = request.authorization
    if auth is None or (auth.username, auth.password) != (USER, SECRET):
        return "auth"
    form, upload = request.form, request.files.get("file")
    if upload is None or not upload.read(5).startswith(b"%PDF"):
        return "file"
    wanted = {"nik": NIK, "tampilan": "visible", "tag_koordinat": "#ttd#"}
    if any(form.get(key) != value for key, value in wanted.items()):
        return "fields"
    if "/verifikasi/" not in form.get("linkQR", ""):
        return "linkQR"
    return ""


def _signing_server(ca, answer="pdf"):
    def handle(request):
        problem = _checked(request)
        if problem:
            return Response(json.dumps({"error": problem, "status_code": 9999}), status=400)
        if request.form["passphrase"] != PASSPHRASE:
            return Response(json.dumps({"error": "Passphrase anda salah",
                                        "status_code": 2031}), status=400,
                            content_type="application/json")
        request.files["file"].stream.seek(0)
        signed = _sign_with_test_ca(request.files["file"].read(), ca)
        if answer == "json":
            return Response(json.dumps({"file": [base64.b64encode(signed).decode()],
                                        "id_dokumen": "doc-json-1"}),
                            content_type="application/json")
        return Response(signed, content_type="application/pdf", headers={"id_dokumen": "doc-7"})
    return handle


@pytest.mark.parametrize("answer, reference", [("pdf", "doc-7"), ("json", "doc-json-1")])
def test_bsre_signs_for_the_camat(bsre, test_ca, camat_with_nik, finish_application, sign_as,
                                  client, answer, reference):
    bsre.expect_request("/api/sign/pdf", method="POST").respond_with_handler(
        _signing_server(test_ca, answer))
    application = finish_application("pindah-antar-kecamatan")  # KLKC: the Camat signs
    letter = letter_of(application.id)
    assert sign_as(camat_with_nik, letter, PASSPHRASE).status_code == 303
    assert (letter.render_status, letter.signature_provider, letter.signature_reference) == (
        "ready", "bsre", reference)
    from portal.files.storage import get_storage
    status = validate(get_storage().read(letter.storage_key), test_ca.root)
    assert status.intact and status.trusted
    assert "CAMAT LUBUK BAJA" in status.signing_cert.subject.human_friendly
    page = client.get(f"/verifikasi/{letter.verification_token}").get_data(as_text=True)
    assert "CAMAT LUBUK BAJA" in page and "Utuh dan terpercaya" in page


@pytest.mark.parametrize("code, message", [
    (2031, "Passphrase salah."),
    (2011, "NIK penanda tangan belum terdaftar sebagai pemilik sertifikat elektronik di BSrE."),
])
def test_bsre_refusals_leave_the_letter_unsigned_and_signable(
        bsre, test_ca, camat_with_nik, finish_application, sign_as, client, code, message):
    bsre.expect_oneshot_request("/api/sign/pdf", method="POST").respond_with_json(
        {"error": "ditolak", "status_code": code}, status=400)
    application = finish_application("pindah-antar-kecamatan")
    letter = letter_of(application.id)
    sign_as(camat_with_nik, letter, "apa saja")
    assert (letter.render_status, letter.storage_key) == ("unsigned", None)
    page = client.get(f"/admin/tanda-tangan/{letter.id}").get_data(as_text=True)
    assert message in page and 'id="passphrase"' in page
    bsre.expect_request("/api/sign/pdf", method="POST").respond_with_handler(
        _signing_server(test_ca))
    sign_as(camat_with_nik, letter, PASSPHRASE)
    assert letter.render_status == "ready"


def test_bsre_that_answers_401_names_the_application_account(bsre, camat_with_nik,
                                                             finish_application, sign_as):
    bsre.expect_request("/api/sign/pdf", method="POST").respond_with_data("", status=401)
    letter = letter_of(finish_application("pindah-antar-kecamatan").id)
    sign_as(camat_with_nik, letter, PASSPHRASE)
    assert letter.sign_error_code == "service_refused" and "kode 401" in letter.sign_error


def test_a_timeout_after_sending_is_not_retried(bsre, camat_with_nik, finish_application,
                                                sign_as, client):
    calls = []

    def slow(request):
        calls.append(request.form.get("nik"))
        time.sleep(3)  # longer than SIGNING_BSRE_TIMEOUT: it may have signed meanwhile
        return Response("late", status=200)

    bsre.expect_request("/api/sign/pdf", method="POST").respond_with_handler(slow)
    letter = letter_of(finish_application("pindah-antar-kecamatan").id)
    sign_as(camat_with_nik, letter, PASSPHRASE)
    assert calls == [NIK], "the sign call was sent once and never repeated"
    assert (letter.render_status, letter.sign_error_code) == ("unsigned", "uncertain")
    page = client.get(f"/admin/tanda-tangan/{letter.id}").get_data(as_text=True)
    assert "Surat mungkin sudah ditandatangani di sana" in page and "sudah_diperiksa" in page
    refused = sign_as(camat_with_nik, letter, PASSPHRASE).get_data(as_text=True)
    assert "Centang pernyataan" in refused and calls == [NIK]
    _let_the_late_answer_finish(bsre)


def _let_the_late_answer_finish(server, seconds: float = 10) -> None:
    """Wait until the fake has answered the late call, so it is not logged in the next test."""
    deadline = time.monotonic() + seconds
    while not server.log and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_signer_without_nik_is_told_before_anything_is_sent(bsre, officer, finish_application,
                                                              sign_as):
    letter = letter_of(finish_application("pindah-antar-kecamatan").id)
    sign_as(officer("Lubuk Baja", "kepala"), letter, PASSPHRASE)
    assert letter.sign_error_code == "no_nik" and len(bsre.log) == 0


@pytest.mark.parametrize("answer, note", [
    ({"status_code": 1111, "status": "ISSUE"}, "Sertifikat elektronik Anda aktif di BSrE."),
    ({"status_code": 2011, "message": "Dokumen gagal ditandatangani"}, "belum terdaftar di BSrE"),
    ({"status": "EXPIRED"}, "sudah kedaluwarsa"),
])
def test_the_signer_sees_their_certificate_state_before_typing(
        bsre, camat_with_nik, finish_application, switch_officer, client, answer, note):
    bsre.expect_request(f"/api/user/status/{NIK}", method="GET",
                        headers={"Authorization": _basic_auth()}).respond_with_json(answer)
    letter = letter_of(finish_application("pindah-antar-kecamatan").id)
    switch_officer(camat_with_nik)
    page = client.get(f"/admin/tanda-tangan/{letter.id}").get_data(as_text=True)
    assert note in page and 'id="passphrase"' in page


def test_an_unreachable_status_service_still_lets_the_signer_try(
        bsre, camat_with_nik, finish_application, switch_officer, client):
    bsre.expect_request(f"/api/user/status/{NIK}").respond_with_data("", status=503)
    letter = letter_of(finish_application("pindah-antar-kecamatan").id)
    switch_officer(camat_with_nik)
    page = client.get(f"/admin/tanda-tangan/{letter.id}").get_data(as_text=True)
    assert "tidak dapat diperiksa saat ini" in page and 'id="passphrase"' in page


def _basic_auth() -> str:
    return "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
