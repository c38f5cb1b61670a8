"""Access control swept over the app's own URL map: every console route refuses anonymous
visitors, citizens and the officers its screen is not for; every account route refuses
anonymous visitors and officers; every private API route refuses requests without a citizen's
token. PUBLIC lists what is public on purpose; a new route is covered without editing this file.

The per-position answers of each officer screen are spelled out in
tests/admin_views/test_officer_access_matrix.py and test_admin_console_access.py."""
import re

import pytest
from flask import Flask
from flask_login import login_user, logout_user

from portal.extensions import db
from portal.models import Officer
from tests.conftest import TEST_PASSWORD

# Endpoints anyone may open, and why.
PUBLIC = {
    "login.index": "the officers' login form",
    "login.new_password": "the login's own step: it answers only the officer who just logged in",
    "layanan_admin.static": "console scripts and styles",
    "admin.static": "Flask-Admin's scripts and styles",
    "public.register": "creating an account", "public.account_login": "the citizens' login",
    "public.confirm_account_email": "a secret link from the citizen's email",
    "public.account_email_page": "where that link lands",
    "public.forgot_password": "asking for a reset link",
    "public.reset_password": "a secret link from the reset email",
    "public.new_password": "where that link lands (it checks the token it carries)",
    "public.confirm_email_change": "a secret link from the new address",
    "public.email_change_page": "where that link lands",
    "public.account_logout": "logging out is harmless for anyone",
    "api.reference": "the API's documentation", "api.openapi": "the API's schema",
    "api.services": "the public catalogue", "api.service": "one public service",
    "api.tracking": "tracking by registration number, masked",
    "api.letter": "verifying a letter by its code, masked",
    "api.log_in": "the app's login", "api.send_code": "asking for a login code",
}
ZONES = {"console": "/admin", "account": "/akun", "api": "/api/v1"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def routes(app: Flask, prefix: str) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every non-public route under `prefix`, parameters filled."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix) or rule.endpoint in PUBLIC:
            continue
        url = re.sub(r"<int:[^>]+>", "1", rule.rule)
        url = re.sub(r"<[^>]+>", "x", url)
        found += [(rule.endpoint, method, url) for method in sorted(rule.methods - IGNORED_METHODS)]
    return found


def refused(response, login_path: str) -> bool:
    """Refused: sent to the login page, or 401/403/404, never served nor crashed."""
    if response.status_code in (301, 302, 303):
        return response.headers.get("Location", "").split("?")[0].endswith(login_path)
    return response.status_code in (401, 403, 404, 405)


def _answers(client, zone_routes, login_path: str, headers=None) -> list:
    return [(endpoint, method, url, response.status_code)
            for endpoint, method, url in zone_routes
            if not refused(response := client.open(url, method=method, headers=headers or {}),
                           login_path)]


def test_every_console_route_refuses_anonymous_visitors(console, client):
    console_routes = routes(console, ZONES["console"])
    assert len(console_routes) > 150
    assert _answers(client, console_routes, "/admin/login/") == []


def test_every_console_route_refuses_a_logged_in_citizen(console, client, citizen_account,
                                                        citizen_login):
    citizen_account()
    citizen_login(client)
    assert client.get("/akun/profil").status_code == 200
    assert _answers(client, routes(console, ZONES["console"]), "/admin/login/") == []


def test_every_account_route_refuses_anonymous_visitors(app, client):
    account_routes = routes(app, ZONES["account"])
    assert len(account_routes) > 15
    assert _answers(client, account_routes, "/akun/masuk") == []


def test_every_account_route_refuses_a_logged_in_officer(app, client, login_as, officer):
    login_as(officer("Lubuk Baja Kota", "admin"))
    assert client.get("/admin/").status_code == 200
    assert _answers(client, routes(app, ZONES["account"]), "/akun/masuk") == []


def test_every_private_api_route_refuses_requests_without_a_citizens_token(
        app, client, login_as, officer):
    login_as(officer("Lubuk Baja Kota", "admin"))  # an officer's session cookie is no token
    api_routes = routes(app, ZONES["api"])
    assert len(api_routes) > 10
    assert _answers(client, api_routes, "/akun/masuk") == []
    forged = {"Authorization": "Bearer not-a-real-token"}
    assert _answers(client, api_routes, "/akun/masuk", headers=forged) == []


def _views_by_endpoint(app: Flask) -> dict:
    [admin] = app.extensions["admin"]
    return {view.endpoint: view for view in admin._views}


def _inaccessible(app: Flask, officer: Officer) -> set[str]:
    """The console screens (Flask-Admin views) that say they are not for this officer."""
    with app.test_request_context():
        login_user(officer)
        closed = {endpoint for endpoint, view in _views_by_endpoint(app).items()
                  if not view.is_accessible()}
        logout_user()
    return closed


def _roles(demo) -> list[Officer]:
    """One officer of every (unit kind, position), and the Administrator."""
    seen, officers = set(), []
    for row in db.session.execute(db.select(Officer).order_by(Officer.id)).scalars():
        key = (row.is_administrator, row.unit.kind if row.unit else "", row.position)
        if key not in seen:
            seen.add(key)
            officers.append(row)
    return officers


def test_every_console_route_refuses_the_officers_its_screen_is_not_for(console, client, demo,
                                                                       login_as):
    refusals = 0
    for someone in _roles(demo):
        closed = _inaccessible(console, someone)
        assert closed, f"{someone.name} may open every screen"
        login_as(someone)
        wrong = [(endpoint, method, url) for endpoint, method, url
                 in routes(console, ZONES["console"]) if endpoint.split(".")[0] in closed]
        refusals += len(wrong)
        assert _answers(client, wrong, "/admin/login/") == [], someone.name
    assert refusals > 500
