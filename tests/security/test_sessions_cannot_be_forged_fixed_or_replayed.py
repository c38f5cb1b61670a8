"""Authentication and sessions: a session cookie signed with another key is nobody; an
attacker's copy of a visitor's cookie stays anonymous after the visitor logs in; a cookie
copied before logging out is worthless afterwards; login and logout need a CSRF token.

Held elsewhere and not repeated here: the officers' fresh session at login, logout and
password change ending sessions on the server, lockouts and login limits
(tests/officers/test_officer_login.py, test_a_stranger_cannot_lock_an_officer_out.py), a
citizen session never passing as an officer's (tests/citizens/test_citizen_account_login_and_reset.py)."""
import re

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from tests.fixtures.accounts import CITIZEN_PASSWORD


def _forged_cookie(values: dict) -> str:
    """A session cookie holding `values`, signed with a key that is not the app's."""
    forger = Flask("forger")
    forger.secret_key = "someone-elses-key"
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(values)


@pytest.mark.parametrize("who", ["officer", "citizen"])
def test_a_session_cookie_signed_with_another_key_is_nobody(app, client, officer, citizen_account,
                                                           who):
    if who == "officer":
        admin = officer("Lubuk Baja Kota", "admin")
        values, page = {"_user_id": admin.get_id(), "_fresh": True}, "/admin/data-baru/"
    else:
        account = citizen_account()
        values, page = {"citizen": f"{account.id}:{account.session_token}"}, "/akun/profil"
    client.set_cookie("session", _forged_cookie(values))
    response = client.get(page)
    assert response.status_code == 302
    assert response.headers["Location"].split("?")[0] in ("/admin/login/", "/akun/masuk")


def test_an_attackers_copy_of_the_cookie_stays_anonymous_after_the_citizen_logs_in(
        app, client, citizen_account, citizen_login):
    citizen_account()
    client.get("/akun/masuk")
    with client.session_transaction() as session:
        session["lang"] = "id"  # any anonymous state the site gave this browser
    planted = client.get_cookie("session").value
    citizen_login(client)
    assert client.get("/akun/profil").status_code == 200
    attacker = app.test_client()
    attacker.set_cookie("session", planted)
    assert attacker.get("/akun/profil").status_code == 302


def test_a_citizen_cookie_copied_before_logout_is_refused_after_logout(
        app, client, citizen_account, citizen_login):
    citizen_account()
    citizen_login(client)
    stolen = client.get_cookie("session").value
    client.post("/akun/keluar")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/akun/profil").status_code == 302
    assert thief.get("/akun/data-saya.json").status_code == 302


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_citizen_login_and_logout_need_a_csrf_token(make_app, citizen_account):
    citizen_account()
    browser = make_app(WTF_CSRF_ENABLED=True).test_client()
    login = {"nik": "2171064501900001", "password": CITIZEN_PASSWORD}
    assert browser.post("/akun/masuk", data=login).status_code == 400
    token = _csrf_token(browser.get("/akun/masuk").get_data(as_text=True))
    assert browser.post("/akun/masuk", data={**login, "csrf_token": token}).status_code == 303
    assert browser.post("/akun/keluar").status_code == 400
    assert browser.get("/akun/profil").status_code == 200
