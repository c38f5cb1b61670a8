"""Personal data export: the account's data and applications, and nothing of anyone else."""
import json
from datetime import date

from portal.extensions import db
from portal.models import AuditEntry, PickupBooking


def test_the_export_holds_my_data_and_applications_and_nobody_elses(
        client, citizen_account, citizen_login, make_application):
    citizen_account()
    citizen_account(nik="2171064501909999", name="Budi Tetangga", email="budi@contoh.id")
    mine = make_application(applicant_nik="2171064501900001")
    other = make_application(applicant_nik="2171064501909999", applicant_name="Budi Tetangga",
                             applicant_email="budi@contoh.id")
    citizen_login(client)
    response = client.get("/akun/data-saya.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["account"]["nik"] == "2171064501900001"
    assert data["account"]["name"] == "Siti Rahmawati"
    assert [a["reg_no"] for a in data["applications"]] == [mine.reg_no]
    assert data["applications"][0]["history"][0]["action"] == "submit"
    text = json.dumps(data)
    for foreign in ("2171064501909999", "Budi", "budi@contoh.id", other.reg_no):
        assert foreign not in text
    for secret in ("password", "session_token", "reset_token"):
        assert secret not in text
    assert db.session.execute(db.select(AuditEntry).filter_by(
        action="personal_data_export")).scalar_one() is not None


def test_the_export_needs_a_login(client, citizen_account):
    citizen_account()
    assert client.get("/akun/data-saya.json").status_code == 302


def test_the_pdf_holds_my_data_and_applications_and_nobody_elses(
        client, citizen_account, citizen_login, make_application, finish_application):
    from portal.models import FamilyMember
    from tests.fixtures.letters import pdf_text

    account = citizen_account()
    db.session.add(FamilyMember(account=account, nik="2171064501900077", name="Ahmad Putra",
                                relationship_label="Anak", kk=account.kk, status="active"))
    db.session.commit()
    citizen_account(nik="2171064501909999", name="Budi Tetangga", email="budi@contoh.id")
    mine = make_application(applicant_nik="2171064501900001")
    finished = finish_application("sku", applicant_nik="2171064501900077",
                                  applicant_name="Ahmad Putra")
    other = make_application(applicant_nik="2171064501909999", applicant_name="Budi Tetangga",
                             applicant_email="budi@contoh.id")
    db.session.add(PickupBooking(application=finished, unit=finished.final_unit,
                                 day=date(2026, 7, 13), slot="10:00", code="PKP7QX2M"))
    db.session.commit()
    citizen_login(client)
    [exported] = [a for a in client.get("/akun/data-saya.json").get_json()["applications"]
                  if a["reg_no"] == finished.reg_no]
    assert exported["pickup_bookings"][0]["code"] == "PKP7QX2M"
    last_before = db.session.scalar(db.select(db.func.max(AuditEntry.id)))
    response = client.get("/akun/data-saya.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    text = " ".join(pdf_text(response.data).split())
    for shown in ("Siti Rahmawati", "2171064501900001", "siti@contoh.id", "Ahmad Putra",
                  mine.reg_no, mine.service.name, mine.status_label, finished.reg_no,
                  "Selesai", "Riwayat", "PKP7QX2M", "Senin, 13 Juli 2026"):
        assert shown in text, shown
    for foreign in ("2171064501909999", "Budi", "budi@contoh.id", other.reg_no):
        assert foreign not in text
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        action="personal_data_export").where(AuditEntry.id > last_before)).scalar_one()
    assert entry.detail == {"format": "pdf"} and entry.actor == "warga 2171064501900001"


def test_a_failing_pdf_renderer_gets_a_clear_message_and_json_stays(
        client, app, citizen_account, citizen_login, tmp_path):
    failing = tmp_path / "wkhtmltopdf-fails"
    failing.write_text("#!/bin/sh\necho 'renderer down' >&2\nexit 2\n")
    failing.chmod(0o755)
    app.config["WKHTMLTOPDF_PATH"] = str(failing)
    citizen_account()
    citizen_login(client)
    response = client.get("/akun/data-saya.pdf")
    assert response.status_code == 503 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "PDF data Anda belum dapat dibuat" in page and "/akun/data-saya.json" in page
    assert db.session.execute(db.select(AuditEntry).filter_by(
        action="personal_data_export")).first() is None
    assert client.get("/akun/data-saya.json").status_code == 200


def test_the_pdf_needs_a_login(client, citizen_account):
    citizen_account()
    assert client.get("/akun/data-saya.pdf").status_code == 302
