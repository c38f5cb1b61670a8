"""My applications at /akun/permohonan, and the applicant block pre-filled when logged in."""
import hashlib
import html

import pytest
from flask import g

from portal.workflow import transitions
from portal.extensions import db
from portal.models import Application, FamilyMember, Officer, RequiredDocument, Service
from portal.files.storage import get_storage

from tests.fixtures.citizen import form_token_of, post_multipart


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_form_is_prefilled_from_the_account_when_logged_in(
        client, demo, citizen_account, citizen_login):
    citizen_account(address="Jl. Raja Ali Haji No. 9")
    citizen_login(client)
    page = _page(client.get("/layanan/skck/ajukan"))
    assert 'value="2171064501900001"' in page and 'value="Siti Rahmawati"' in page
    assert "Jl. Raja Ali Haji No. 9" in page
    assert f'<option selected value="{demo["Lubuk Baja Kota"].id}"' in page


def test_a_visitor_without_an_account_gets_an_empty_form(client, demo):
    page = _page(client.get("/layanan/skck/ajukan"))
    assert 'value="2171064501900001"' not in page


def test_my_applications_lists_my_own_with_status_and_nobody_elses(
        client, demo, citizen_account, citizen_login, make_application):
    citizen_account()
    mine = make_application(applicant_nik="2171064501900001")
    other = make_application(applicant_nik="2171064501909999", applicant_name="Orang Lain")
    citizen_login(client)
    page = _page(client.get("/akun/permohonan"))
    assert mine.reg_no in page and mine.status_label in page
    assert other.reg_no not in page and "Orang Lain" not in page


def test_a_returned_application_shows_the_remark_and_opens_the_correction(
        client, demo, citizen_account, citizen_login, make_application, advance):
    citizen_account()
    application = advance(make_application(applicant_nik="2171064501900001"))
    admin = db.session.execute(db.select(Officer).filter_by(
        unit_id=application.pending_unit_id, position="admin")).scalar_one()
    transitions.perform(application.id, "return", transitions.actor_for(admin),
                        expected_version=application.version, remark="Foto KK tidak terbaca")
    citizen_login(client)
    page = _page(client.get("/akun/permohonan"))
    assert "Foto KK tidak terbaca" in page and "Perbaiki" in page
    opened = client.post(f"/akun/permohonan/{application.reg_no}/perbaiki")
    assert opened.status_code == 303 and opened.headers["Location"] == "/perbaikan"
    correction = client.get(opened.headers["Location"])
    assert correction.status_code == 200 and application.reg_no in _page(correction)


def test_nobody_opens_the_correction_of_someone_elses_application(
        client, demo, citizen_account, citizen_login, make_application):
    citizen_account()
    other = make_application(applicant_nik="2171064501909999")
    citizen_login(client)
    assert client.post(f"/akun/permohonan/{other.reg_no}/perbaiki").status_code == 404


# --- Identity documents taken from the account ---------------------------------------------

def _apply_without(client, citizen_form, *missing: str, query: str = "", **overrides):
    """Post the SKCK form leaving out the named uploads; returns (response, Application)."""
    url = f"/layanan/skck/ajukan{query}"
    data = citizen_form("skck", **overrides)
    for key in missing:
        data.pop(f"doc_{key}")
    data["form_token"] = form_token_of(client.get(url))
    response = post_multipart(client, url, data)
    db.session.expire_all()
    application = db.session.execute(db.select(Application).filter_by(
        submission_token=data["form_token"])).scalar_one_or_none()
    return response, application


def _documents(application) -> dict:
    return {document.requirement_key: document for document in application.documents}


@pytest.fixture
def holder(demo, citizen_account, citizen_login, identity_images, client):
    """A logged-in citizen whose account holds KTP and KK images."""
    account = citizen_account()
    images = identity_images(account)
    citizen_login(client)
    return account, images


def test_the_ktp_and_kk_of_the_account_fill_the_requirements(client, holder, citizen_form):
    account, images = holder
    page = _page(client.get("/layanan/skck/ajukan"))
    assert page.count("Sudah ada dari akun Anda") == 2
    assert "foto-ktp-akun.png" in page and "foto-kk-akun.png" in page
    response, application = _apply_without(client, citizen_form, "ktp", "kk")
    assert response.status_code == 303, _page(response)
    stored = _documents(application)
    labels = {"ktp": "KTP-el pemohon", "kk": "Kartu Keluarga (KK)"}
    for key, label in labels.items():
        assert stored[key].sha256 == images[key].sha256 and stored[key].label == label
        assert stored[key].storage_key != images[key].storage_key  # the application's own copy


def test_the_citizen_may_replace_the_ktp_of_the_account(client, holder, citizen_form):
    account, images = holder
    response, application = _apply_without(client, citizen_form, "kk")
    assert response.status_code == 303
    stored = _documents(application)
    assert stored["ktp"].sha256 != images["ktp"].sha256  # the file uploaded with the form
    assert stored["kk"].sha256 == images["kk"].sha256


def test_the_application_keeps_its_copy_when_the_account_images_are_deleted(
        client, holder, citizen_form):
    account, images = holder
    application = _apply_without(client, citizen_form, "ktp", "kk")[1]
    for key, image in images.items():  # what the retention job does to a closed account
        get_storage().delete(image.storage_key)
        setattr(account, f"{key}_document", None)
        db.session.delete(image)
    db.session.commit()
    for document in _documents(application).values():
        assert get_storage().read(document.storage_key)


