"""Low-code services: the Administrator creates and edits services through the admin screens."""
import re

import pytest

from portal.extensions import db
from portal.models import Application, Service

NEW_SERVICE = {
    "code": "surat-keterangan-tidak-mampu", "name": "Surat Keterangan Tidak Mampu",
    "flow": "KL", "description": "Keterangan tidak mampu untuk keringanan biaya.",
    "classification_code": "400", "service_level_days": "3", "is_open": "y",
    "signer_mode": "head", "letter_template": "", "sort_order": "24",
    "cooldown_days": "0", "daily_quota": "0",
    "fields-0-name": "keperluan", "fields-0-label": "Keperluan", "fields-0-type": "text",
    "fields-0-options": "", "fields-0-required": "y", "fields-0-position": "1",
    "fields-0-help_text": "Mis. keringanan biaya sekolah",
    "fields-1-name": "jumlah_tanggungan", "fields-1-label": "Jumlah tanggungan",
    "fields-1-type": "select", "fields-1-options": "1\n2\n3\nLebih dari 3",
    "fields-1-required": "y", "fields-1-position": "2", "fields-1-help_text": "",
    "documents-0-key": "surat_pengantar_rt", "documents-0-label": "Surat pengantar RT/RW",
    "documents-0-mandatory": "y", "documents-0-accepted_types": ["pdf", "jpg"],
    "documents-0-max_size_kb": "2048", "documents-0-position": "1",
}


def form_of(service: Service) -> dict:
    """The edit form as the browser would post it back unchanged."""
    data = {"code": service.code, "name": service.name, "flow": service.flow,
            "description": service.description, "sort_order": str(service.sort_order),
            "classification_code": service.classification_code,
            "service_level_days": str(service.service_level_days),
            "signer_mode": service.signer_mode, "letter_template": service.letter_template or "",
            "cooldown_days": str(service.cooldown_days), "daily_quota": str(service.daily_quota)}
    data.update({name: "y" for name in ("is_open", "allow_citizen_download", "requires_account",
                                        "one_open_per_nik")
                 if getattr(service, name)})
    for i, field in enumerate(service.fields):
        data.update({f"fields-{i}-id": str(field.id), f"fields-{i}-name": field.name,
                     f"fields-{i}-label": field.label, f"fields-{i}-type": field.type,
                     f"fields-{i}-options": field.options, f"fields-{i}-position": str(i),
                     f"fields-{i}-help_text": field.help_text})
        if field.required:
            data[f"fields-{i}-required"] = "y"
    for i, doc in enumerate(service.documents):
        data.update({f"documents-{i}-id": str(doc.id), f"documents-{i}-key": doc.key,
                     f"documents-{i}-label": doc.label, f"documents-{i}-position": str(i),
                     f"documents-{i}-accepted_types": doc.accepted_list,
                     f"documents-{i}-max_size_kb": str(doc.max_size_kb),
                     f"documents-{i}-identity": doc.identity})
        if doc.mandatory:
            data[f"documents-{i}-mandatory"] = "y"
    return data


@pytest.fixture
def admin_client(console, client, login_as, administrator):
    return login_as(administrator)


def service_by_code(code):
    db.session.expire_all()
    return db.session.execute(db.select(Service).filter_by(code=code)).scalar_one_or_none()


def test_administrator_creates_a_24th_service_with_two_fields_and_a_document(admin_client):
    response = admin_client.post("/admin/layanan/new/", data=NEW_SERVICE)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.query(Service).count() == 24
    service = service_by_code("surat-keterangan-tidak-mampu")
    snapshot = service.definition_snapshot()
    assert snapshot["service"] == {"code": "surat-keterangan-tidak-mampu",
                                   "name": "Surat Keterangan Tidak Mampu", "flow": "KL"}
    assert [(f["name"], f["type"], f["options"]) for f in snapshot["fields"]] == [
        ("keperluan", "text", []), ("jumlah_tanggungan", "select", ["1", "2", "3", "Lebih dari 3"])]
    assert snapshot["documents"] == [{
        "key": "surat_pengantar_rt", "label": "Surat pengantar RT/RW", "mandatory": True,
        "accepted_types": ["pdf", "jpg"], "max_size_kb": 2048, "at_counter": False,
        "identity": ""}]
    assert (service.service_level_days, service.classification_code) == (3, "400")
    listing = admin_client.get("/admin/layanan/").get_data(as_text=True)
    assert "Surat Keterangan Tidak Mampu" in listing


