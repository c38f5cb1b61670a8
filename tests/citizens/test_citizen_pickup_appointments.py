"""Pickup appointments: capacity per slot, working days, a code with its QR, hand-over by code."""
import html
import subprocess
from datetime import date, datetime

import pytest

from portal.extensions import db, mail
from portal.models import (Application, Holiday, Letter, OutboxMessage, PickupBooking,
                           frozen_clock)

FRIDAY = datetime(2026, 7, 10, 2, 0)  # 09:00 in Batam
MONDAY, TUESDAY = date(2026, 7, 13), date(2026, 7, 14)


@pytest.fixture
def finished(app, finish_application, issue_letter, citizen_account, citizen_login, client):
    """Two finished letters of a logged-in citizen at Kelurahan Lubuk Baja Kota; capacity 1."""
    app.config["PICKUP_SLOT_CAPACITY"] = 1
    citizen_account()
    first = finish_application("sku")
    second = finish_application("sku")
    for application in (first, second):
        issue_letter(application)
    citizen_login(client)
    return first, second


def _book(client, application, day: date, slot: str = "08:00"):
    with frozen_clock(FRIDAY):
        return client.post(f"/akun/permohonan/{application.reg_no}/ambil?day={day.isoformat()}",
                           data={"slot": slot})


def _booking(application) -> PickupBooking:
    db.session.expire_all()
    return db.session.execute(db.select(PickupBooking).filter_by(
        application_id=application.id)).scalar_one()


def test_only_working_days_from_tomorrow_are_offered(client, finished):
    with frozen_clock(FRIDAY):
        page = client.get(f"/akun/permohonan/{finished[0].reg_no}/ambil").get_data(True)
    assert "day=2026-07-13" in page and "day=2026-07-11" not in page
    assert "day=2026-07-12" not in page and "day=2026-07-10" not in page
    saturday = _book(client, finished[0], date(2026, 7, 11))
    assert saturday.status_code == 400


def test_a_holiday_of_the_administrator_calendar_is_neither_offered_nor_bookable(
        client, finished):
    db.session.add(Holiday(day=MONDAY, name="Cuti bersama"))
    db.session.commit()
    with frozen_clock(FRIDAY):
        page = client.get(f"/akun/permohonan/{finished[0].reg_no}/ambil").get_data(True)
    assert "day=2026-07-13" not in page and "day=2026-07-14" in page
    assert _book(client, finished[0], MONDAY).status_code == 400
    assert _book(client, finished[0], TUESDAY).status_code == 303


def test_a_full_slot_is_refused_and_another_slot_is_free(client, finished):
    first, second = finished
    assert _book(client, first, MONDAY).status_code == 303
    full = _book(client, second, MONDAY)
    assert full.status_code == 400 and "sudah penuh" in html.unescape(full.get_data(True))
    assert _book(client, second, MONDAY, "10:00").status_code == 303


def test_the_code_is_emailed_and_its_qr_decodes_to_it(client, finished, tmp_path):
    with mail.record_messages() as sent:
        _book(client, finished[0], MONDAY)
    booking = _booking(finished[0])
    with frozen_clock(FRIDAY):
        page = client.get(f"/akun/permohonan/{finished[0].reg_no}/ambil").get_data(True)
    assert booking.code in page
    message = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_pickup_booked")).scalar_one()
    assert booking.code in sent[0].body and message.recipient == "siti@contoh.id"
    qr = client.get(f"/akun/permohonan/{finished[0].reg_no}/ambil/qr.png")
    assert qr.mimetype == "image/png"
    (tmp_path / "qr.png").write_bytes(qr.data)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "qr.png")],
                             capture_output=True, check=True).stdout.decode().strip()
    assert decoded == booking.code


def _decoded_qr(png: bytes, path) -> str:
    path.write_bytes(png)
    return subprocess.run(["zbarimg", "--quiet", "--raw", str(path)],
                          capture_output=True, check=True).stdout.decode().strip()


