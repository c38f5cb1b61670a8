"""Acceptance: the Administrator overrides a service's letter text in a sandboxed template,
previews it with sample data, sees template errors, and the citizen never gets a blank letter."""
import pytest
from tests.fixtures.letters import pdf_text

from portal.extensions import db
from portal.models import AuditEntry, Officer, Service
from portal.seed.officers import ADMINISTRATOR_NIP
from portal.files.storage import get_storage


@pytest.fixture
def administrator(demo, switch_officer):
    """The client logged in as the city's Administrator."""
    found = db.session.execute(db.select(Officer).filter_by(nip=ADMINISTRATOR_NIP)).scalar_one()
    switch_officer(found)
    return found


def sku() -> Service:
    return db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()


def test_preview_starts_from_the_built_in_body(client, administrator):
    page = client.get(f"/admin/surat/templat/{sku().id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "mempunyai usaha sebagai berikut" in html  # the built-in text, to edit
    assert "srcdoc=" in html and "Contoh Nama Pemohon" in html  # rendered with sample data
    nonce = page.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f"&lt;style nonce=&#34;{nonce}&#34;&gt;" in html  # the letter's CSS may apply


def test_a_template_error_is_shown_and_the_text_is_kept(client, administrator):
    broken = "<p>Nama: {{ applicant.name }</p>\n{% if %}"
    page = client.post(f"/admin/surat/templat/{sku().id}", data={"templat": broken,
                                                                 "simpan": "1"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Templat surat tidak valid (baris 1)" in html
    assert "Nama: {{ applicant.name }&lt;/p&gt;" in html  # what was typed is not lost
    assert sku().letter_template is None  # nothing saved


def test_the_sandbox_refuses_unsafe_code(client, administrator):
    unsafe = "{{ applicant.__class__.__mro__[1].__subclasses__() }}"
    page = client.post(f"/admin/surat/templat/{sku().id}", data={"templat": unsafe})
    assert page.status_code == 400
    assert "Templat surat gagal diisi" in page.get_data(as_text=True)


def test_a_saved_override_is_audited_and_used_for_new_letters(client, administrator,
                                                              finish_application,
                                                              print_letter):
    text = "<p>Menerangkan usaha {{ form.nama_usaha }} milik {{ applicant.name }}.</p>"
    saved = client.post(f"/admin/surat/templat/{sku().id}", data={"templat": text,
                                                                  "simpan": "1"})
    assert saved.status_code == 200 and "disimpan" in saved.get_data(as_text=True)
    assert sku().letter_template == text
    assert db.session.execute(db.select(AuditEntry).filter_by(
        action="letter_template", object_id=str(sku().id))).scalar_one()
    letter = print_letter(finish_application("sku"))
    body = " ".join(pdf_text(get_storage().read(letter.storage_key)).split())
    assert "Menerangkan usaha Isian Nama usaha milik Siti Rahmawati." in body


def test_officers_cannot_edit_templates(client, officer, switch_officer, demo):
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    assert client.get(f"/admin/surat/templat/{sku().id}").status_code == 403


def test_a_broken_saved_template_fails_visibly_instead_of_a_blank_letter(
        client, finish_application, print_letter):
    application = finish_application("sku")
    application.service.letter_template = "{{ form.nama_usaha | tidak_ada }}"
    db.session.commit()
    letter = print_letter(application)
    assert letter.render_status == "failed" and letter.storage_key is None
    assert "Templat surat tidak valid" in letter.render_error
    page = client.get(f"/admin/surat/{letter.id}").get_data(as_text=True)
    assert "Templat surat tidak valid" in page and "Unduh PDF" not in page
