"""Acceptance: the Kasi returns a KLKC application naming the KTP and the address; the citizen
can change exactly those; the record then reads right for the officer and for the public."""
import io
import re

import pytest

from portal.extensions import db, mail
from portal.models import Application, Document, History, ReturnedItem
from portal.workflow import transitions
from tests.fixtures.citizen import post_multipart, sample_png
from tests.fixtures.officers import decide_on_the_page

OLD_ADDRESS = "Jl. Duyung No. 5, RT 001/RW 002"  # tests/fixtures/citizen.py
NEW_ADDRESS = "Jl. Teuku Umar No. 9, RT 003/RW 001"
INTERNAL = "Pemohon ini sudah dua kali salah unggah; cek arsip lama."


@pytest.fixture
def returned_for_ktp_and_address(app, client, apply_online, officer, login_as):
    """SKCK (KLKC) applied online, approved by the Admin, returned by the Kasi with two ticks.

    Returns (application, correction link, the Kasi's logged-in client)."""
    _, application = apply_online(client, "skck", "Lubuk Baja Kota")
    transitions.perform(application.id, "confirm", transitions.SYSTEM)
    transitions.perform(application.id, "approve",
                        transitions.actor_for(officer("Lubuk Baja Kota", "admin")),
                        expected_version=application.version)
    kasi = login_as(officer("Lubuk Baja Kota", "kasi"), app.test_client())
    page = kasi.get(f"/admin/data-baru/details/?id={application.id}").get_data(as_text=True)
    assert 'value="document.ktp"' in page and 'value="applicant_address"' in page
    with mail.record_messages() as outbox:
        response = decide_on_the_page(
            kasi, application.id, action="return", returned=["applicant_address", "document.ktp"],
            reason__applicant_address="RT/RW belum ditulis", reason__document__ktp="Foto buram",
            internal_note=INTERNAL)
    assert response.status_code == 302, response.get_data(as_text=True)
    returned_mail = outbox[-1].body
    assert "Alamat: RT/RW belum ditulis" in returned_mail
    assert "KTP-el pemohon: Foto buram" in returned_mail
    assert "Kasi Kelurahan Lubuk Baja Kota mengembalikan" in returned_mail
    link = re.search(r"http://localhost(/perbaikan/\S+)", returned_mail).group(1)
    link = client.get(link).headers["Location"]  # the page without the token
    db.session.expire_all()
    return db.session.get(Application, application.id), link, kasi


def _correction_form(client, link: str, **values) -> dict:
    page = client.get(link).get_data(as_text=True)
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    return {"form_token": token, "version": version, **values}


def test_the_citizen_corrects_exactly_what_was_returned_and_the_record_reads_right(
        client, returned_for_ktp_and_address):
    application, link, kasi = returned_for_ktp_and_address
    stored = db.session.execute(db.select(ReturnedItem).order_by(ReturnedItem.id)).scalars()
    assert [(i.item_key, i.label, i.reason) for i in stored] == [
        ("applicant_address", "Alamat", "RT/RW belum ditulis"),
        ("document.ktp", "KTP-el pemohon", "Foto buram")]
    old_ktp = next(d for d in application.documents if d.requirement_key == "ktp")

    page = client.get(link).get_data(as_text=True)
    assert 'name="address"' in page and 'name="doc_ktp"' in page
    for locked in ("nik", "kk", "name", "email", "phone", "f_keperluan", "doc_kk", "doc_pas_foto"):
        assert f'name="{locked}"' not in page, locked
    assert "RT/RW belum ditulis" in page and "Foto buram" in page
    assert "2171064501900001" in page  # the NIK is shown, read-only

    form = _correction_form(client, link, address=NEW_ADDRESS,
                            doc_ktp=(io.BytesIO(sample_png((10, 120, 40))), "ktp-jelas.png"))
    done = post_multipart(client, link, form)
    assert done.status_code == 200 and "Perbaikan terkirim" in done.get_data(as_text=True)

    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.applicant_address == NEW_ADDRESS
    assert (application.status, application.pending_step) == ("disetujui", "kasi")
    assert application.status_label == "Diperbaiki oleh pemohon"
    assert db.session.get(Document, old_ktp.id).superseded_at is not None

    queue = kasi.get("/admin/data-baru/").get_data(as_text=True)
    assert application.reg_no in queue
    details = kasi.get(f"/admin/data-baru/details/?id={application.id}").get_data(as_text=True)
    history = details[details.index('id="history"'):]
    assert "Diperbaiki pemohon" in history and "Diperbaiki oleh pemohon" in history
    assert "KTP-el pemohon diganti" in history
    assert f"Alamat: {OLD_ADDRESS} → {NEW_ADDRESS}" in history
    assert "Disetujui Admin Kelurahan Lubuk Baja Kota" not in history.split("Diperbaiki pemohon")[1]
    assert INTERNAL in history

    berkas = details[details.index('id="berkas"'):details.index('id="riwayat"')]
    old_href = f"/admin/data-baru/document/{old_ktp.id}"
    assert old_href in berkas and "KTP-el pemohon (diganti)" in berkas
    assert berkas.index("KTP-el pemohon") < berkas.index("Kartu Keluarga")  # not moved to the end
    assert kasi.get(old_href + "?inline=1").status_code == 200

    public = client.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert "Diperbaiki oleh pemohon" in public
    assert "Bagian yang diperbaiki: Alamat, KTP-el pemohon" in public
    assert "Perlu diperbaiki: Alamat, KTP-el pemohon" in public
    for private in ("Jl. Duyung", "Teuku Umar", "ktp-jelas.png", INTERNAL):
        assert private not in public


