"""Personal data export: the account's data and applications, and nothing of anyone else."""
import json

from portal.extensions import db
from portal.models import AuditEntry


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