@pytest.mark.parametrize("changes, message", [
    ({"code": "sku"}, "Kode layanan ini sudah dipakai layanan lain."),
    ({"code": "Surat Baru!"}, "Kode hanya huruf kecil, angka dan tanda hubung"),
    ({"fields-0-name": "Nama Usaha"}, "Nama isian harus berupa pengenal"),
    ({"fields-0-name": "class"}, "Nama isian harus berupa pengenal"),
    ({"fields-1-options": ""}, "Isian jenis Pilihan memerlukan minimal satu opsi"),
    ({"fields-1-name": "keperluan"}, "Nama isian &#39;keperluan&#39; dipakai lebih dari sekali"),
    ({"documents-0-accepted_types": []}, "Pilih minimal satu jenis berkas yang diterima."),
    ({"documents-0-accepted_types": ["exe"]}, "Jenis berkas &#39;exe&#39; tidak dikenal"),
    ({"service_level_days": "0"}, "Batas waktu antara 1 dan 60 hari kerja."),
    ({"documents-0-identity": "ktp", "documents-1-key": "ktp_pemohon",
      "documents-1-label": "KTP pemohon", "documents-1-accepted_types": ["pdf"],
      "documents-1-max_size_kb": "1024", "documents-1-identity": "ktp"},
     "Dokumen identitas &#39;ktp&#39; dipilih untuk lebih dari satu dokumen."),
])
def test_a_bad_service_is_refused_with_a_clear_message_and_nothing_typed_is_lost(
        admin_client, changes, message):
    response = admin_client.post("/admin/layanan/new/", data={**NEW_SERVICE, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert "Mis. keringanan biaya sekolah" in html  # what was typed is shown again
    assert db.session.query(Service).count() == 23


def test_editing_a_label_or_removing_a_field_leaves_in_flight_applications_alone(
        admin_client, make_application):
    application = make_application(service_code="sku")
    before = application.definition_snapshot
    service = service_by_code("sku")
    data = form_of(service)
    first_label, last = data["fields-0-label"], len(service.fields) - 1
    data["fields-0-label"] = "Label baru dari Administrator"
    data[f"del-fields-{last}"] = "y"
    removed = data[f"fields-{last}-name"]
    response = admin_client.post(f"/admin/layanan/edit/?id={service.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    edited = service_by_code("sku")
    assert edited.fields[0].label == "Label baru dari Administrator"
    assert removed not in [f.name for f in edited.fields]
    stored = db.session.get(Application, application.id)
    assert stored.definition_snapshot == before
    assert stored.definition_snapshot["fields"][0]["label"] == first_label
    assert removed in [f["name"] for f in stored.definition_snapshot["fields"]]


def test_service_changes_are_audited_with_before_and_after(admin_client):
    from portal.models import AuditEntry

    service = service_by_code("sku")
    data = form_of(service)
    data["service_level_days"] = "4"
    admin_client.post(f"/admin/layanan/edit/?id={service.id}", data=data)
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        action="admin_update", object_type="services")).scalar_one()
    assert entry.detail == {"before": {"service_level_days": 2},
                            "after": {"service_level_days": 4}}
    assert entry.object_id == str(service.id)


def test_accepted_types_are_a_list_of_check_boxes_not_a_one_line_input(admin_client):
    page = admin_client.get(f"/admin/layanan/edit/?id={service_by_code('sku').id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r'<ul class="list-unstyled mb-0" id="documents-0-accepted_types"', html)
    assert 'class="form-control" id="documents-0-accepted_types"' not in html
