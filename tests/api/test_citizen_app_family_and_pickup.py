"""Acceptance: over the API a citizen adds family members and books, moves and cancels a
pickup appointment, with the same rules and messages as the account pages."""
import io
from datetime import datetime

from portal.extensions import db
from portal.models import FamilyMember, OutboxMessage, PickupBooking, frozen_clock
from tests.fixtures.accounts import CITIZEN_PASSWORD
from tests.fixtures.citizen import sample_pdf

API = "/api/v1"
FRIDAY = datetime(2026, 7, 10, 2, 0)  # 09:00 in Batam


def bearer(client) -> dict:
    answer = client.post(f"{API}/masuk", json={"nik": "2171064501900001",
                                               "password": CITIZEN_PASSWORD})
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def member(**values) -> dict:
    return {"nik": "2171064501900009", "name": "Rudi Hartono", "relationship_label": "Anak",
            "kk": "2171060101200001", **values}


def test_family_members_on_the_account_kk_are_active_at_once(client, citizen_account):
    citizen_account()
    auth = bearer(client)
    added = client.post(f"{API}/keluarga", data=member(), headers=auth)
    assert added.status_code == 201
    assert added.get_json() == {"id": added.get_json()["id"], "nik": "2171064501900009",
                                "name": "Rudi Hartono", "relationship": "Anak",
                                "kk": "2171060101200001", "status": "active",
                                "refusal_reason": ""}
    twice = client.post(f"{API}/keluarga", data=member(), headers=auth)
    assert twice.status_code == 409
    assert twice.get_json()["error"]["message"] == "NIK ini sudah ada di akun Anda."
    other_kk = client.post(f"{API}/keluarga", headers=auth,
                           data=member(nik="2171064501900010", kk="2171060101200099"))
    assert other_kk.status_code == 409 and "bukti hubungan" in other_kk.get_json()[
        "error"]["message"]
    with_proof = client.post(f"{API}/keluarga", headers=auth, data=member(
        nik="2171064501900010", kk="2171060101200099",
        doc_proof=(io.BytesIO(sample_pdf()), "akta.pdf")))
    assert with_proof.status_code == 201 and with_proof.get_json()["status"] == "waiting"
    bad = client.post(f"{API}/keluarga", headers=auth, data=member(nik="12345"))
    assert bad.status_code == 422
    assert bad.get_json()["error"]["fields"]["nik"].startswith("Harus tepat 16 digit")
    listed = client.get(f"{API}/keluarga", headers=auth).get_json()
    assert listed["maximum"] == 5 and [row["status"] for row in listed["members"]] == [
        "active", "waiting"]
    assert db.session.query(FamilyMember).count() == 2


def test_a_pickup_slot_is_booked_moved_and_cancelled(app, client, citizen_account,
                                                     finish_application, issue_letter):
    citizen_account()
    application = finish_application("sku")
    issue_letter(application)
    auth = bearer(client)
    url = f"{API}/permohonan/{application.reg_no}/pengambilan"
    with frozen_clock(FRIDAY):
        options = client.get(url, headers=auth).get_json()
        assert options["letter_ready"] is True and options["booking"] is None
        assert {"day": "2026-07-13", "slot": "08:00", "free": 5} in options["slots"]
        assert not any(slot["day"] == "2026-07-11" for slot in options["slots"])  # Saturday
        saturday = client.post(url, json={"day": "2026-07-11", "slot": "08:00"}, headers=auth)
        assert saturday.status_code == 409
        assert saturday.get_json()["error"]["message"] == "Pilih hari kerja dan jam yang tersedia."
        booked = client.post(url, json={"day": "2026-07-13", "slot": "08:00"}, headers=auth)
        assert booked.status_code == 200
        booking = booked.get_json()["booking"]
        assert booking["day"] == "2026-07-13" and booking["slot"] == "08:00"
        assert booking["office"] == "Kelurahan Lubuk Baja Kota" and len(booking["code"]) >= 8
        moved = client.post(url, json={"day": "2026-07-14", "slot": "10:00"}, headers=auth)
        assert moved.get_json()["booking"]["day"] == "2026-07-14"
        assert client.delete(url, headers=auth).get_json()["booking"] is None
    assert db.session.query(OutboxMessage).filter_by(template="citizen_pickup_booked").count() == 2
    assert db.session.execute(db.select(PickupBooking)).scalar_one().cancelled_at is not None
    bad_day = client.post(url, json={"day": "besok", "slot": "08:00"}, headers=auth)
    assert bad_day.status_code == 422 and bad_day.get_json()["error"]["fields"] == {
        "day": "Tanggal tidak valid (format HHHH-BB-TT)."}
