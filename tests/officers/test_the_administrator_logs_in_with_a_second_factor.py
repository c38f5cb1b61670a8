"""Acceptance: a TOTP second factor, required for the Administrator and optional for officers;
codes are used once, recovery codes too, and the Administrator can reset an officer's."""
import re
from datetime import timedelta, timezone

import pyotp
import pytest

from portal.extensions import db
from portal.models import AuditEntry, Officer, RecoveryCode, frozen_clock, utcnow
from portal.officers.second_factor import unseal
from tests.conftest import TEST_PASSWORD
from tests.fixtures.officers import second_factor_code

WRONG_CODE = "Kode salah atau sudah dipakai"


def password_step(browser, officer, next_url=""):
    return browser.post("/admin/login/", data={"nip": officer.nip, "password": TEST_PASSWORD,
                                               "next": next_url})


def code_step(browser, code):
    return browser.post("/admin/login/kode/", data={"code": code})


def test_the_administrator_logs_in_with_the_code_of_the_app(app, administrator):
    browser = app.test_client()
    asked = password_step(browser, administrator, "/admin/petugas/")
    assert asked.location == "/admin/login/kode/"
    assert "Verifikasi dua langkah" in browser.get("/admin/login/kode/").get_data(True)
    assert browser.get("/admin/petugas/").status_code == 302  # not logged in yet
    done = code_step(browser, second_factor_code(administrator))
    assert done.status_code == 302 and done.location == "/admin/petugas/"
    assert browser.get("/admin/petugas/").status_code == 200
    assert db.session.query(AuditEntry).filter_by(action="login").count() == 1


def test_a_wrong_code_is_refused_and_audited(app, administrator):
    browser = app.test_client()
    password_step(browser, administrator)
    good = second_factor_code(administrator)
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    refused = code_step(browser, wrong)
    assert refused.status_code == 400 and WRONG_CODE in refused.get_data(True)
    assert browser.get("/admin/").status_code == 302
    assert db.session.query(AuditEntry).filter_by(action="second_factor_failed").count() == 1
    assert db.session.query(AuditEntry).filter_by(action="login").count() == 0


def test_the_same_code_cannot_be_used_twice(app, administrator):
    first, second = app.test_client(), app.test_client()
    secret = unseal(administrator.totp_secret_sealed)
    start = utcnow()
    with frozen_clock(start):
        code = pyotp.TOTP(secret).at(start.replace(tzinfo=timezone.utc))
        password_step(first, administrator)
        assert code_step(first, code).status_code == 302
        password_step(second, administrator)
        replay = code_step(second, code)
    assert replay.status_code == 400 and WRONG_CODE in replay.get_data(True)


def test_wrong_codes_count_towards_the_address_lock(app, administrator):
    browser = app.test_client()
    password_step(browser, administrator)
    for _ in range(5):
        code_step(browser, "000000")
    locked = code_step(browser, second_factor_code(administrator))
    assert locked.status_code == 400 and WRONG_CODE in locked.get_data(True)
    assert db.session.query(AuditEntry).filter_by(action="login_locked").count() == 1


def enrol(browser, url):
    page = browser.get(url).get_data(True)
    secret = re.search(r'id="second-factor-secret">([^<]+)<', page).group(1).replace(" ", "")
    assert 'src="data:image/png;base64,' in page  # the QR code, inline: no outside request
    done = browser.post(url, data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    return re.findall(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", done.get_data(True))


@pytest.fixture
def administrator_without_second_factor(administrator):
    administrator.totp_secret_sealed = ""
    db.session.commit()
    return administrator


def test_an_administrator_without_a_second_factor_must_enrol(app, administrator_without_second_factor):
    administrator = administrator_without_second_factor
    browser = app.test_client()
    assert password_step(browser, administrator).location == "/admin/login/daftar-2fa/"
    assert browser.get("/admin/").status_code == 302  # nothing else before enrolling
    codes = enrol(browser, "/admin/login/daftar-2fa/")
    assert len(codes) == 10 and browser.get("/admin/").status_code == 302
    onwards = browser.post("/admin/login/lanjut/")
    assert onwards.location == "/admin/" and browser.get("/admin/").status_code == 200
    stored = db.session.get(Officer, administrator.id, populate_existing=True)
    assert stored.has_second_factor and codes[0] not in stored.totp_secret_sealed
    hashes = db.session.execute(db.select(RecoveryCode.code_hash)).scalars().all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)  # stored hashed
    assert db.session.query(AuditEntry).filter_by(action="second_factor_enabled").count() == 1


def test_a_recovery_code_works_once(app, administrator_without_second_factor):
    administrator = administrator_without_second_factor
    browser = app.test_client()
    password_step(browser, administrator)
    codes = enrol(browser, "/admin/login/daftar-2fa/")
    for attempt, expected in ((1, 302), (2, 400)):
        other = app.test_client()
        password_step(other, administrator)
        answer = code_step(other, codes[3].upper().replace("-", " "))
        assert answer.status_code == expected, attempt
    assert db.session.query(RecoveryCode).count() == 9
    assert db.session.query(AuditEntry).filter_by(action="second_factor_recovery_used").count() == 1


def test_an_officer_may_turn_it_on_from_the_profile(app, officer, form_login):
    kasi = officer("Lubuk Baja Kota", "kasi")
    assert password_step(app.test_client(), kasi).location == "/admin/"  # optional: not asked
    browser = form_login(kasi)
    profile = browser.get("/admin/profile/").get_data(True)
    assert "Aktifkan verifikasi dua langkah" in profile
    assert len(enrol(browser, "/admin/profile/2fa/")) == 10
    assert "Sisa kode pemulihan: 10" in browser.get("/admin/profile/").get_data(True)
    assert password_step(app.test_client(), kasi).location == "/admin/login/kode/"
    assert form_login(kasi).get("/admin/data-baru/").status_code == 200


def test_the_administrator_resets_an_officers_second_factor_audited(
        app, console, officer, form_login, administrator, login_as):
    kasi = officer("Lubuk Baja Kota", "kasi")
    enrol(form_login(kasi), "/admin/profile/2fa/")
    console_client = form_login(administrator)
    listing = console_client.get("/admin/petugas/").get_data(True)
    assert f"/admin/petugas/reset-2fa/?id={kasi.id}" in listing.replace("&amp;", "&")
    assert "aktif" in console_client.get(f"/admin/petugas/reset-2fa/?id={kasi.id}").get_data(True)
    done = console_client.post(f"/admin/petugas/reset-2fa/?id={kasi.id}")
    assert "dimatikan" in done.get_data(True)
    assert not db.session.get(Officer, kasi.id, populate_existing=True).has_second_factor
    assert db.session.query(RecoveryCode).count() == 0
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        action="admin_reset_second_factor")).scalar_one()
    assert entry.object_id == str(kasi.id) and entry.officer_id == administrator.id
    assert password_step(app.test_client(), kasi).location == "/admin/"


def test_only_the_administrator_may_reset_a_second_factor(app, console, officer, login_as):
    lurah = officer("Lubuk Baja Kota", "kepala")
    browser = login_as(lurah)
    assert browser.post(f"/admin/petugas/reset-2fa/?id={lurah.id}").status_code == 403


def test_the_half_logged_in_session_expires(app, administrator):
    browser = app.test_client()
    password_step(browser, administrator)
    with frozen_clock(utcnow() + timedelta(minutes=11)):
        late = code_step(browser, second_factor_code(administrator))
    assert late.status_code == 302 and late.location.endswith("/admin/login/")