def test_a_post_changing_an_unticked_field_is_refused_and_changes_nothing(
        client, returned_for_ktp_and_address):
    application, link, _kasi = returned_for_ktp_and_address
    before = (application.version, len(application.history), len(application.documents))
    form = _correction_form(client, link, address=NEW_ADDRESS, nik="2171064501900099",
                            doc_ktp=(io.BytesIO(sample_png()), "ktp-baru.png"))
    response = post_multipart(client, link, form)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "tidak diminta petugas untuk diperbaiki dan tidak dapat diubah: NIK" in text
    assert "Tidak ada yang disimpan" in text
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status == "dikembalikan"
    assert (application.applicant_nik, application.applicant_address) == (
        "2171064501900001", OLD_ADDRESS)
    assert (application.version, len(application.history), len(application.documents)) == before
    assert db.session.query(Document).filter_by(application_id=None).count() == 0


def test_an_unticked_document_cannot_be_swapped_in(client, returned_for_ktp_and_address):
    application, link, _kasi = returned_for_ktp_and_address
    form = _correction_form(client, link, address=NEW_ADDRESS,
                            doc_ktp=(io.BytesIO(sample_png()), "ktp.png"),
                            doc_kk=(io.BytesIO(sample_png()), "kk-lain.png"))
    response = post_multipart(client, link, form)
    assert response.status_code == 400
    assert "dapat diubah: Kartu Keluarga (KK)" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "dikembalikan"


def test_a_ticked_document_must_be_replaced_and_the_typed_address_stays(
        client, returned_for_ktp_and_address):
    application, link, _kasi = returned_for_ktp_and_address
    response = post_multipart(client, link, _correction_form(client, link, address=NEW_ADDRESS))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Petugas meminta berkas ini diganti" in text and f"{NEW_ADDRESS}</textarea>" in text
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "dikembalikan"


def test_a_reason_without_its_tick_is_pointed_out_and_nothing_is_decided(
        app, make_application, advance, officer, login_as):
    application = advance(make_application("skck"))
    admin = login_as(officer("Lubuk Baja Kota", "admin"), app.test_client())
    response = decide_on_the_page(admin, application.id, action="return", remark="Lihat alasan",
                                  reason__applicant_address="RT/RW belum ditulis")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Centang isian ini bila perlu diperbaiki, atau kosongkan alasannya." in text
    assert "RT/RW belum ditulis" in text  # what was typed stays
    ticked = decide_on_the_page(admin, application.id, action="approve",
                                returned=["applicant_address"])
    assert ticked.status_code == 400
    assert "hanya untuk Kembalikan untuk perbaikan" in ticked.get_data(as_text=True)
    nothing = decide_on_the_page(admin, application.id, action="return")
    assert nothing.status_code == 400
    assert "Centang isian atau berkas yang perlu diperbaiki" in nothing.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "konfirmasi"
    assert db.session.query(History).filter_by(application_id=application.id).count() == 2
