"""Acceptance: the Admin registers a walk-in application at the counter (loket).

A KLKC walk-in at Kelurahan Lubuk Baja Kota with one scanned document and one document
"diperiksa di loket": the receipt prints, the chain runs to the end, the recap counts it
under "loket", and a second walk-in for the same NIK inside the cooldown is refused with
the website's own message.
"""
import html
import io
import re

import pytest

from portal.extensions import db
from portal.models import (Application, AuditEntry, CounterPosition, OutboxMessage,
                           RequiredDocument, Service)
from portal.reports.recap import monthly_recap
from portal.workflow.engine import COUNTER_REMARK
from portal.citizens.submission import COUNTER_CHECK_REMARK
from tests.fixtures.citizen import form_token_of, post_multipart, sample_png

SERVICE = "pindah-antar-kecamatan"
URL = f"/admin/loket/{SERVICE}/"
NIK = "2171064501900001"


def _walk_in(**overrides) -> dict:
    values = {"nik": NIK, "kk": "2171060101200001", "name": "Siti Rahmawati", "email": "",
              "phone": "0812-3456-7890", "address": "Jl. Duyung No. 5",
              "f_alamat_tujuan": "Jl. Sudirman 1, Batam Kota", "f_alasan_pindah": "Pekerjaan",
              "f_jumlah_anggota_pindah": "2", "doc_ktp": (io.BytesIO(sample_png()), "ktp.png"),
              "diperiksa": "kk"}
    service = db.session.execute(db.select(Service).filter_by(code=SERVICE)).scalar_one()
    for field in service.fields:
        values.setdefault(f"f_{field.name}", field.option_list[0] if field.type == "select"
                          else "Batam Kota")
    values.update(overrides)
    return values


@pytest.fixture
def counter_service(demo):
    """The KLKC service with its cooldown; the RT/RW letter is optional for this scenario."""
    service = db.session.execute(db.select(Service).filter_by(code=SERVICE)).scalar_one()
    service.cooldown_days = 30
    db.session.execute(db.update(RequiredDocument).where(
        RequiredDocument.service_id == service.id,
        RequiredDocument.key == "pengantar_rtrw").values(mandatory=False))
    db.session.commit()
    return service


def _register(client, **overrides):
    data = _walk_in(**overrides)
    data["form_token"] = form_token_of(client.get(URL))
    response = post_multipart(client, URL, data)
    db.session.expire_all()
    return response


def _refusal(response) -> str:
    page = html.unescape(response.get_data(as_text=True))
    return re.search(r"Layanan [^<]*hanya dapat diajukan sekali[^<]*\.", page).group(0)


def test_a_walk_in_is_registered_checked_printed_finished_and_counted(
        client, counter_service, officer, login_as, advance, apply_online):
    admin = officer("Lubuk Baja Kota", "admin")
    login_as(admin)
    assert SERVICE in client.get("/admin/loket/").get_data(as_text=True)
    response = _register(client)
    assert response.status_code == 303
    application = db.session.execute(db.select(Application).filter_by(
        applicant_nik=NIK)).scalar_one()
    assert (application.channel, application.seen_at_counter) == ("loket", ["kk"])
    assert [doc.requirement_key for doc in application.documents] == ["ktp"]
    # Registered by the Admin at the counter, their own step done as the counter check.
    history = [(row.action, row.actor_kind, row.officer_id, row.remark)
               for row in application.history]
    assert history == [("submit", "officer", admin.id, COUNTER_REMARK),
                       ("approve", "officer", admin.id, COUNTER_CHECK_REMARK)]
    assert (application.pending_step, application.pending_unit_id) == ("kasi", admin.unit_id)
    receipt = client.get(response.headers["Location"])
    page = receipt.get_data(as_text=True)
    assert receipt.status_code == 200 and application.reg_no in page
    assert 'src="data:image/png;base64,' in page and "Perkiraan selesai" in page
    assert client.get(response.headers["Location"] + "?kertas=58mm").status_code == 200
    kasi_page = login_as(officer("Lubuk Baja Kota", "kasi"), client).get(
        f"/admin/data-baru/details/?id={application.id}").get_data(as_text=True)
    assert re.search(r'id="diperiksa-di-loket">\s*<li[^>]*>Kartu Keluarga', kasi_page)

    advance(application, approvals=7)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "selesai"
    year = application.created_at.year
    counted = [row for row in monthly_recap(year).rows if row.service_id == counter_service.id]
    assert [(row.submitted, row.loket, row.online) for row in counted] == [(1, 1, 0)]
    assert monthly_recap(year, channel="online").rows == []
    recap_page = login_as(officer("Lubuk Baja Kota", "kepala"), client).get(
        "/admin/rekap/?kanal=loket").get_data(as_text=True)
    assert "Diajukan di loket" in recap_page and "Pindah Antar Kecamatan" in recap_page

    # Inside the cooldown: refused at the counter with the message the website gives.
    login_as(admin)
    refused = _register(client, name="Siti Datang Lagi")
    assert refused.status_code == 200
    page = html.unescape(refused.get_data(as_text=True))
    assert 'value="Siti Datang Lagi"' in page and "sudah diterima tetap tersimpan" in page
    online, none = apply_online(client, service_code=SERVICE, email="siti@contoh.id")
    assert none is None and _refusal(refused) == _refusal(online)
    assert db.session.execute(db.select(db.func.count(Application.id))).scalar() == 1


