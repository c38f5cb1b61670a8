"""Acceptance: API tokens are secrets of one account: stored only as their SHA-256, refused
once expired, revoked by logout or by a password change, never opening another citizen's
application; one-time codes by WhatsApp/email log in once; the limits answer 429."""
import hashlib
import re
from datetime import timedelta

from portal.citizens import profile
from portal.extensions import db, mail
from portal.models import ApiToken, AuditEntry, OutboxMessage, utcnow
from tests.fixtures.accounts import CITIZEN_PASSWORD

API = "/api/v1"
NIK = "2171064501900001"
OTHER_NIK = "2171064501900002"


def token_of(client, nik: str = NIK) -> str:
    answer = client.post(f"{API}/masuk", json={"nik": nik, "password": CITIZEN_PASSWORD})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_refused(response) -> None:
    """A 401 with the API's error object and the bearer challenge."""
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert "kedaluwarsa" in response.get_json()["error"]["message"]


def test_the_token_is_stored_only_as_its_hash(client, citizen_account):
    citizen_account()
    token = token_of(client)
    row = db.session.execute(db.select(ApiToken)).scalar_one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(getattr(row, column.key)) for column in ApiToken.__table__.columns)
    assert token not in stored
    assert client.get(f"{API}/permohonan", headers=bearer(token)).status_code == 200


def test_wrong_password_or_unknown_nik_gets_no_token(client, citizen_account):
    citizen_account()
    wrong = client.post(f"{API}/masuk", json={"nik": NIK, "password": "salah-sekali"})
    assert wrong.status_code == 401 and "NIK atau kata sandi salah" in wrong.get_json()[
        "error"]["message"]
    neither = client.post(f"{API}/masuk", json={"nik": NIK})
    assert neither.status_code == 422 and neither.get_json()["error"]["code"] == "invalid"
    missing = client.post(f"{API}/masuk", json={})
    assert missing.get_json()["error"]["fields"] == {"nik": "Wajib diisi."}
    assert db.session.query(ApiToken).count() == 0


def test_an_expired_or_revoked_token_is_refused(client, citizen_account):
    citizen_account()
    expiring, kept = token_of(client), token_of(client)
    row = db.session.execute(db.select(ApiToken).filter_by(
        token_hash=hashlib.sha256(expiring.encode()).hexdigest())).scalar_one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert_refused(client.get(f"{API}/permohonan", headers=bearer(expiring)))
    assert client.post(f"{API}/keluar", headers=bearer(kept)).status_code == 204
    assert_refused(client.get(f"{API}/permohonan", headers=bearer(kept)))
    assert_refused(client.get(f"{API}/permohonan"))
    assert_refused(client.get(f"{API}/permohonan", headers=bearer("tebakan-acak")))
    assert db.session.query(AuditEntry).filter_by(action="citizen_api_logout").count() == 1


def test_changing_the_password_revokes_every_token(client, citizen_account):
    account = citizen_account()
    first, second = token_of(client), token_of(client)
    profile.change_password(account, "Sandi-Baru-Yang-Panjang-2027")
    for token in (first, second):
        assert_refused(client.get(f"{API}/keluarga", headers=bearer(token)))


def test_a_token_never_opens_another_citizens_application(client, citizen_account,
                                                          make_application):
    citizen_account()
    citizen_account(nik=OTHER_NIK, email="budi@contoh.id")
    theirs = make_application("sku", applicant_nik=OTHER_NIK)
    token = token_of(client)
    for path in ("", "/surat", "/pengambilan"):
        answer = client.get(f"{API}/permohonan/{theirs.reg_no}{path}", headers=bearer(token))
        assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"
    correction = client.post(f"{API}/permohonan/{theirs.reg_no}/perbaikan", headers=bearer(token),
                             data={"address": "Jl. Lain"})
    assert correction.status_code == 404
    listed = client.get(f"{API}/permohonan", headers=bearer(token)).get_json()
    assert listed == {"count": 0, "applications": []}
    owner = client.get(f"{API}/permohonan/{theirs.reg_no}", headers=bearer(token_of(
        client, OTHER_NIK)))
    assert owner.status_code == 200 and owner.get_json()["applicant"]["nik"] == OTHER_NIK


def _code_in(sent: list) -> str:
    """The login code of the last email sent (the outbox keeps it only until delivery)."""
    return re.search(r"Kode masuk aplikasi Layanan Anda: (\d+)", sent[-1].body).group(1)


def test_a_one_time_code_logs_in_once(client, citizen_account):
    citizen_account()
    unknown = client.post(f"{API}/masuk/kode", json={"nik": "2171064501909999"})
    with mail.record_messages() as emails:
        sent = client.post(f"{API}/masuk/kode", json={"nik": NIK})
    assert sent.status_code == unknown.status_code == 202
    assert sent.get_json() == unknown.get_json()  # nobody learns whether the NIK has an account
    message = db.session.execute(db.select(OutboxMessage).filter_by(
        template="citizen_login_code")).scalar_one()
    assert message.channel == "email" and message.recipient == "siti@contoh.id"
    code = _code_in(emails)
    assert len(code) == 6 and code.isdigit()
    assert code not in str(db.session.execute(db.text(
        "SELECT code_hash FROM api_login_codes")).scalar_one())
    wrong = "000000" if code != "000000" else "111111"
    assert client.post(f"{API}/masuk", json={"nik": NIK, "code": wrong}).status_code == 401
    logged_in = client.post(f"{API}/masuk", json={"nik": NIK, "code": code})
    assert logged_in.status_code == 201
    assert client.get(f"{API}/permohonan", headers=bearer(
        logged_in.get_json()["token"])).status_code == 200
    assert client.post(f"{API}/masuk", json={"nik": NIK, "code": code}).status_code == 401


def test_the_code_goes_by_whatsapp_when_the_citizen_chose_it(make_app, demo):
    app = make_app(WHATSAPP_DRIVER="log")
    with app.app_context():
        from portal.models import CitizenAccount
        account = CitizenAccount(nik=NIK, kk="2171060101200001", name="Siti",
                                 email="siti@contoh.id", phone="+6281234567890",
                                 address="Jl. Duyung", status="active",
                                 home_unit_id=demo["Lubuk Baja Kota"].id, notify_channel="wa")
        account.set_password(CITIZEN_PASSWORD)
        db.session.add(account)
        db.session.commit()
        assert app.test_client().post(f"{API}/masuk/kode", json={"nik": NIK}).status_code == 202
        message = db.session.execute(db.select(OutboxMessage).filter_by(
            template="citizen_login_code")).scalar_one()
        assert message.channel == "whatsapp" and message.recipient == "+6281234567890"


def test_the_limits_answer_429_with_retry_after(make_app, demo, citizen_account):
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute",
                   API_LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    citizen_account()
    first, second = token_of(client), token_of(client)
    blocked_login = client.post(f"{API}/masuk", json={"nik": NIK, "password": CITIZEN_PASSWORD})
    assert blocked_login.status_code == 429
    assert 0 < int(blocked_login.headers["Retry-After"]) <= 60
    elsewhere = client.post(f"{API}/masuk", json={"nik": NIK, "password": CITIZEN_PASSWORD},
                            environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert elsewhere.status_code == 201  # another address has its own login budget
    for _ in range(3):
        assert client.get(f"{API}/permohonan", headers=bearer(first)).status_code == 200
    blocked = client.get(f"{API}/keluarga", headers=bearer(first))
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["code"] == "too_many_requests"
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    assert client.get(f"{API}/permohonan", headers=bearer(second)).status_code == 200
