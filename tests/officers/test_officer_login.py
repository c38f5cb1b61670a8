"""Acceptance: officers log in with NIP and password; sessions are rotated, revocable and CSRF-safe."""
import re
import pytest

from portal.extensions import db
from portal.models import AuditEntry, Officer
from tests.conftest import TEST_PASSWORD

FAILED = "NIP atau kata sandi salah"


def post_login(client, nip, password, next_url=""):
    return client.post("/admin/login/", data={"nip": nip, "password": password, "next": next_url})


def test_login_with_nip_lands_on_the_home_dashboard_and_is_audited(client, officer):
    kasi = officer("Lubuk Baja Kota", "kasi")
    response = post_login(client, kasi.nip, TEST_PASSWORD)
    assert response.status_code == 302 and response.location.endswith("/admin/")
    home = client.get("/admin/").get_data(as_text=True)
    assert "Data Baru menunggu Anda" in home and 'href="/admin/data-baru/"' in home
    assert db.session.query(AuditEntry).filter_by(action="login", officer_id=kasi.id).count() == 1


def test_anonymous_users_are_sent_to_the_login_page(client, demo):
    response = client.get("/admin/data-baru/")
    assert response.status_code == 302
    assert response.location.startswith("/admin/login/?next=")
    assert "Masuk Petugas" in client.get(response.location).get_data(as_text=True)


def test_the_message_does_not_reveal_whether_a_nip_exists(client, officer):
    admin = officer("Lubuk Baja Kota", "admin")
    unknown = post_login(client, "199001012020011999", "salah-salah-salah").get_data(as_text=True)
    wrong = post_login(client, admin.nip, "salah-salah-salah").get_data(as_text=True)

    def message(page):
        return re.search(r'invalid-feedback d-block">([^<]+)<', page).group(1)

    assert message(unknown) == message(wrong)
    assert FAILED in message(unknown)


def test_login_starts_a_fresh_session(client, officer):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = client.get_cookie("session").value
    post_login(client, officer("Lubuk Baja Kota", "admin").nip, TEST_PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("_user_id")
    assert client.get_cookie("session").value != before


@pytest.mark.parametrize("target, expected", [
    ("/admin/data-selesai/", "/admin/data-selesai/"),
    ("https://evil.example/phish", "/admin/"),
    ("//evil.example/phish", "/admin/"),
    ("/\\evil.example", "/admin/"),
    ("javascript:alert(1)", "/admin/"),
])
def test_next_only_redirects_within_the_site(client, officer, target, expected):
    response = post_login(client, officer("Lubuk Baja Kota", "admin").nip, TEST_PASSWORD, target)
    assert response.status_code == 302 and response.location == expected


def test_logout_ends_the_session_on_the_server(client, officer, form_login):
    browser = form_login(officer("Lubuk Baja Kota", "admin"))
    stolen_cookie = browser.get_cookie("session").value
    assert browser.post("/admin/profile/logout/").status_code == 302
    replay = client
    replay.set_cookie("session", stolen_cookie)
    assert replay.get("/admin/data-baru/").status_code == 302


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(officer, form_login):
    admin = officer("Lubuk Baja Kota", "admin")
    laptop, phone = form_login(admin), form_login(admin)
    new_password = "kata-sandi-baru-yang-panjang"
    response = laptop.post("/admin/profile/password/", data={
        "old_password": TEST_PASSWORD, "new_password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert laptop.get("/admin/data-baru/").status_code == 200
    assert phone.get("/admin/data-baru/").status_code == 302
    assert form_login(admin, new_password)


@pytest.mark.parametrize("old, new, message", [
    ("bukan-sandi-lama-ini", "kata-sandi-baru-yang-panjang", "Kata sandi lama salah."),
    (TEST_PASSWORD, "pendek", "Kata sandi minimal 12 karakter."),
    (TEST_PASSWORD, None, "Kata sandi tidak boleh memuat NIP."),
])
def test_password_rules_are_shown_next_to_the_field(officer, form_login, old, new, message):
    admin = officer("Lubuk Baja Kota", "admin")
    new = new or admin.nip
    browser = form_login(admin)
    response = browser.post("/admin/profile/password/",
                            data={"old_password": old, "new_password": new, "confirm": new})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Officer, admin.id).check_password(TEST_PASSWORD)


def test_a_deactivated_officer_is_logged_out_at_once(officer, form_login):
    admin = officer("Lubuk Baja Kota", "admin")
    browser = form_login(admin)
    admin.active = False
    db.session.commit()
    assert browser.get("/admin/data-baru/").status_code == 302


def test_the_profile_sets_digest_notifications(officer, form_login):
    admin = officer("Lubuk Baja Kota", "admin")
    browser = form_login(admin)
    page = browser.get("/admin/profile/").get_data(as_text=True)
    assert "Profil Petugas" in page and admin.nip in page and "Kecamatan" not in page.split("Unit")[1][:80]
    assert browser.post("/admin/profile/notifications/", data={"notify_mode": "digest"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Officer, admin.id).notify_mode == "digest"


def test_csrf_is_required_for_login_and_decisions(make_app, demo_password_officer):
    app, nip = demo_password_officer(WTF_CSRF_ENABLED=True)
    browser = app.test_client()
    assert post_login(browser, nip, TEST_PASSWORD).status_code == 400
    page = browser.get("/admin/login/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = browser.post("/admin/login/", data={"nip": nip, "password": TEST_PASSWORD,
                                                   "csrf_token": token})
    assert response.status_code == 302
    assert browser.post("/admin/data-baru/decide/?id=1", data={"action": "approve"}).status_code == 400
    assert browser.post("/admin/profile/logout/").status_code == 400


@pytest.fixture
def demo_password_officer(make_app):
    """An app with extra settings, its demo data, and the NIP of an officer there."""
    from portal.seed import seed_demo

    def build(**config):
        app = make_app(**config)
        with app.app_context():
            seed_demo(TEST_PASSWORD, with_applications=False)
            nip = db.session.execute(db.select(Officer.nip).filter_by(position="admin")).scalars().first()
        return app, nip

    return build