def test_a_contact_given_at_the_counter_gets_the_received_notice(
        client, counter_service, officer, login_as):
    login_as(officer("Lubuk Baja Kota", "admin"))
    assert _register(client, email="siti@contoh.id").status_code == 303
    application = db.session.execute(db.select(Application)).scalar_one()
    templates = db.session.execute(db.select(OutboxMessage.template, OutboxMessage.recipient)
                                   .filter_by(application_id=application.id)).all()
    assert ("citizen_received", "siti@contoh.id") in templates


def test_a_missing_document_is_named_and_the_scan_stays(client, counter_service, officer,
                                                       login_as):
    login_as(officer("Lubuk Baja Kota", "admin"))
    response = _register(client, diperiksa="")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "Dokumen ini wajib diunggah." in page
    assert "Sudah diunggah: ktp.png" in page
    assert db.session.execute(db.select(Application)).first() is None


def test_another_position_needs_the_administrators_leave(client, counter_service, officer,
                                                         login_as):
    kasi = officer("Lubuk Baja Kota", "kasi")
    assert login_as(kasi).get("/admin/loket/").status_code == 403
    db.session.add(CounterPosition(position="kasi"))
    db.session.commit()
    assert client.get("/admin/loket/").status_code == 200
    assert _register(client).status_code == 303
    application = db.session.execute(db.select(Application)).scalar_one()
    # The Kasi took it in; the Admin's step still waits (only the Admin's own check skips it).
    assert (application.pending_step, [row.action for row in application.history]) == (
        "admin", ["submit"])


def test_queues_and_the_dashboard_show_and_filter_the_channel(client, counter_service, officer,
                                                              login_as, make_application,
                                                              advance):
    login_as(officer("Lubuk Baja Kota", "admin"))
    assert _register(client).status_code == 303
    counter_reg_no = db.session.execute(db.select(Application.reg_no)).scalar_one()
    online = advance(make_application(applicant_nik="2171064501900002"), approvals=1)
    login_as(officer("Lubuk Baja Kota", "kasi"), client)
    queue = client.get("/admin/data-baru/").get_data(as_text=True)
    assert "Kanal" in queue and "Loket" in queue and "Daring" in queue
    only_counter = client.get("/admin/data-baru/?flt0_1=loket").get_data(as_text=True)
    assert counter_reg_no in only_counter and online.reg_no not in only_counter
    for channel, waiting in (("", 2), ("loket", 1), ("online", 1)):
        home = client.get(f"/admin/?kanal={channel}").get_data(as_text=True)
        assert re.search(rf'id="jumlah-data-baru">{waiting}<', home), channel
    assert "Masuk bulan ini: 1 daring, 1 di loket." in home


def test_a_verified_account_found_by_nik_prefills_and_its_images_stand_in(
        client, counter_service, officer, login_as, citizen_account, identity_images):
    account = citizen_account(nik=NIK, name="Siti dari Akun", address="Jl. Akun No. 1")
    identity_images(account)
    login_as(officer("Lubuk Baja Kota", "admin"))
    page = html.unescape(client.get(f"{URL}?nik={NIK}").get_data(as_text=True))
    assert 'value="Siti dari Akun"' in page and "akun warga terverifikasi" in page
    logged = db.session.execute(db.select(AuditEntry.action, AuditEntry.object_id)).all()
    assert ("counter_lookup", str(account.id)) in logged
    # The account's KTP and KK stand in, as online: nothing to scan or tick.
    form = _walk_in(name="Siti dari Akun", diperiksa="")
    form.pop("doc_ktp")
    form["form_token"] = form_token_of(client.get(URL))
    assert post_multipart(client, URL, form).status_code == 303
    application = db.session.execute(db.select(Application)).scalar_one()
    assert sorted(doc.original_name for doc in application.documents) == [
        "foto-kk-akun.png", "foto-ktp-akun.png"]
    assert application.seen_at_counter is None