def test_the_booking_email_shows_the_code_and_its_qr_as_an_inline_image(
        mailing_app, finish_application, issue_letter, citizen_account, citizen_login, tmp_path):
    mail_app, inbox = mailing_app
    citizen_account()
    application = finish_application("sku")
    issue_letter(application)
    mail_client = mail_app.test_client()
    with mail_app.app_context():
        citizen_login(mail_client)
        assert _book(mail_client, application, MONDAY).status_code == 303
    email = inbox.wait_for_to("siti@contoh.id", 1)[0]
    code = _booking(application).code
    assert code in email["Subject"] and code in email.get_body(("plain",)).get_content()
    images = [part for part in email.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1
    content_id = images[0]["Content-ID"].strip("<>")
    assert f'src="cid:{content_id}"' in email.get_body(("html",)).get_content()
    assert _decoded_qr(images[0].get_content(), tmp_path / "email-qr.png") == code


def test_cancelling_frees_the_place_until_the_day_before(client, finished):
    first, second = finished
    _book(client, first, MONDAY)
    with frozen_clock(FRIDAY):
        client.post(f"/akun/permohonan/{first.reg_no}/ambil/batal")
    assert _booking(first).cancelled_at is not None
    assert _book(client, second, MONDAY).status_code == 303
    with frozen_clock(datetime(2026, 7, 13, 1, 0)):  # on the day itself
        client.post(f"/akun/permohonan/{second.reg_no}/ambil/batal")
    assert _booking(second).cancelled_at is None


def test_rebooking_moves_the_place(client, finished):
    first, second = finished
    _book(client, first, MONDAY)
    old_code = _booking(first).code
    assert _book(client, first, TUESDAY).status_code == 303
    moved = _booking(first)
    assert moved.day == TUESDAY and moved.code != old_code
    assert _book(client, second, MONDAY).status_code == 303


def test_no_booking_before_the_letter_exists(client, finish_application, citizen_account,
                                             citizen_login):
    citizen_account()
    application = finish_application("sku")  # Selesai, but no letter printed yet
    citizen_login(client)
    with frozen_clock(FRIDAY):
        page = client.get(f"/akun/permohonan/{application.reg_no}/ambil").get_data(True)
    assert 'id="jadwal"' not in page
    assert "dapat dipilih setelah surat terbit" in page
    refused = _book(client, application, MONDAY)
    assert refused.status_code == 400
    assert db.session.query(PickupBooking).count() == 0


def test_nobody_books_someone_elses_letter(client, finished, finish_application):
    other = finish_application("sku", applicant_nik="2171064501909999")
    assert _book(client, other, MONDAY).status_code == 404


def test_hand_over_with_the_code_records_it_and_an_unknown_code_is_refused(
        client, finished, print_letter, switch_officer, officer, app):
    application = finished[0]
    _book(client, application, MONDAY)
    code = _booking(application).code
    print_letter(application)
    switch_officer(officer("Batu Selicin", "admin"))
    foreign = client.post("/admin/pengambilan/", data={"kode": code})
    assert foreign.status_code == 400
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    unknown = client.post("/admin/pengambilan/", data={"kode": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 400 and "tidak dikenal" in unknown.get_data(True)
    assert client.post("/admin/pengambilan/", data={"kode": code.lower()}).status_code == 303
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.status == "diserahkan"
    assert code in application.history[-1].remark
    letter = db.session.execute(db.select(Letter).filter_by(
        application_id=application.id)).scalar_one()
    assert code in letter.handed_over_to
    assert _booking(application).handed_over_at is not None
    again = client.post("/admin/pengambilan/", data={"kode": code})
    assert again.status_code == 400


@pytest.mark.parametrize("typed", ["{a}{b}", " {a} {b} ", "{a}-{b}", "{a} - {b}"])
def test_the_code_is_accepted_as_people_type_it(client, finished, print_letter, switch_officer,
                                                officer, typed):
    application = finished[0]
    _book(client, application, MONDAY)
    first, second = _booking(application).code.split("-")
    print_letter(application)
    switch_officer(officer("Lubuk Baja Kota", "admin"))
    spoken = typed.format(a=first.lower(), b=second.lower())
    assert client.post("/admin/pengambilan/", data={"kode": spoken}).status_code == 303
    assert db.session.get(Application, application.id).status == "diserahkan"
