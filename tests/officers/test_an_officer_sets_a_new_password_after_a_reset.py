"""Acceptance: after an Administrator resets an officer's password, the officer must set their
own at the next login ("Ganti kata sandi") and can open nothing else until they have."""
import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import AuditEntry, Officer, frozen_clock, utcnow
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "sandi-pilihan-saya-sendiri"


def reset_by_the_administrator(admin_client, officer) -> str:
    page = admin_client.post(f"/admin/petugas/reset-password/?id={officer.id}").get_data(True)
    return re.search(r'id="generated-password">([^<]+)<', page).group(1)


def log_in(browser, officer, password):
    return browser.post("/admin/login/", data={"nip": officer.nip, "password": password,
                                               "next": "/admin/data-selesai/"})


def choose(browser, password, confirm=None):
    return browser.post("/admin/login/sandi-baru/",
                        data={"new_password": password, "confirm": confirm or password})


@pytest.fixture
def kasi_after_reset(console, login_as, administrator, officer, app):
    """The Kasi of Lubuk Baja Kota, their generated password, and a browser that typed it."""
    kasi = officer("Lubuk Baja Kota", "kasi")
    generated = reset_by_the_administrator(login_as(administrator), kasi)
    browser = app.test_client()
    landing = log_in(browser, kasi, generated)
    assert landing.status_code == 302 and landing.location == "/admin/login/sandi-baru/"
    return kasi, generated, browser


def test_the_officer_lands_on_ganti_kata_sandi_and_can_open_nothing_else(kasi_after_reset):
    kasi, generated, browser = kasi_after_reset
    page = browser.get("/admin/login/sandi-baru/").get_data(True)
    assert "Ganti kata sandi" in page and "diatur oleh Administrator" in page
    for screen in ("/admin/", "/admin/data-baru/", "/admin/profile/", "/admin/petugas/"):
        refused = browser.get(screen)
        assert refused.status_code == 302 and "/admin/login/" in refused.location
    assert browser.get("/admin/login/sandi-baru/").status_code == 200  # still waiting


@pytest.mark.parametrize("password, confirm, message", [
    ("pendek", None, "Kata sandi minimal 12 karakter."),
    (None, None, "Kata sandi baru harus berbeda dari kata sandi lama."),
    (NEW_PASSWORD, "sandi-yang-lain-lagi", "Kata sandi baru tidak sama."),
])
def test_the_new_password_follows_the_policy(kasi_after_reset, password, confirm, message):
    kasi, generated, browser = kasi_after_reset
    response = choose(browser, password or generated, confirm)
    assert response.status_code == 400 and message in response.get_data(True)
    assert browser.get("/admin/data-baru/").status_code == 302


def test_a_new_own_password_completes_the_login_and_is_audited(kasi_after_reset, app):
    kasi, generated, browser = kasi_after_reset
    done = choose(browser, NEW_PASSWORD)
    assert done.status_code == 302 and done.location == "/admin/data-selesai/"
    assert browser.get("/admin/data-baru/").status_code == 200
    db.session.expire_all()
    stored = db.session.get(Officer, kasi.id)
    assert stored.check_password(NEW_PASSWORD) and not stored.must_change_password
    assert db.session.query(AuditEntry).filter_by(
        action="password_set_after_reset", officer_id=kasi.id).count() == 1
    assert log_in(app.test_client(), kasi, generated).status_code == 200  # no longer valid
    assert log_in(app.test_client(), kasi, NEW_PASSWORD).location == "/admin/data-selesai/"


def test_the_step_expires_with_the_half_logged_in_session(kasi_after_reset):
    kasi, generated, browser = kasi_after_reset
    with frozen_clock(utcnow() + timedelta(minutes=11)):
        late = browser.get("/admin/login/sandi-baru/")
    assert late.status_code == 302 and late.location.endswith("/admin/login/")


def test_officers_the_administrator_did_not_reset_log_in_directly(app, officer):
    lurah = officer("Lubuk Baja Kota", "kepala")
    assert not lurah.must_change_password
    assert log_in(app.test_client(), lurah, TEST_PASSWORD).location == "/admin/data-selesai/"
