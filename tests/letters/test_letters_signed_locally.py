"""Acceptance: the head signs the letter electronically with the office's certificate; the
citizen, without an account, downloads exactly the signed bytes from the notice's link, and
the verification page names the signer checked against our trust roots only."""
import hashlib

from portal.extensions import db, mail
from portal.letters.issuing import letter_of
from portal.models import OutboxMessage
from tests.fixtures.signing import PASSPHRASE, pdfsig, validate
from tests.fixtures.citizen import link_in, open_secret_link


def _notices(application, template="citizen_letter_ready"):
    return db.session.execute(db.select(OutboxMessage).filter_by(
        application_id=application.id, template=template)).scalars().all()


def test_the_last_approval_makes_a_letter_that_waits_for_its_signer(
        local_signing, finish_application, officer, login_as, client):
    application = finish_application("sku")
    letter = letter_of(application.id)
    assert (letter.render_status, letter.storage_key) == ("unsigned", None)
    assert _notices(application) == [], "no 'siap diambil' before the letter exists"
    login_as(officer("Lubuk Baja Kota", "kepala"))
    queue = client.get("/admin/tanda-tangan/").get_data(as_text=True)
    assert "Menunggu tanda tangan (1)" in queue and letter.number in queue
    login_as(officer("Lubuk Baja Kota", "kasi"))
    assert letter.number not in client.get("/admin/").get_data(as_text=True)
    assert client.get(f"/admin/tanda-tangan/{letter.id}").status_code in (403, 404)


def test_the_head_signs_and_the_citizen_downloads_the_signed_letter(
        local_signing, finish_application, officer, sign_as, client, tmp_path):
    application = finish_application("sku")  # the seed lets citizens download it
    letter = letter_of(application.id)
    lurah = officer("Lubuk Baja Kota", "kepala")
    with mail.record_messages() as sent:
        page = sign_as(lurah, letter)
    assert page.status_code == 303
    assert (letter.render_status, letter.signed_by_id) == ("ready", lurah.id)
    assert letter.signature_provider == "local" and letter.signed_at is not None

    [notice] = _notices(application)
    assert notice.payload["download_url"] and notice.payload["signed"] is True
    path = link_in(sent, "/surat/unduh/")
    download = open_secret_link(client, path, press=True)  # anyone holding the link
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    pdf = download.data
    assert hashlib.sha256(pdf).hexdigest() == letter.sha256

    report = pdfsig(pdf, tmp_path)
    assert report.count("Signature #") == 1 and "Signature is Valid." in report
    status = validate(pdf, local_signing.root)
    assert status.intact and status.valid and status.trusted
    assert "Kantor Uji Layanan" in status.signing_cert.subject.human_friendly

    verification = client.get(f"/verifikasi/{letter.verification_token}").get_data(as_text=True)
    assert "SAH: surat ini tercatat dan berlaku." in verification
    assert f"Ditandatangani secara elektronik oleh {lurah.name}" in verification
    assert "Utuh dan terpercaya" in verification and "Kantor Uji Layanan" in verification
    assert letter.sha256 in verification


def test_a_wrong_passphrase_leaves_the_letter_unsigned_and_signable(
        local_signing, finish_application, officer, sign_as, client):
    application = finish_application("sku")
    letter = letter_of(application.id)
    lurah = officer("Lubuk Baja Kota", "kepala")
    sign_as(lurah, letter, "bukan-passphrase-nya")
    assert (letter.render_status, letter.storage_key, letter.sign_error_code) == (
        "unsigned", None, "wrong_passphrase")
    page = sign_as(lurah, letter, "").get_data(as_text=True)
    assert "Passphrase wajib diisi" in page
    reopened = client.get(f"/admin/tanda-tangan/{letter.id}").get_data(as_text=True)
    assert "Surat belum ditandatangani: Passphrase salah." in reopened
    assert 'id="passphrase"' in reopened
    assert _notices(application) == []
    sign_as(lurah, letter, PASSPHRASE)
    assert letter.render_status == "ready" and letter.sign_error == ""
    assert len(_notices(application)) == 1


def test_a_forged_copy_fails_the_upload_check_and_the_signature_check(
        local_signing, finish_application, officer, sign_as, client, tmp_path):
    import io

    from portal.files.storage import get_storage
    from portal.letters.signature_check import check_pdf

    application = finish_application("sku")
    letter = letter_of(application.id)
    sign_as(officer("Lubuk Baja Kota", "kepala"), letter)
    signed = get_storage().read(letter.storage_key)
    stream = signed.index(b"stream", 200) + 20  # a byte of the page's content, in the signed range
    forged = signed[:stream] + bytes([signed[stream] ^ 0xFF]) + signed[stream + 1:]
    assert [report.holds for report in check_pdf(signed)] == [True]
    assert not any(report.holds for report in check_pdf(forged))
    page = client.post(f"/verifikasi/{letter.verification_token}",
                       data={"berkas": (io.BytesIO(forged), "surat.pdf")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "TIDAK COCOK" in page
    original = client.post(f"/verifikasi/{letter.verification_token}",
                           data={"berkas": (io.BytesIO(signed), "surat.pdf")},
                           content_type="multipart/form-data").get_data(as_text=True)
    assert "COCOK: berkas ini sama persis" in original


def test_klkc_story_ends_with_the_citizen_downloading_the_signed_letter_from_the_email(
        local_signing, make_application, advance, officer, login_as, client):
    from portal.messaging.channels.email import render_email

    application = make_application("pindah-antar-kecamatan")
    application.service.allow_citizen_download = True
    db.session.commit()
    advance(application, approvals=7)  # the Camat's step is left
    camat = officer("Lubuk Baja", "kepala")
    login_as(camat)
    decided = client.post(f"/admin/data-baru/decide/?id={application.id}",
                          data={"action": "approve", "version": application.version})
    letter = letter_of(application.id)
    assert decided.headers["Location"].endswith(f"/admin/tanda-tangan/{letter.id}")
    with mail.record_messages() as sent:
        client.post(f"/admin/tanda-tangan/{letter.id}", data={"passphrase": PASSPHRASE})
    db.session.expire_all()
    [notice] = _notices(application)
    assert "siap diunduh" in render_email(notice).subject
    email = next(message for message in sent if "siap diunduh" in message.subject)
    anonymous = client.application.test_client()  # the citizen has no account
    download = open_secret_link(anonymous, link_in([email], "/surat/unduh/"), press=True)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert hashlib.sha256(download.data).hexdigest() == letter.sha256
    assert validate(download.data, local_signing.root).trusted
