"""Acceptance: "Serahkan" records to whom the letter went and emails the citizen; where the
service allows it, the citizen downloads the very same file through their secret link."""
import hashlib
import io

from portal.citizens.secret_links import DOWNLOAD, issue_token
from portal.extensions import db
from portal.models import History, OutboxMessage
from tests.fixtures.citizen import open_secret_link, post_multipart, sample_pdf


def test_hand_over_records_the_recipient_and_emails_the_citizen(client, finish_application,
                                                                print_letter):
    application = finish_application("sku")
    letter = print_letter(application)
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "Serahkan" in page
    response = client.post(f"/admin/surat/{letter.id}/serahkan",
                           data={"penerima": "Ahmad (suami pemohon)",
                                 "version": application.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert application.status == "diserahkan"
    assert letter.handed_over_to == "Ahmad (suami pemohon)" and letter.handed_over_at
    last = application.history[-1]
    assert (last.action, last.remark) == ("hand_over", "Diserahkan kepada Ahmad (suami pemohon)")
    assert db.session.execute(db.select(OutboxMessage).filter_by(
        application_id=application.id, template="citizen_handed_over")).scalar_one()


def test_hand_over_needs_a_recipient_and_a_fresh_page(client, finish_application,
                                                      print_letter):
    application = finish_application("sku")
    letter = print_letter(application)
    empty = client.post(f"/admin/surat/{letter.id}/serahkan",
                        data={"penerima": " ", "version": application.version})
    assert empty.status_code == 400
    assert "Nama penerima surat wajib diisi" in empty.get_data(as_text=True)
    stale = client.post(f"/admin/surat/{letter.id}/serahkan",
                        data={"penerima": "Siti", "version": application.version - 1})
    assert stale.status_code == 400
    assert "sudah diproses oleh petugas lain" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "selesai"
    assert db.session.query(History).filter_by(action="hand_over").count() == 0


def test_citizen_downloads_the_same_bytes_the_verification_page_vouches_for(
        client, finish_application, print_letter):
    application = finish_application("sku")  # the seed allows citizens to download it
    letter = print_letter(application)
    token = issue_token(application, DOWNLOAD)
    db.session.commit()
    response = open_secret_link(client, f"/surat/unduh/{token}", press=True)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert hashlib.sha256(response.data).hexdigest() == letter.sha256
    verification = client.get(f"/verifikasi/{letter.verification_token}")
    assert letter.sha256 in verification.get_data(as_text=True)
    assert open_secret_link(client, "/surat/unduh/not-the-token", press=True).status_code == 404


def test_no_citizen_download_where_the_service_does_not_allow_it(client, finish_application,
                                                                  print_letter):
    application = finish_application("skck")
    print_letter(application)
    token = issue_token(application, DOWNLOAD)
    db.session.commit()
    assert open_secret_link(client, f"/surat/unduh/{token}", press=True).status_code == 404
    application.service.allow_citizen_download = True
    db.session.commit()
    assert open_secret_link(client, f"/surat/unduh/{token}", press=True).status_code == 200


def test_the_letter_page_says_diserahkan_with_date_time_and_recipient(
        client, finish_application, print_letter):
    application = finish_application("sku")
    letter = print_letter(application)
    before = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert 'id="form-serahkan"' in before and "data-confirm=" in before
    assert "hand-over.js" in before
    client.post(f"/admin/surat/{letter.id}/serahkan",
                data={"pengambil": "pemohon", "penerima": application.applicant_name,
                      "version": application.version})
    db.session.expire_all()
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert '<span class="badge badge-success">Diserahkan</span>' in page and ">Siap<" not in page
    handed = page[page.index('id="diserahkan"'):page.index("</dd>", page.index('id="diserahkan"'))]
    assert " WIB" in handed and f"kepada {application.applicant_name}" in handed
    assert any(month in handed for month in ("Januari", "Februari", "Maret", "April", "Mei",
                                             "Juni", "Juli", "Agustus", "September", "Oktober",
                                             "November", "Desember"))


def test_someone_else_collects_only_with_their_nik_and_the_power_of_attorney(
        client, finish_application, print_letter):
    application = finish_application("sku")
    letter = print_letter(application)
    url = f"/admin/surat/{letter.id}/serahkan"
    proxy = {"pengambil": "kuasa", "penerima": "Bambang Kuasa", "version": application.version}
    missing = post_multipart(client, url, {**proxy, "nik_penerima": "1234"})
    assert missing.status_code == 400
    text = missing.get_data(as_text=True)
    assert "NIK penerima harus 16 digit angka." in text
    assert "Unggah surat kuasa dari pemohon." in text
    assert 'value="Bambang Kuasa"' in text and 'id="pengambil-kuasa" value="kuasa" checked' in text
    db.session.expire_all()
    assert application.status == "selesai"

    done = post_multipart(client, url, {**proxy, "nik_penerima": "2171 0611 0290 0009",
                                        "kuasa": (io.BytesIO(sample_pdf()), "kuasa.pdf")})
    assert done.status_code == 302
    db.session.expire_all()
    assert application.status == "diserahkan"
    assert letter.handed_over_to == "Bambang Kuasa" and letter.handed_over_nik == "2171061102900009"
    assert letter.handed_over_proof.application_id == application.id
    assert application.history[-1].remark == "Diserahkan kepada Bambang Kuasa dengan surat kuasa"
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "NIK penerima 2171061102900009" in page and "Lihat surat kuasa" in page
    proof = client.get(f"/admin/surat/{letter.id}/kuasa")
    assert proof.mimetype == "application/pdf" and proof.data == sample_pdf()
    tracking = client.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert "2171061102900009" not in tracking
