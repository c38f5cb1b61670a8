"""The Admin's direct revision reads as its own event on both timelines, and the citizen is told
which data changed (the values stay on the officer's side)."""
from portal.extensions import db
from portal.messaging.channels.email import render_email
from portal.models import Application, OutboxMessage


def _revise(browser, application: Application, **changes):
    data = {"version": application.version, "applicant_name": application.applicant_name,
            "applicant_nik": application.applicant_nik, "applicant_kk": application.applicant_kk,
            "applicant_email": application.applicant_email,
            "applicant_phone": application.applicant_phone,
            "applicant_address": application.applicant_address}
    for field in application.definition_snapshot["fields"]:
        value = (application.form_data or {}).get(field["name"], "")
        data["data__" + field["name"]] = value or {"select": (field["options"] or [""])[0],
                                                   "number": "2"}.get(field["type"], "Isian")
    data.update(changes)
    return browser.post(f"/admin/in-progress/edit/?id={application.id}", data=data)


def test_a_revision_is_named_on_both_timelines_and_the_citizen_is_told(
        client, app, make_application, advance, officer, login_as):
    application = advance(make_application("pindah-antar-kecamatan"), approvals=1)
    admin = login_as(officer("Lubuk Baja Kota", "admin"), app.test_client())
    response = _revise(admin, application, applicant_name="Siti Rahmawati Putri",
                       applicant_address="Jl. Duyung No. 7")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status_label == "Disetujui Admin Kelurahan Lubuk Baja Kota"  # unchanged
    revision = application.history[-1]
    assert revision.status_label == "Data diperbaiki oleh Admin Kelurahan Lubuk Baja Kota"

    details = admin.get(f"/admin/in-progress/details/?id={application.id}").get_data(as_text=True)
    history = details[details.index('id="history"'):]
    assert "Data diperbaiki oleh Admin Kelurahan Lubuk Baja Kota" in history
    assert "Nama lengkap: Siti Rahmawati → Siti Rahmawati Putri" in history
    assert "Alamat: Jl. Duyung No. 5 → Jl. Duyung No. 7" in history

    public = client.get(f"/lacak?no={application.reg_no}").get_data(as_text=True)
    assert "Data diperbaiki oleh Admin Kelurahan Lubuk Baja Kota" in public
    assert "Bagian yang diperbaiki: Nama lengkap, Alamat" in public
    assert "Dikonfirmasi, menunggu verifikasi</strong>" in public  # the earlier steps stay
    assert "Putri" not in public and "Duyung" not in public

    notice = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_revised", application_id=application.id)).scalar_one()
    assert notice.recipient == application.applicant_email
    email = render_email(notice)
    assert "Data permohonan" in email.subject and application.reg_no in email.subject
    for part in (email.body, email.html):
        assert "Admin Kelurahan Lubuk Baja Kota memperbaiki data permohonan" in part
        assert "Nama lengkap, Alamat" in part
        assert "Putri" not in part and "Duyung" not in part



def test_a_revised_email_address_is_told_at_the_old_and_the_new_address(
        app, make_application, advance, officer, login_as):
    application = advance(make_application("pindah-antar-kecamatan"), approvals=1)
    admin = login_as(officer("Lubuk Baja Kota", "admin"), app.test_client())
    response = _revise(admin, application, applicant_email="Siti.Baru@Contoh.id")
    assert response.status_code == 302, response.get_data(as_text=True)
    notices = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_revised", application_id=application.id)).scalars().all()
    assert sorted(notice.recipient for notice in notices) == ["siti.baru@contoh.id",
                                                              "siti@contoh.id"]
    assert all("Email" in render_email(notice).body for notice in notices)
