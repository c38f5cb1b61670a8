"""Acceptance: Data Baru, In Progress and Data Selesai show each officer exactly their unit's work."""
import pytest
from flask import url_for
from sqlalchemy import insert, text

from portal.extensions import db
from portal.models import Application, Service, utcnow


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_three_tabs_follow_an_application_through_the_kelurahan(
        make_application, advance, officer, login_as, app):
    application = advance(make_application("sku"))
    admin = login_as(officer("Lubuk Baja Kota", "admin"), app.test_client())
    assert application.reg_no in page(admin, "/admin/data-baru/")
    assert "Data Baru (1)" in page(admin, "/admin/data-baru/")
    advance(application, approvals=1)
    assert application.reg_no not in page(admin, "/admin/data-baru/")
    assert application.reg_no in page(admin, "/admin/in-progress/")
    advance(application, approvals=3)
    assert application.reg_no not in page(admin, "/admin/in-progress/")
    finished = page(admin, "/admin/data-selesai/")
    assert application.reg_no in finished and "Data Selesai" in finished
    assert "Data Selesai (" not in finished  # an archive is not counted on every page


def test_a_kecamatan_sees_klkc_items_only_from_its_stage_with_their_earlier_history(
        make_application, advance, officer, login_as, demo):
    klkc = advance(make_application("pindah-antar-kecamatan"), approvals=3)
    kc = advance(make_application("kartu-pencari-kerja"))
    kl = advance(make_application("sku"), approvals=3)
    camat_admin = login_as(officer("Lubuk Baja", "admin"))
    listing = page(camat_admin, "/admin/data-baru/")
    assert kc.reg_no in listing and klkc.reg_no not in listing and kl.reg_no not in listing
    assert camat_admin.get(f"/admin/data-baru/details/?id={klkc.id}").status_code == 404
    advance(klkc, approvals=1)
    assert klkc.reg_no in page(camat_admin, "/admin/data-baru/")
    details = page(camat_admin, f"/admin/data-baru/details/?id={klkc.id}")
    assert "Lurah" in details and "Kasi Kelurahan" in details and "Disetujui" in details


def test_a_kecamatan_never_sees_another_kecamatans_applications(
        make_application, advance, officer, login_as, demo):
    other_kelurahan = demo["Batam Kota"].children[0].name
    foreign = advance(make_application("kartu-pencari-kerja", home=other_kelurahan))
    browser = login_as(officer("Lubuk Baja", "admin"))
    assert foreign.reg_no not in page(browser, "/admin/data-baru/")
    assert browser.get(f"/admin/data-baru/details/?id={foreign.id}").status_code == 404


@pytest.mark.parametrize("term", ["Cahya Permata", "2171069912880001", "12880001",
                                  "Cahya 2171069912880001", "+6281399998888",
                                  "cahya@contoh.id", "REGNO"])
def test_search_by_name_nik_phone_email_or_registration_number(
        make_application, advance, officer, login_as, term):
    wanted = advance(make_application(applicant_name="Cahya Permata", applicant_nik="2171069912880001",
                                      applicant_phone="+6281399998888", applicant_email="cahya@contoh.id"))
    other = advance(make_application())
    term = wanted.reg_no if term == "REGNO" else term
    listing = page(login_as(officer("Lubuk Baja Kota", "admin")), f"/admin/data-baru/?search={term}")
    assert wanted.reg_no in listing and other.reg_no not in listing


@pytest.mark.parametrize("term", ["%", "_", "Cahya_Permata"])
def test_search_takes_wildcards_literally(make_application, advance, officer, login_as, term):
    wanted = advance(make_application(applicant_name="Cahya Permata"))
    listing = page(login_as(officer("Lubuk Baja Kota", "admin")), f"/admin/data-baru/?search={term}")
    assert wanted.reg_no not in listing


def test_pilih_pengurusan_filters_by_service(make_application, advance, officer, login_as):
    sku = advance(make_application("sku"))
    pindah = advance(make_application("pindah-antar-kecamatan"))
    service_id = db.session.execute(db.select(Service.id).filter_by(code="sku")).scalar_one()
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    listing = page(browser, "/admin/data-baru/")
    assert "Pilih Pengurusan" in listing and "Surat Keterangan Usaha" in listing
    filtered = page(browser, f"/admin/data-baru/?flt0_0={service_id}")
    assert sku.reg_no in filtered and pindah.reg_no not in filtered


def test_cetak_appears_in_data_selesai_for_the_issuing_admin_only(
        app, officer, make_application, advance, login_as):
    application = advance(make_application("sku"), approvals=4)
    with app.test_request_context():
        cetak = url_for("letters.print_letter", application_id=application.id)
    admin = login_as(officer("Lubuk Baja Kota", "admin"))
    listing = page(admin, "/admin/data-selesai/")
    details = page(admin, f"/admin/data-selesai/details/?id={application.id}")
    assert "Cetak" in listing and cetak.replace("&", "&amp;") in listing
    assert cetak.replace("&", "&amp;") in details
    kasi = login_as(officer("Lubuk Baja Kota", "kasi"))
    assert cetak.replace("&", "&amp;") not in page(kasi, "/admin/data-selesai/")


def test_data_baru_uses_the_queue_index(postgresql_only, demo, officer, login_as, app):
    service = db.session.execute(db.select(Service).filter_by(code="sku")).scalar_one()
    units = [u.id for u in demo.values()]
    rows = [{"reg_no": f"X{i:06d}", "service_id": service.id, "applicant_nik": "2171060000000000",
             "applicant_kk": "2171060000000000", "applicant_name": f"Pemohon {i}",
             "applicant_email": "x@contoh.id", "applicant_phone": "+6281200000000",
             "home_unit_id": units[i % len(units)], "pending_unit_id": units[i % len(units)],
             "pending_step": ("admin", "kasi", "sekretaris", "kepala")[i % 4],
             "status": "disetujui", "version": 1, "form_data": {}, "definition_snapshot": {},
             "created_at": utcnow(), "updated_at": utcnow()} for i in range(20000)]
    db.session.execute(insert(Application), rows)
    db.session.commit()
    db.session.execute(text("ANALYZE applications"))
    browser = login_as(officer("Lubuk Baja Kota", "admin"))
    with app.test_request_context():
        from flask_login import login_user
        login_user(officer("Lubuk Baja Kota", "admin"))
        view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "data_baru")
        statement = view.get_query().order_by(Application.created_at).limit(20).statement
        compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    plan = "\n".join(r[0] for r in db.session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_applications_queue" in plan, plan
    assert browser.get("/admin/data-baru/").status_code == 200
