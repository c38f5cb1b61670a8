"""A citizen applies for a letter online: the generated form, uploads, receipt, one application per form."""
import io
import re

from portal.extensions import db
from portal.models import Application, Document, Service

from tests.fixtures.citizen import form_token_of, post_multipart, sample_pdf


def test_the_form_has_the_applicant_block_the_service_fields_and_one_upload_per_document(client, demo):
    page = client.get("/layanan/skck/ajukan").get_data(as_text=True)
    service = db.session.execute(db.select(Service).filter_by(code="skck")).scalar_one()
    for name in ("nik", "kk", "name", "email", "phone", "address", "home_unit"):
        assert f'name="{name}"' in page
    for field in service.fields:
        assert f'name="f_{field.name}"' in page and field.label in page
    uploads = [d for d in service.documents if not d.at_counter]
    assert page.count('type="file"') == len(uploads)
    assert "Kelurahan Lubuk Baja Kota" in page


def test_a_complete_form_registers_the_application_with_its_documents_and_shows_the_receipt(
        client, apply_online):
    response, application = apply_online(client, "skck", "Baloi Indah")
    assert response.status_code == 303
    assert application.status == "terdaftar" and application.status_label == "Terdaftar"
    assert re.fullmatch(r"BI-\d{4}-[0-9A-HJKMNP-TV-Z]{8}", application.reg_no)
    assert application.applicant_phone == "+6281234567890"  # normalised from 0812-3456-7890
    assert application.form_data["keperluan"] == "Keterangan contoh"
    stored = application.documents
    assert {d.requirement_key for d in stored} == {"ktp", "kk", "pengantar_rtrw", "pas_foto"}
    assert all(d.draft_token is None and d.sha256 for d in stored)

    receipt = client.get(response.headers["Location"])
    text = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    assert application.reg_no in text and "Tanda Terima" in text
    assert "2171********0001" in text and "2171064501900001" not in text
    assert 'data-print' in text  # printable


def test_the_receipt_is_only_for_the_browser_that_submitted(client, app, apply_online):
    response, application = apply_online(client)
    stranger = app.test_client().get(response.headers["Location"])
    assert stranger.status_code == 302
    assert "/lacak?no=" + application.reg_no in stranger.headers["Location"]


def test_submitting_the_same_form_twice_creates_one_application(client, apply_online):
    token = form_token_of(client.get("/layanan/skck/ajukan"))
    first, application = apply_online(client, form_token=token)
    second, again = apply_online(client, form_token=token)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert again.id == application.id
    assert db.session.query(Application).count() == 1
    assert db.session.query(Document).count() == 4


def test_errors_are_shown_next_to_each_field_and_typed_values_stay(client, apply_online):
    response, application = apply_online(client, nik="2171 0645 0190 0001", phone="12345",
                                         email="bukan-email", f_keperluan="")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and application is None
    assert "Harus tepat 16 digit angka" in page
    assert "Nomor HP Indonesia tidak valid" in page
    assert "Alamat email tidak valid" in page
    assert page.count("Wajib diisi.") == 1
    assert 'value="2171 0645 0190 0001"' in page and 'value="bukan-email"' in page
    assert "Siti Rahmawati" in page and "Jl. Duyung No. 5" in page
    # the error sits next to its field and is announced with it
    assert re.search(r'id="phone"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="phone"', page)
    assert 'id="phone-error"' in page


def test_uploaded_files_are_kept_when_other_fields_have_errors(client, citizen_form):
    data = citizen_form("skck", nik="123")
    data["form_token"] = form_token_of(client.get("/layanan/skck/ajukan"))
    first = post_multipart(client, "/layanan/skck/ajukan", data)
    assert first.status_code == 200
    assert first.get_data(as_text=True).count("Sudah diunggah") == 4
    pending = db.session.execute(db.select(Document)).scalars().all()
    assert len(pending) == 4 and all(d.application_id is None for d in pending)

    fixed = {k: v for k, v in citizen_form("skck").items() if not k.startswith("doc_")}
    fixed["form_token"] = data["form_token"]
    second = post_multipart(client, "/layanan/skck/ajukan", fixed)
    assert second.status_code == 303  # no re-upload needed
    application = db.session.execute(db.select(Application)).scalar_one()
    assert len(application.documents) == 4


def test_a_missing_mandatory_document_is_named_next_to_its_upload(client, apply_online):
    response, application = apply_online(client, doc_ktp=(io.BytesIO(b""), ""))
    page = response.get_data(as_text=True)
    assert application is None
    assert 'id="doc_ktp-error"' in page and "Dokumen ini wajib diunggah." in page


def test_a_kecamatan_service_asks_for_the_kecamatan(client, demo, apply_online):
    page = client.get("/layanan/kartu-pencari-kerja/ajukan").get_data(as_text=True)
    assert "Kecamatan Lubuk Baja" in page and "Kelurahan Baloi Indah" not in page
    response, application = apply_online(client, "kartu-pencari-kerja", "Lubuk Baja")
    assert response.status_code == 303
    assert application.home_unit.kind == "kecamatan"
    assert application.reg_no.startswith("LB-")


def test_a_closed_or_unknown_service_gets_the_friendly_404(client, demo):
    service = db.session.execute(db.select(Service).filter_by(code="skck")).scalar_one()
    service.is_open = False
    db.session.commit()
    for url in ("/layanan/skck/ajukan", "/layanan/tidak-ada"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_every_post_needs_the_csrf_token(make_app, demo):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/layanan/skck/ajukan", data={"nik": "2171064501900001",
                                                                    "doc_ktp": (io.BytesIO(sample_pdf()), "ktp.pdf")})
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.get_data(as_text=True)
