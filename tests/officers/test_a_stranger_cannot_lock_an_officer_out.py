"""Acceptance: officer logins are limited per address and network, wrong passwords lock only the
address they come from (with growing delays), and the officer is told once per episode."""
from datetime import timedelta

from portal.extensions import db
from portal.models import AuditEntry, Officer, OutboxMessage, frozen_clock, utcnow
from tests.conftest import TEST_PASSWORD

FAILED = "NIP atau kata sandi salah"
ATTACKER, OFFICE = "203.0.113.7", "198.51.100.20"


def post_login(client, nip, password, address=ATTACKER):
    return client.post("/admin/login/", data={"nip": nip, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_forty_logins_from_one_address_are_refused_after_the_limit(make_app):
    from portal.seed import seed_demo

    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        seed_demo(TEST_PASSWORD, with_applications=False)
        nip = db.session.execute(db.select(Officer.nip).filter_by(position="admin")).scalars().first()
    browser = app.test_client()
    codes = [post_login(browser, nip, f"tebakan-ke-{i}").status_code for i in range(40)]
    assert codes[:10] == [200] * 10 and set(codes[10:]) == {429}
    refused = post_login(browser, nip, TEST_PASSWORD)
    assert refused.status_code == 429 and "Terlalu banyak permintaan" in refused.get_data(True)
    assert post_login(browser, nip, TEST_PASSWORD, address=OFFICE).status_code == 302


def test_the_network_of_the_address_has_its_own_limit(make_app):
    app = make_app(RATELIMIT_ENABLED=True, OFFICER_LOGIN_NETWORK_RATE_LIMIT="15 per minute")
    browser = app.test_client()
    codes = [post_login(browser, "199001012020011999", "x", address=f"203.0.113.{i}").status_code
             for i in range(1, 21)]
    assert codes[:15] == [200] * 15 and set(codes[15:]) == {429}
    assert post_login(browser, "199001012020011999", "x", address=OFFICE).status_code == 200


def test_a_wrong_password_storm_from_one_address_does_not_lock_the_officer_out(client, officer):
    camat = officer("Lubuk Baja", "kepala")
    for _ in range(20):
        assert FAILED in post_login(client, camat.nip, "salah-salah-salah").get_data(True)
    attacker_with_the_password = post_login(client, camat.nip, TEST_PASSWORD)
    assert attacker_with_the_password.status_code == 200
    assert FAILED in attacker_with_the_password.get_data(True)
    assert post_login(client, camat.nip, TEST_PASSWORD, address=OFFICE).status_code == 302


def test_the_wait_grows_with_every_wrong_password_after_the_fifth(client, officer):
    camat = officer("Lubuk Baja", "kepala")
    start = utcnow()
    with frozen_clock(start):
        for _ in range(4):
            post_login(client, camat.nip, "salah-salah-salah")
        assert post_login(client, camat.nip, TEST_PASSWORD).status_code == 302
        client.post("/admin/profile/logout/")
        for _ in range(5):
            post_login(client, camat.nip, "salah-salah-salah")
        assert post_login(client, camat.nip, TEST_PASSWORD).status_code == 200
    with frozen_clock(start + timedelta(seconds=61)):
        post_login(client, camat.nip, "salah-salah-salah")  # the sixth: two minutes now
    with frozen_clock(start + timedelta(seconds=61 + 110)):
        assert post_login(client, camat.nip, TEST_PASSWORD).status_code == 200
    with frozen_clock(start + timedelta(seconds=61 + 121)):
        assert post_login(client, camat.nip, TEST_PASSWORD).status_code == 302


def test_the_officer_is_told_once_and_every_lock_is_audited(client, officer, login_as):
    camat = officer("Lubuk Baja", "kepala")
    start = utcnow()
    for minute in range(0, 120, 2):  # an hour of attempts, every lock waited out
        with frozen_clock(start + timedelta(minutes=minute)):
            post_login(client, camat.nip, "salah-salah-salah")
            post_login(client, camat.nip, "salah-salah-salah", address=f"192.0.2.{minute}")
    alerts = db.session.execute(db.select(OutboxMessage).filter_by(
        template="officer_login_attack")).scalars().all()
    assert [alert.recipient for alert in alerts] == [camat.email]
    assert alerts[0].payload["address"] == ATTACKER
    locks = db.session.execute(db.select(AuditEntry).filter_by(
        action="login_locked", officer_id=camat.id)).scalars().all()
    assert len(locks) > 1 and {lock.ip for lock in locks} == {ATTACKER}
    administrator = db.session.execute(db.select(Officer).filter_by(is_administrator=True)).scalar_one()
    audit_page = login_as(administrator).get("/admin/log-audit/").get_data(True)
    assert "Percobaan masuk dari satu alamat ditunda" in audit_page


def test_after_a_successful_login_a_new_attack_is_reported_again(client, officer):
    camat = officer("Lubuk Baja", "kepala")
    for _ in range(5):
        post_login(client, camat.nip, "salah-salah-salah")
    assert post_login(client, camat.nip, TEST_PASSWORD, address=OFFICE).status_code == 302
    for _ in range(5):
        post_login(client, camat.nip, "salah-salah-salah", address="192.0.2.50")
    assert db.session.query(OutboxMessage).filter_by(template="officer_login_attack").count() == 2
