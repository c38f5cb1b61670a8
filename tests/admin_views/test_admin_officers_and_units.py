"""Officer accounts and units: NIP checks, deactivation ends sessions, one-time passwords."""
import re

import pytest

from portal.extensions import db
from portal.models import AuditEntry, Officer, Unit


@pytest.fixture
def admin_client(console, client, login_as, administrator):
    return login_as(administrator)


def officer_form(officer: Officer, **changes) -> dict:
    data = {"nip": officer.nip, "name": officer.name, "email": officer.email,
            "position": officer.position or "", "unit": str(officer.unit_id or "__None"),
            "notify_mode": officer.notify_mode}
    if officer.active:
        data["active"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("nip, message", [
    ("19800110201001200", "NIP harus 18 digit angka."),
    ("1980011020100120AB", "NIP harus 18 digit angka."),
    ("197001012000011001", "NIP ini sudah terdaftar untuk petugas lain."),
])
def test_a_new_officer_needs_a_well_formed_unused_nip(admin_client, demo, nip, message):
    data = {"nip": nip, "name": "Petugas Baru", "email": "baru@layanan.local",
            "position": "admin", "unit": str(demo["Baloi Indah"].id), "active": "y",
            "notify_mode": "instant"}
    response = admin_client.post("/admin/petugas/new/", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert "Petugas Baru" in response.get_data(as_text=True)


@pytest.mark.parametrize("term, listed", [("Lubuk", 2), ("%", 0), ("_", 0)])
def test_the_search_box_takes_wildcards_literally(admin_client, demo, term, listed):
    page = admin_client.get("/admin/unit/", query_string={"search": term}).get_data(as_text=True)
    count = re.search(r'class="nav-link active">[^<(]*(?:\((\d+)\))?<', page)
    assert int(count.group(1) or 0) == listed


def test_a_unit_officer_needs_a_position_and_a_unit(admin_client):
    data = {"nip": "199001012020011001", "name": "Tanpa Jabatan", "position": "",
            "unit": "__None", "active": "y", "notify_mode": "instant"}
    response = admin_client.post("/admin/petugas/new/", data=data)
    page = response.get_data(as_text=True)
    fields, summary = page.split('<form action="" method="POST"')[1], page.split("<form")[0]
    assert fields.count("Wajib diisi untuk petugas unit.") == 2  # under Jabatan and Unit
    assert summary.count("Wajib diisi untuk petugas unit.") == 2  # and both in the summary


def test_the_administrator_creates_an_officer(admin_client, demo):
    data = {"nip": "199001012020011001", "name": "Petugas Baru", "email": "baru@layanan.local",
            "position": "kasi", "unit": str(demo["Baloi Indah"].id), "active": "y",
            "notify_mode": "instant"}
    assert admin_client.post("/admin/petugas/new/", data=data).status_code == 302
    created = db.session.execute(db.select(Officer).filter_by(nip=data["nip"])).scalar_one()
    assert (created.position, created.unit.name, created.active) == ("kasi", "Baloi Indah", True)


def test_deactivating_an_officer_ends_their_sessions(admin_client, app, officer, login_as):
    kasi = officer("Lubuk Baja Kota", "kasi")
    kasi_client = login_as(kasi, app.test_client())
    old_token = kasi.session_token
    response = admin_client.post(f"/admin/petugas/edit/?id={kasi.id}",
                                 data=officer_form(kasi, active=None))
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Officer, kasi.id)
    assert not stored.active and stored.session_token != old_token
    with kasi_client.session_transaction() as session:
        from portal.officers.auth import load_officer
        assert load_officer(session["_user_id"]) is None


def test_reset_password_shows_a_generated_password_once(admin_client, officer):
    kasi = officer("Lubuk Baja Kota", "kasi")
    confirm = admin_client.get(f"/admin/petugas/reset-password/?id={kasi.id}")
    assert "Buat kata sandi baru" in confirm.get_data(as_text=True)
    response = admin_client.post(f"/admin/petugas/reset-password/?id={kasi.id}")
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="generated-password">([^<]+)<',
                         response.get_data(as_text=True)).group(1)
    db.session.expire_all()
    stored = db.session.get(Officer, kasi.id)
    assert len(password) >= 12 and stored.check_password(password)
    again = admin_client.get(f"/admin/petugas/reset-password/?id={kasi.id}")
    assert password not in again.get_data(as_text=True)
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        action="admin_reset_password")).scalar_one()
    assert password not in str(entry.detail)


def unit_form(unit: Unit, **changes) -> dict:
    data = {"kind": unit.kind, "code": unit.code, "short_code": unit.short_code,
            "name": unit.name, "parent": str(unit.parent_id or "__None"),
            "address": unit.address, "letterhead": unit.letterhead, "phone": unit.phone,
            "email": unit.email, "head_officer": str(unit.head_officer_id or "__None")}
    data.update(changes)
    return data


def test_a_unit_keeps_its_hierarchy_and_its_head_is_its_own_lurah(admin_client, demo, officer):
    unit = demo["Lubuk Baja Kota"]
    other_head = officer("Baloi Indah", "kepala")
    response = admin_client.post(f"/admin/unit/edit/?id={unit.id}", data=unit_form(
        unit, parent="__None", head_officer=str(other_head.id)))
    html = response.get_data(as_text=True)
    assert "Kelurahan harus memilih kecamatan induk" in html
    assert "Kepala harus petugas Lurah/Camat dari unit ini." in html
    response = admin_client.post(f"/admin/unit/edit/?id={unit.id}", data=unit_form(
        unit, letterhead="PEMERINTAH KOTA BATAM\nKECAMATAN LUBUK BAJA\nKELURAHAN LUBUK BAJA KOTA"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).letterhead_lines[-1] == "KELURAHAN LUBUK BAJA KOTA"


def test_a_unit_name_typed_with_its_kind_is_stored_bare(admin_client, demo):
    unit = demo["Baloi Indah"]
    response = admin_client.post(f"/admin/unit/edit/?id={unit.id}",
                                 data=unit_form(unit, name="  Kelurahan Baloi Indah "))
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Unit, unit.id)
    assert stored.name == "Baloi Indah" and stored.title == "Kelurahan Baloi Indah"


def test_a_title_never_repeats_the_kind_even_for_an_old_name_with_it(demo):
    unit = demo["Lubuk Baja"]
    unit.name = "Kecamatan Lubuk Baja"  # as typed before names were stored bare
    assert unit.title == "Kecamatan Lubuk Baja"