def test_without_an_account_nothing_is_prefilled(client, demo, citizen_form):
    assert "Sudah ada dari akun Anda" not in _page(client.get("/layanan/skck/ajukan"))
    response, application = _apply_without(client, citizen_form, "ktp")
    assert application is None and "Dokumen ini wajib diunggah." in _page(response)


def test_only_requirements_marked_as_the_applicants_identity_are_prefilled(
        client, holder, citizen_form):
    ktp = db.session.execute(db.select(RequiredDocument).join(Service).where(
        Service.code == "skck", RequiredDocument.key == "ktp")).scalar_one()
    ktp.identity = ""
    db.session.commit()
    assert _page(client.get("/layanan/skck/ajukan")).count("Sudah ada dari akun Anda") == 1
    response, application = _apply_without(client, citizen_form, "ktp", "kk")
    assert application is None and "Dokumen ini wajib diunggah." in _page(response)


def _member(account, kk: str) -> FamilyMember:
    member = FamilyMember(account_id=account.id, nik="2171064501900077", name="Rina Rahmawati",
                          relationship_label="Anak", kk=kk, status="active")
    db.session.add(member)
    db.session.commit()
    return member


def test_for_a_family_member_on_the_same_kk_only_the_kk_is_taken(client, holder, citizen_form):
    account, images = holder
    member = _member(account, account.kk)
    query = f"?untuk={member.id}"
    page = _page(client.get(f"/layanan/skck/ajukan{query}"))
    assert page.count("Sudah ada dari akun Anda") == 1 and "foto-kk-akun.png" in page
    response, refused = _apply_without(client, citizen_form, "ktp", "kk", query=query,
                                       nik=member.nik, name=member.name)
    assert refused is None and "Dokumen ini wajib diunggah." in _page(response)
    response, application = _apply_without(client, citizen_form, "kk", query=query,
                                           nik=member.nik, name=member.name)
    assert response.status_code == 303
    stored = _documents(application)
    assert stored["kk"].sha256 == images["kk"].sha256
    assert stored["ktp"].sha256 != images["ktp"].sha256


def test_a_family_member_on_another_kk_gets_neither(client, holder, citizen_form):
    account, _images = holder
    member = _member(account, "2171060101209999")
    page = _page(client.get(f"/layanan/skck/ajukan?untuk={member.id}"))
    assert "Sudah ada dari akun Anda" not in page


# --- The letter, downloaded from My applications -------------------------------------------

def _as_citizen(client, citizen_login, nik: str = "2171064501900001"):
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()  # print_letter logged this client in as an officer
    assert citizen_login(client, nik=nik).status_code == 303


def test_the_letter_is_offered_for_download_where_the_service_allows_it(
        client, citizen_account, citizen_login, finish_application, print_letter):
    citizen_account()
    allowed = finish_application("sku")  # the seed lets citizens download this letter
    not_allowed = finish_application("skck")
    _as_citizen(client, citizen_login)
    assert "surat.pdf" not in _page(client.get("/akun/permohonan"))  # not printed yet
    letter = print_letter(allowed)
    print_letter(not_allowed)
    _as_citizen(client, citizen_login)
    page = _page(client.get("/akun/permohonan"))
    assert f"/akun/permohonan/{allowed.reg_no}/surat.pdf" in page and "Unduh surat" in page
    assert f"/akun/permohonan/{not_allowed.reg_no}/surat.pdf" not in page
    response = client.get(f"/akun/permohonan/{allowed.reg_no}/surat.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert hashlib.sha256(response.data).hexdigest() == letter.sha256
    assert client.get(f"/akun/permohonan/{not_allowed.reg_no}/surat.pdf").status_code == 404


def test_a_family_members_letter_is_downloaded_by_the_account_holder(
        client, citizen_account, citizen_login, finish_application, print_letter):
    account = citizen_account()
    member = _member(account, account.kk)
    application = finish_application("sku", applicant_nik=member.nik,
                                     applicant_name=member.name)
    print_letter(application)
    _as_citizen(client, citizen_login)
    assert client.get(f"/akun/permohonan/{application.reg_no}/surat.pdf").status_code == 200


def test_another_account_or_a_visitor_cannot_download_my_letter(
        client, citizen_account, citizen_login, finish_application, print_letter):
    citizen_account()
    citizen_account(nik="2171064501900002", email="budi@contoh.id", name="Budi Santoso")
    application = finish_application("sku")
    print_letter(application)
    url = f"/akun/permohonan/{application.reg_no}/surat.pdf"
    _as_citizen(client, citizen_login, nik="2171064501900002")
    assert client.get(url).status_code == 404
    with client.session_transaction() as session:
        session.clear()
    visitor = client.get(url)
    assert visitor.status_code == 302 and "/akun/masuk" in visitor.headers["Location"]


def test_my_applications_leads_with_a_new_application_and_logging_out_is_a_link(
        client, demo, citizen_account, citizen_login):
    citizen_account()
    citizen_login(client)
    page = _page(client.get("/akun/permohonan"))
    assert '<a class="button" id="ajukan-baru" href="/">Ajukan permohonan baru</a>' in page
    assert '<button type="submit" class="link">Keluar</button>' in page


def test_a_confirmed_application_reads_confirmed_waiting_for_verification(
        client, demo, citizen_account, citizen_login, make_application):
    citizen_account()
    application = make_application(applicant_nik="2171064501900001")
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    assert db.session.get(Application, application.id).status_label == "Konfirmasi"
    citizen_login(client)
    page = _page(client.get("/akun/permohonan"))
    assert "Dikonfirmasi, menunggu verifikasi" in page and ">Konfirmasi<" not in page
    track = _page(client.get(f"/lacak?no={application.reg_no}"))
    assert "Dikonfirmasi, menunggu verifikasi" in track
