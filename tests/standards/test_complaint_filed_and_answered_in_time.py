"""Acceptance: a complaint gets a number, goes to the unit's Admin, runs on a working-day
clock like applications, and its answer reaches the citizen; officers of other units cannot
see it."""
from datetime import date, datetime
from urllib.parse import urlsplit

from portal.extensions import db
from portal.models import AuditEntry, Complaint, Holiday, OutboxMessage, frozen_clock
from portal.standards import complaints

# Friday 4 December 2026, 10:00 WIB.
FILED = datetime(2026, 12, 4, 3, 0)


def _notice(template: str) -> OutboxMessage:
    return db.session.execute(db.select(OutboxMessage).filter_by(template=template)).scalar_one()


def _file_from_tracking_page(app, application) -> Complaint:
    with frozen_clock(FILED):
        response = app.test_client().post("/pengaduan/baru", data={
            "no": application.reg_no, "kind": "pengaduan", "name": "Siti Rahmawati",
            "email": "siti@contoh.id", "message": "Petugas loket tidak ada pukul 09.00."})
    assert response.status_code == 303
    number = urlsplit(response.headers["Location"]).path.rsplit("/", 1)[-1]
    return db.session.execute(db.select(Complaint).filter_by(number=number)).scalar_one()


def test_a_complaint_from_the_tracking_page_is_answered_and_the_citizen_hears(
        app, client, login_as, officer, make_application, advance):
    application = advance(make_application("sku"))
    assert "Sampaikan pengaduan" in client.get(f"/lacak?no={application.reg_no}").get_data(
        as_text=True)
    db.session.add(Holiday(day=date(2026, 12, 8), name="Cuti bersama"))
    db.session.commit()
    complaint = _file_from_tracking_page(app, application)
    assert complaint.number.startswith("ADU-2612-") and complaint.unit.name == "Lubuk Baja Kota"
    # Five working days after Friday 4 Dec, skipping the weekend and Tuesday's holiday.
    assert complaint.due_on == date(2026, 12, 14)
    received = _notice("citizen_complaint_received")
    assert received.recipient == "siti@contoh.id" and received.payload["number"] == complaint.number

    login_as(officer("Lubuk Baja Kota", "admin"))
    with frozen_clock(datetime(2026, 12, 9, 3, 0)):  # Wednesday: Mon 7 and Wed 9 = 2 days
        listing = client.get("/admin/pengaduan/").get_data(as_text=True)
        assert complaint.number in listing and "Belum dijawab" in listing
        answered = client.post(f"/admin/pengaduan/edit/?id={complaint.id}",
                               data={"answer": "Mohon maaf, petugas kini hadir pukul 08.00."})
    assert answered.status_code == 302
    db.session.expire_all()
    assert complaint.answered_at and complaint.working_days == 2 and complaint.within_level
    answer = _notice("citizen_complaint_answered")
    assert answer.payload["answer"] == "Mohon maaf, petugas kini hadir pukul 08.00."
    assert db.session.execute(db.select(AuditEntry).filter_by(
        action="complaint_answer")).scalar_one().object_id == str(complaint.id)
    page = app.test_client().get(f"/pengaduan/{complaint.number}").get_data(as_text=True)
    assert "petugas kini hadir pukul 08.00" in page and "14 Desember 2026" in page


def test_an_unanswered_complaint_past_its_clock_is_flagged(client, login_as, officer, demo):
    with frozen_clock(FILED):
        complaint = complaints.file_complaint(demo["Lubuk Baja Kota"], "Jalan rusak.", "Budi",
                                              "budi@contoh.id")
    with frozen_clock(datetime(2026, 12, 15, 3, 0)):  # six working days later
        assert complaints.is_overdue(complaint)
        login_as(officer("Lubuk Baja Kota", "admin"))
        assert "Lewat batas" in client.get("/admin/pengaduan/").get_data(as_text=True)


def test_officers_of_other_units_cannot_see_it(client, login_as, officer, demo):
    complaint = complaints.file_complaint(demo["Lubuk Baja Kota"], "Antre lama.", "Budi",
                                          "budi@contoh.id")
    login_as(officer("Batu Selicin", "admin"))
    assert complaint.number not in client.get("/admin/pengaduan/").get_data(as_text=True)
    assert client.get(f"/admin/pengaduan/details/?id={complaint.id}").status_code == 404
    assert client.post(f"/admin/pengaduan/edit/?id={complaint.id}",
                       data={"answer": "Bukan urusan kami"}).status_code == 404
    login_as(officer("Lubuk Baja Kota", "kasi"))  # same unit, not the Admin: reads only
    assert client.get(f"/admin/pengaduan/details/?id={complaint.id}").status_code == 200
    assert client.post(f"/admin/pengaduan/edit/?id={complaint.id}",
                       data={"answer": "x"}).status_code == 403
    db.session.expire_all()
    assert complaint.answer is None


def test_a_complaint_about_a_service_names_its_office_and_keeps_what_was_typed(app, demo):
    citizen = app.test_client()
    assert "Sampaikan pengaduan" in citizen.get("/layanan/sku").get_data(as_text=True)
    refused = citizen.post("/pengaduan/baru", data={
        "layanan": "sku", "kind": "saran", "name": "Budi", "email": "budi@contoh.id",
        "message": "Mohon loket dibuka Sabtu."})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Mohon loket dibuka Sabtu." in text
    assert "Wajib diisi." in text
    unit = demo["Batu Selicin"]
    filed = citizen.post("/pengaduan/baru", data={
        "layanan": "sku", "kind": "saran", "unit": str(unit.id), "name": "Budi",
        "email": "budi@contoh.id", "message": "Mohon loket dibuka Sabtu."})
    assert filed.status_code == 303
    stored = db.session.execute(db.select(Complaint)).scalar_one()
    assert (stored.unit_id, stored.kind, stored.service.code) == (unit.id, "saran", "sku")
